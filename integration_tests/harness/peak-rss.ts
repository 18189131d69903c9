// Preloaded into the connector (node --import) by run-connector.ts when a test measures memory: on exit, writes
// the process's peak resident set size in bytes to the file named by SOURCE_ATTIO_PEAK_RSS_FILE.

import { writeFileSync } from 'node:fs';

const file = process.env.SOURCE_ATTIO_PEAK_RSS_FILE;
if (file) process.on('exit', () => writeFileSync(file, String(process.resourceUsage().maxRSS * 1024)));
