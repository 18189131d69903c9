#!/usr/bin/env node
// Helper of .ci/standard-tests/run.sh.
//   node dist/integration_tests/standard-tests/write-configs.js scopes
//       prints the scopes of the "token lacking scopes" (comma-separated), for the simulator's --token flag;
//   STANDARD_TESTS_LIMITED_TOKEN=... node dist/integration_tests/standard-tests/write-configs.js write SIM_JSON DIR
//       reads the simulator's {"url","apiKey"} line from the file SIM_JSON and writes the configs into DIR (mode 600).
// It prints file names only, never a config: they hold keys.

import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { limitedTokenScopes, type SimulatorAddress, standardTestConfigs } from './configs.js';

function main(argv: string[]): void {
  const [command, simJson, dir] = argv;
  if (command === 'scopes' && argv.length === 1) {
    process.stdout.write(`${limitedTokenScopes().join(',')}\n`);
    return;
  }
  if (command !== 'write' || !simJson || !dir || argv.length !== 3) {
    throw new Error('usage: write-configs.js scopes | write SIM_JSON DIR');
  }
  const limitedToken = process.env.STANDARD_TESTS_LIMITED_TOKEN ?? '';
  if (!/^\S{16,}$/.test(limitedToken)) throw new Error('STANDARD_TESTS_LIMITED_TOKEN must be a token of 16 or more characters');
  const sim = JSON.parse(readFileSync(simJson, 'utf8').split('\n')[0] ?? '') as SimulatorAddress;
  if (typeof sim.url !== 'string' || typeof sim.apiKey !== 'string') throw new Error(`${simJson} holds no {"url","apiKey"} line`);
  mkdirSync(dir, { recursive: true });
  for (const [name, config] of Object.entries(standardTestConfigs(sim, limitedToken))) {
    const path = join(dir, name);
    writeFileSync(path, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
    chmodSync(path, 0o600);
    process.stdout.write(`wrote ${path}\n`);
  }
}

try {
  main(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`write-configs: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(2);
}
