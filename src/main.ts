#!/usr/bin/env node
// The executable: wiring only (run-process.ts), with no knob beyond the config.

import { runProcess } from './run-process.js';

await runProcess(process.argv.slice(2));
