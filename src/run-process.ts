// One run of the connector as a process: the V8 settings, stdout as the protocol channel, the exit code.
// main.ts calls it with no overrides; a test entry point may pass shorter HTTP bounds (runCli's injected runtime).

import { setFlagsFromString } from 'node:v8';
import { runCli } from './cli.js';
import { Output } from './protocol/output.js';
import type { RuntimeOverrides } from './runtime.js';

/**
 * V8 flags the connector sets for itself, before any work (each is read when it is used, so setting it here takes
 * effect). An operator's own `node --<name>=…` or `--no-<name>` wins. Figures: docs/performance.md.
 */
export const V8_SETTINGS: readonly string[] = [
  // A sync allocates fast (pages are parsed and re-serialised), and V8 then lets the heap grow to up to 4× what is
  // live before collecting. 150% keeps the peak under 200 MB (174-191 MB at 1M records; V8's own growth gave
  // 190-210 MB, 100% cost 10% more CPU). Pages waiting for their turn are held outside the heap
  // (http/body-pool.ts), so what is live stays small. Unlike a heap cap, this can never run out of memory: it only
  // decides how soon V8 collects. `--heap-growing-percent=0` is V8's default.
  '--heap-growing-percent=150',
  // undici parses HTTP with llhttp compiled to WebAssembly. V8 optimises its one large function after the first
  // few responses: 77 ms of compiling (0.07-0.08 CPU s per run, a quarter of a small sync's CPU), which the faster
  // code pays back only past about 170k records of responses (250 MB); a 1M read costs at most 2% more CPU with
  // it (within 1% when measured). Most syncs are incremental and small, so the baseline compiler's code is kept.
  '--liftoff-only',
];

/** The name of a V8 flag as given on a command line: `--no-x`, `--x` and `--x=1` all name `x`. */
function flagName(arg: string): string {
  return arg
    .replace(/=.*$/, '')
    .replaceAll('_', '-')
    .replace(/^--(no-)?/, '');
}

/** The settings to apply: every one whose flag the operator did not give to node. */
export function v8FlagsToSet(execArgv: readonly string[]): string[] {
  const given = new Set(execArgv.filter((arg) => arg.startsWith('--')).map(flagName));
  return V8_SETTINGS.filter((flag) => !given.has(flagName(flag)));
}

export async function runProcess(argv: string[], runtime?: RuntimeOverrides): Promise<void> {
  for (const flag of v8FlagsToSet(process.execArgv)) setFlagsFromString(flag);
  const output = new Output(process.stdout);
  // process.exit is never called, so stdout drains.
  process.exitCode = await runCli(argv, { output, ...(runtime ? { runtime } : {}) });
  await output.flush();
}
