// One run of the connector as a process: the heap setting, stdout as the protocol channel, the exit code.
// main.ts calls it with no overrides; a test entry point may pass shorter HTTP bounds (runCli's injected runtime).

import { setFlagsFromString } from 'node:v8';
import { runCli } from './cli.js';
import { Output } from './protocol/output.js';
import type { RuntimeOverrides } from './runtime.js';

export async function runProcess(argv: string[], runtime?: RuntimeOverrides): Promise<void> {
  // A sync allocates fast (pages are parsed and re-serialised), and V8 then lets the heap grow to up to 4× what is
  // live before collecting. Collecting once the heap is 150% above live keeps the peak under 200 MB (174-191 MB at
  // 1M records; V8's own growth gave 190-210 MB there, 100% cost 10% more CPU: docs/performance.md). Pages waiting for
  // their turn are held outside the heap (http/body-pool.ts), so what is live stays small. Unlike a heap cap,
  // this can never run out of memory: it only decides how soon V8 collects. It is read at every GC, so setting it
  // here, before any work, takes effect. An operator's own `node --heap-growing-percent=N` wins (0 is V8's default).
  if (!process.execArgv.some((arg) => arg.startsWith('--heap-growing-percent'))) {
    setFlagsFromString('--heap-growing-percent=150');
  }
  const output = new Output(process.stdout);
  // process.exit is never called, so stdout drains.
  process.exitCode = await runCli(argv, { output, ...(runtime ? { runtime } : {}) });
  await output.flush();
}
