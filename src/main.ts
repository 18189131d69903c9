#!/usr/bin/env node
// The executable: wiring only. Exit codes come from runCli; process.exit is never called, so stdout drains.

import { runCli } from './cli.js';
import { Output } from './protocol/output.js';

const output = new Output(process.stdout);
process.exitCode = await runCli(process.argv.slice(2), { output });
await output.flush();
