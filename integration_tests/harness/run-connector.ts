// Runs the built connector (dist/src/main.js) as a child process, exactly as a platform would, and collects
// its output. Every stdout line is validated as an Airbyte message; stdout and stderr are kept whole so
// tests can search them (for the API key in any encoding, for stack traces). On request it also reports the
// child's peak RSS.

import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type HttpLimits, LIMITS_ENV } from './http-limits.js';
import { checkMessageLine } from './protocol.js';

const here = dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = resolve(here, here.includes(`${join('dist', 'integration_tests')}`) ? '../../..' : '../..');
export const CONNECTOR = join(REPO_ROOT, 'dist', 'src', 'main.js');
/** The same executable with shorter HTTP bounds (RunOptions.limits), for tests only. */
const LIMITED_CONNECTOR = join(REPO_ROOT, 'dist', 'integration_tests', 'harness', 'limited-main.js');

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
  /** Extra environment variables for the child (added to this process's). */
  env?: Record<string, string>;
  /** Shorter HTTP bounds (deadlines, retries, response size), through runCli's runtime overrides. */
  limits?: HttpLimits;
  /** Report the child's peak resident memory (RunResult.peakRssMb). */
  measurePeakRss?: boolean;
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
  /** With measurePeakRss: the child's peak resident set size in MB (10^6 bytes), as the kernel counted it. */
  peakRssMb?: number;
}

export function writeTemp(name: string, content: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'source-attio-'));
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

export async function runConnector(command: string, options: RunOptions = {}): Promise<RunResult> {
  const args = options.rawArgs ?? buildArgs(command, options);
  const rssFile = options.measurePeakRss ? join(mkdtempSync(join(tmpdir(), 'source-attio-rss-')), 'peak') : undefined;
  const nodeArgs = rssFile ? ['--import', PEAK_RSS_PRELOAD] : [];
  const entry = options.limits ? LIMITED_CONNECTOR : CONNECTOR;
  const child = spawn(process.execPath, [...nodeArgs, entry, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      ...options.env,
      ...(rssFile ? { SOURCE_ATTIO_PEAK_RSS_FILE: rssFile } : {}),
      ...(options.limits ? { [LIMITS_ENV]: JSON.stringify(options.limits) } : {}),
    },
  });
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
  const peakRssMb = rssFile ? readPeakRss(rssFile) : undefined;
  return runResult(command, options, { exitCode, signal, stdout, stderr, messages, invalidLines, peakRssMb });
}

/** What a run printed, split into lines: every line a valid Airbyte message, or an invalid line. */
export function parseLines(stdout: string): Pick<RunResult, 'messages' | 'invalidLines'> {
  const messages: Message[] = [];
  const invalidLines: RunResult['invalidLines'] = [];
  const lines = stdout.split('\n');
  const last = lines.pop() as string;
  for (const line of lines) {
    if (line === '') continue;
    const problems = checkMessageLine(line);
    if (problems.length > 0) invalidLines.push({ line, problems });
    else messages.push(JSON.parse(line) as Message);
  }
  if (last.trim() !== '') invalidLines.push({ line: last, problems: ['unterminated last line'] });
  return { messages, invalidLines };
}

/**
 * A run's result, from its output however it ran (a child process or in process), once its output has been searched
 * for the API key it was given, in every encoding a server might echo it in: every run of every test is.
 */
export function runResult(
  command: string,
  options: Pick<RunOptions, 'config'>,
  run: Pick<RunResult, 'exitCode' | 'signal' | 'stdout' | 'stderr' | 'messages' | 'invalidLines' | 'peakRssMb'>,
): RunResult {
  const { exitCode, signal, stdout, stderr, messages, invalidLines, peakRssMb } = run;
  const key = (options.config as { api_key?: unknown } | undefined)?.api_key;
  if (typeof key === 'string' && key.trim().length >= 8) {
    for (const [where, text] of [
      ['stdout', stdout],
      ['stderr', stderr],
    ] as const) {
      const found = findKey(text, key.trim());
      if (found) throw new Error(`the API key appeared in the connector's ${where} (${command}), as ${found}`);
    }
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
    ...(peakRssMb === undefined ? {} : { peakRssMb }),
  };
}

/** Written by the child on exit (see peak-rss.ts): the kernel's count of its peak resident memory. */
const PEAK_RSS_PRELOAD = join(REPO_ROOT, 'dist', 'integration_tests', 'harness', 'peak-rss.js');

function readPeakRss(file: string): number | undefined {
  try {
    return Math.round(Number(readFileSync(file, 'utf8')) / 1e6);
  } catch {
    return undefined; // killed before it could write
  }
}

/**
 * The forms of the key that must never be printed: as is and re-cased, URL-encoded, hex, and base64 (standard and
 * URL-safe) at each of the three byte alignments it can have inside a longer encoded text (`Bearer <key>`,
 * `<key>:`), as the core of characters that depend on the key alone. Written independently of src/redact.ts on
 * purpose: the check must not share the code it checks.
 */
export function keyForms(key: string): { name: string; text: string; ignoreCase: boolean }[] {
  const bytes = Buffer.from(key, 'utf8');
  const forms = [
    { name: 'the key itself (any case)', text: key, ignoreCase: true },
    { name: 'URL-encoded', text: encodeURIComponent(key), ignoreCase: true },
    { name: 'percent-encoded', text: [...bytes].map((b) => `%${b.toString(16).padStart(2, '0')}`).join(''), ignoreCase: true },
    { name: 'hex', text: bytes.toString('hex'), ignoreCase: true },
  ];
  for (const offset of [0, 1, 2]) {
    for (const encoding of ['base64', 'base64url'] as const) {
      const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString(encoding);
      // Characters made only of key bits: from the first that starts after the filler to the last that ends in the key.
      const core = encoded.slice(Math.ceil((8 * offset) / 6), Math.floor((8 * (offset + bytes.length)) / 6));
      forms.push({ name: `${encoding} (offset ${offset})`, text: core, ignoreCase: false });
    }
  }
  return forms;
}

/** The name of the first form of the key found in the text. */
export function findKey(text: string, key: string): string | undefined {
  const lower = text.toLowerCase();
  for (const form of keyForms(key)) {
    if (form.ignoreCase ? lower.includes(form.text.toLowerCase()) : text.includes(form.text)) return form.name;
  }
  return undefined;
}

export function buildArgs(command: string, options: Pick<RunOptions, 'config' | 'catalog' | 'state'>): string[] {
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
