#!/usr/bin/env node
// Starts the simulator from the command line and prints one JSON line {"url","apiKey"} on stdout.
// Usage: node dist/integration_tests/simulator/cli.js [--port N] [--large N] [--latency-ms N] [--rps N]
//        [--fault-429 p] [--fault-5xx p] [--fault-reset p] [--fault-truncated p] [--seed N]
//        [--accept-id-sort] [--shuffle-ties]
//        [--token KEY=scope1,scope2 ...]
// --token (repeatable) adds a key that the simulator accepts with exactly the scopes listed (none after a bare `=`),
// as startSimulator({tokens}) does; the standard tests' "token lacking scopes" config uses one. It is not printed.
import type { TokenInfo } from './auth.js';
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

export function parseCliArgs(
  argv: string[],
): Partial<Record<Flag, number>> & Partial<Record<Switch, true>> & { tokens: Record<string, TokenInfo> } {
  const out: Partial<Record<Flag, number>> & Partial<Record<Switch, true>> & { tokens: Record<string, TokenInfo> } = { tokens: {} };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--token' || argv[i]?.startsWith('--token=')) {
      const spec = argv[i] === '--token' ? argv[++i] : argv[i]?.slice('--token='.length);
      const eq = spec?.indexOf('=') ?? -1;
      const key = spec?.slice(0, eq) ?? '';
      if (eq < 1 || /\s/.test(key)) throw new Error('--token needs KEY=scope1,scope2 (a key without spaces)');
      const scopes = (spec?.slice(eq + 1) ?? '').split(',').filter((scope) => scope !== '');
      out.tokens[key] = { scopes, active: true };
      continue;
    }
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
    tokens: args.tokens,
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
