// Runs the connector in this process: runCli with the same arguments and files the executable would get, its
// stdout a buffer, and its HTTP knobs and clock injected (runCli's runtime overrides). The result is the same RunResult as a
// spawned run's (every line validated, the API key searched for), at a fraction of the cost: no process, no module
// loading, and no rate limit beyond the simulator's own. Tests whose subject is the process itself (exit on a
// signal, stderr, peak memory, the built file) spawn it with runConnector instead. As within one process, an API key
// registered for masking by one run stays registered for the later runs of the same test file.

import { Writable } from 'node:stream';
import { runCli } from '../../src/cli.js';
import { Output } from '../../src/protocol/output.js';
import type { RuntimeOverrides } from '../../src/runtime.js';
import { limitsOverrides } from './http-limits.js';
import { buildArgs, type Message, parseLines, type RunOptions, type RunResult, runResult } from './run-connector.js';

export interface InProcessOptions extends Pick<RunOptions, 'config' | 'catalog' | 'state' | 'rawArgs' | 'limits' | 'killWhen'> {
  /** More runtime overrides (after `limits`); the request rate defaults to UNLIMITED_RATE. */
  runtime?: RuntimeOverrides;
}

/**
 * The request rate of an in-process run: the config caps requests_per_second at Attio's 100, which a local simulator
 * does not need, and a full read of every stream is then about 3,500 requests (the files streams ask once per record).
 */
export const UNLIMITED_RATE = 1_000_000;

export async function runInProcess(command: string, options: InProcessOptions = {}): Promise<RunResult> {
  const argv = options.rawArgs ?? buildArgs(command, options);
  let stdout = '';
  let stderr = '';
  // With killWhen, stdout ends after the first message it accepts and the channel breaks, as when the platform
  // kills the process: the connector's next write fails and nothing after that message is delivered.
  let killed = false;
  let seen = 0;
  let scanned = 0;
  const sink = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      if (killed) return done(new Error('killed'));
      stdout += chunk.toString();
      if (options.killWhen) {
        let newline = stdout.indexOf('\n', scanned);
        while (newline >= 0) {
          const line = stdout.slice(scanned, newline);
          scanned = newline + 1;
          if (line !== '' && options.killWhen(parseOrNull(line), seen++)) {
            killed = true;
            stdout = stdout.slice(0, scanned);
            return done(new Error('killed'));
          }
          newline = stdout.indexOf('\n', scanned);
        }
      }
      done();
    },
  });
  const runtime: RuntimeOverrides = {
    requestsPerSecond: UNLIMITED_RATE,
    ...(options.limits ? limitsOverrides(options.limits) : {}),
    ...options.runtime,
  };
  // Anything written to the process's own stdout or stderr while the connector runs is a fault the executable would
  // show: on stdout, a line that is not an Airbyte message; on stderr, noise the platform logs.
  const writeOut = process.stdout.write;
  const writeErr = process.stderr.write;
  const capture = (append: (text: string) => void) =>
    ((chunk: unknown, ...rest: unknown[]) => {
      append(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString());
      const done = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
      done?.();
      return true;
    }) as typeof process.stdout.write;
  process.stdout.write = capture((text) => {
    stdout += text;
  });
  process.stderr.write = capture((text) => {
    stderr += text;
  });
  let exitCode: number;
  try {
    const output = new Output(sink);
    exitCode = await runCli(argv, { output, runtime });
    await output.flush();
  } finally {
    process.stdout.write = writeOut;
    process.stderr.write = writeErr;
  }
  return runResult(command, options, { exitCode, signal: killed ? 'SIGKILL' : null, stdout, stderr, ...parseLines(stdout) });
}

/** A line as a message for killWhen; a malformed one (reported by the run's checks) as an empty object. */
function parseOrNull(line: string): Message {
  try {
    return JSON.parse(line) as Message;
  } catch {
    return {};
  }
}
