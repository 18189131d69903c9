// Runs the built connector (dist/src/main.js) as a child process, exactly as a platform would, and collects
// its output. Every stdout line is validated as an Airbyte message; stdout and stderr are kept whole so
// tests can search them (for the API key, for stack traces).

import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkMessageLine } from './protocol.js';

const here = dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = resolve(here, here.includes(`${join('dist', 'integration_tests')}`) ? '../../..' : '../..');
export const CONNECTOR = join(REPO_ROOT, 'dist', 'src', 'main.js');

export type Message = Record<string, any>;

export interface RunOptions {
  config?: unknown;
  catalog?: unknown;
  /** An object is written as JSON; a string is written as is (to test malformed files). */
  state?: unknown;
  /** Extra raw arguments, replacing the generated ones when `rawArgs` is set. */
  rawArgs?: string[];
  /** Kill the process (SIGKILL) once this predicate holds for a message. */
  killWhen?: (message: Message, index: number) => boolean;
  timeoutMs?: number;
}

export interface RunResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  messages: Message[];
  invalidLines: { line: string; problems: string[] }[];
  records: (stream?: string) => Message[];
  states: (stream?: string) => Message[];
  statuses: (stream: string) => string[];
  errors: () => Message[];
  logs: () => Message[];
}

export function writeTemp(name: string, content: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'source-attio-'));
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

export async function runConnector(command: string, options: RunOptions = {}): Promise<RunResult> {
  const args = options.rawArgs ?? buildArgs(command, options);
  const child = spawn(process.execPath, [CONNECTOR, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let pending = '';
  const messages: Message[] = [];
  const invalidLines: RunResult['invalidLines'] = [];
  let killed = false;
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    stdout += chunk;
    pending += chunk;
    let newline = pending.indexOf('\n');
    while (newline >= 0) {
      const line = pending.slice(0, newline);
      pending = pending.slice(newline + 1);
      newline = pending.indexOf('\n');
      if (killed || line === '') continue;
      const problems = checkMessageLine(line);
      if (problems.length > 0) {
        invalidLines.push({ line, problems });
        continue;
      }
      const message = JSON.parse(line) as Message;
      messages.push(message);
      if (options.killWhen?.(message, messages.length - 1)) {
        killed = true;
        child.kill('SIGKILL');
      }
    }
  });
  child.stderr.on('data', (chunk: string) => {
    stderr += chunk;
  });
  const timeout = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
  const [exitCode, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((done) =>
    child.on('close', (code, sig) => done([code, sig])),
  );
  clearTimeout(timeout);
  if (!killed && pending.trim() !== '') invalidLines.push({ line: pending, problems: ['unterminated last line'] });
  // Every run of every test searches its whole output for the API key it was given.
  const key = (options.config as { api_key?: unknown } | undefined)?.api_key;
  if (typeof key === 'string' && key.trim().length >= 8 && (stdout.includes(key.trim()) || stderr.includes(key.trim()))) {
    throw new Error(`the API key appeared in the connector's ${stdout.includes(key.trim()) ? 'stdout' : 'stderr'} (${command})`);
  }
  const byType = (type: string) => messages.filter((m) => m.type === type);
  return {
    exitCode,
    signal,
    stdout,
    stderr,
    messages,
    invalidLines,
    records: (stream) => byType('RECORD').filter((m) => stream === undefined || m.record.stream === stream),
    states: (stream) => byType('STATE').filter((m) => stream === undefined || m.state.stream.stream_descriptor.name === stream),
    statuses: (stream) =>
      byType('TRACE')
        .filter((m) => m.trace.type === 'STREAM_STATUS' && m.trace.stream_status.stream_descriptor.name === stream)
        .map((m) => m.trace.stream_status.status as string),
    errors: () => byType('TRACE').filter((m) => m.trace.type === 'ERROR'),
    logs: () => byType('LOG'),
  };
}

function buildArgs(command: string, options: RunOptions): string[] {
  const args = [command];
  if (options.config !== undefined) args.push('--config', writeTemp('config.json', options.config));
  if (options.catalog !== undefined) args.push('--catalog', writeTemp('catalog.json', options.catalog));
  if (options.state !== undefined) args.push('--state', writeTemp('state.json', options.state));
  return args;
}

/** The last STATE of each stream, in the per-stream list format Airbyte passes to --state. */
export function stateFileFrom(messages: Message[]): Message[] {
  const last = new Map<string, Message>();
  for (const m of messages) if (m.type === 'STATE') last.set(m.state.stream.stream_descriptor.name, m.state);
  return [...last.values()].map((s) => ({ type: 'STREAM', stream: s.stream }));
}

/** A configured catalog from a discovered one. */
export function configuredCatalog(
  catalog: Message,
  pick: (name: string) => boolean = () => true,
  mode: 'full_refresh' | 'incremental' = 'full_refresh',
): Message {
  return {
    streams: catalog.streams
      .filter((s: Message) => pick(s.name))
      .map((s: Message) => {
        const syncMode = mode === 'incremental' && s.supported_sync_modes.includes('incremental') ? 'incremental' : 'full_refresh';
        return {
          stream: s,
          sync_mode: syncMode,
          destination_sync_mode: 'append',
          ...(syncMode === 'incremental' ? { cursor_field: s.default_cursor_field } : {}),
          primary_key: s.source_defined_primary_key,
        };
      }),
  };
}
