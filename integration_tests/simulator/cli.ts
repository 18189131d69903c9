#!/usr/bin/env node
// Starts the simulator from the command line and prints one JSON line {"url","apiKey"} on stdout.
// Usage: node dist/integration_tests/simulator/cli.js [--port N] [--large N] [--latency-ms N] [--rps N]
//        [--fault-429 p] [--fault-5xx p] [--fault-reset p] [--fault-truncated p] [--seed N]
//        [--accept-id-sort] [--shuffle-ties]
import { createSeededWorkspace } from './seed.js';
import { startSimulator, type SimulatorOptions } from './server.js';

/** Slug of the object that --large N adds. */
export const CLI_LARGE_OBJECT_SLUG = 'large_items';

const NUMERIC_FLAGS = [
  '--port',
  '--large',
  '--latency-ms',
  '--rps',
  '--fault-429',
  '--fault-5xx',
  '--fault-reset',
  '--fault-truncated',
  '--seed',
] as const;
type Flag = (typeof NUMERIC_FLAGS)[number];
const SWITCHES = ['--accept-id-sort', '--shuffle-ties'] as const;
type Switch = (typeof SWITCHES)[number];

export function parseCliArgs(argv: string[]): Partial<Record<Flag, number>> & Partial<Record<Switch, true>> {
  const out: Partial<Record<Flag, number>> & Partial<Record<Switch, true>> = {};
  for (let i = 0; i < argv.length; i++) {
    const [name, inline] = (argv[i] ?? '').split('=', 2);
    const toggle = SWITCHES.find((f) => f === name);
    if (toggle && inline === undefined) {
      out[toggle] = true;
      continue;
    }
    const flag = NUMERIC_FLAGS.find((f) => f === name);
    if (!flag) throw new Error(`unknown argument ${argv[i]}`);
    const raw = inline ?? argv[++i];
    const value = Number(raw);
    if (raw === undefined || raw === '' || !Number.isFinite(value)) throw new Error(`${flag} needs a number`);
    out[flag] = value;
  }
  return out;
}

async function main(): Promise<void> {
  const args = parseCliArgs(process.argv.slice(2));
  const seed = args['--seed'];
  const large = args['--large'];
  const options: SimulatorOptions = {
    port: args['--port'] ?? 0,
    workspace: createSeededWorkspace({
      ...(seed !== undefined ? { seed } : {}),
      ...(large !== undefined ? { largeObject: { slug: CLI_LARGE_OBJECT_SLUG, count: large } } : {}),
    }),
    latencyMs: args['--latency-ms'] ?? 0,
    acceptIdSort: args['--accept-id-sort'] ?? false,
    ...(args['--shuffle-ties'] ? { shuffleTies: { seed: seed ?? 1 } } : {}),
    ...(args['--rps'] !== undefined ? { rateLimit: { requestsPerSecond: args['--rps'] } } : {}),
    faults: {
      rate429: args['--fault-429'] ?? 0,
      rate5xx: args['--fault-5xx'] ?? 0,
      rateReset: args['--fault-reset'] ?? 0,
      rateTruncated: args['--fault-truncated'] ?? 0,
      ...(seed !== undefined ? { seed } : {}),
    },
  };
  const simulator = await startSimulator(options);
  process.stdout.write(`${JSON.stringify({ url: simulator.url, apiKey: simulator.apiKey })}\n`);
  const stop = () => {
    simulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`attio simulator: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(2);
});
