// The connector's executable for tests that spawn it with shorter HTTP bounds: src/main.ts's run, with the limits
// of LIMITS_ENV (http-limits.ts) as runCli's runtime overrides. Never shipped (dist/integration_tests).

import { runProcess } from '../../src/run-process.js';
import { HttpLimits, LIMITS_ENV, limitsOverrides } from './http-limits.js';

const text = process.env[LIMITS_ENV];
await runProcess(process.argv.slice(2), text ? limitsOverrides(HttpLimits.parse(JSON.parse(text))) : undefined);
