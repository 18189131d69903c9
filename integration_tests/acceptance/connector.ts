// Runs the connector the way CAT does, either as a local process (node dist/src/main.js) or as the image under
// podman: config, catalog and state are written to a directory mounted at /data, so the container sees
// /data/config.json, /data/catalog.json and /data/state.json, and the host network lets it reach the simulator.

import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkMessageLine } from '../harness/protocol.js';
import { CONNECTOR } from '../harness/run-connector.js';
import type { ImageFacts } from './assertions.js';
import { type Msg, parseOutput } from './messages.js';

export type Mode = 'process' | 'container';

export interface Invocation {
  config?: unknown;
  catalog?: unknown;
  state?: unknown;
  timeoutMs?: number;
}

export interface Output {
  messages: Msg[];
  /** stdout lines that CAT would drop (not a message at all). */
  dropped: string[];
  /** Lines that parse as messages but break the protocol schema or our stricter rules (harness checkMessageLine). */
  protocolProblems: string[];
  exitCode: number | null;
  stderr: string;
  timedOut: boolean;
}

export interface ConnectorOptions {
  mode: Mode;
  image: string;
  env: Record<string, string>;
}

export class Connector {
  constructor(readonly options: ConnectorOptions) {}

  async run(command: string, input: Invocation = {}): Promise<Output> {
    const dir = mkdtempSync(join(tmpdir(), 'cat-'));
    // The image runs as the unprivileged `node` user: let it read the mounted files.
    chmodSync(dir, 0o755);
    const base = this.options.mode === 'container' ? '/data' : dir;
    const args = [command];
    for (const [flag, name, value] of [
      ['--config', 'config.json', input.config],
      ['--catalog', 'catalog.json', input.catalog],
      ['--state', 'state.json', input.state],
    ] as const) {
      if (value === undefined) continue;
      writeFileSync(join(dir, name), typeof value === 'string' ? value : JSON.stringify(value), { mode: 0o644 });
      args.push(flag, `${base}/${name}`);
    }
    const [exe, argv] =
      this.options.mode === 'container'
        ? [
            'podman',
            [
              'run',
              '--rm',
              '--network',
              'host',
              '-v',
              `${dir}:/data`,
              ...Object.entries(this.options.env).flatMap(([k, v]) => ['-e', `${k}=${v}`]),
              this.options.image,
              ...args,
            ],
          ]
        : [process.execPath, [CONNECTOR, ...args]];
    try {
      return await collect(exe, argv, this.options.mode === 'process' ? this.options.env : {}, input.timeoutMs ?? 600_000);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

function collect(exe: string, argv: string[], env: Record<string, string>, timeoutMs: number): Promise<Output> {
  return new Promise((resolve, reject) => {
    const child = spawn(exe, argv, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    const out: Buffer[] = [];
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      if (stderr.length < 200_000) stderr += chunk;
    });
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      const stdout = Buffer.concat(out).toString('utf8');
      const { messages, dropped } = parseOutput(stdout);
      const protocolProblems: string[] = [];
      for (const line of stdout.split('\n')) {
        if (line.trim() === '') continue;
        const problems = checkMessageLine(line);
        if (problems.length > 0) protocolProblems.push(`${problems.join('; ')} in: ${line.slice(0, 160)}`);
      }
      resolve({ messages, dropped, protocolProblems, exitCode: code, stderr, timedOut });
    });
  });
}

// ---- image facts: podman inspect (container mode) or the Dockerfile text (process mode) -------------------------

export function inspectImage(image: string): ImageFacts {
  const result = spawnSync('podman', ['image', 'inspect', '--format', 'json', image], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`podman image inspect ${image} failed: ${result.stderr.trim()}`);
  const info = (JSON.parse(result.stdout) as Msg[])[0] as Msg;
  const config = info.Config ?? {};
  const env: Record<string, string> = {};
  for (const entry of (config.Env ?? []) as string[]) {
    const eq = entry.indexOf('=');
    env[entry.slice(0, eq)] = entry.slice(eq + 1);
  }
  return { labels: config.Labels ?? info.Labels ?? {}, env, entrypoint: config.Entrypoint ?? [] };
}

export function imageExists(image: string): boolean {
  return spawnSync('podman', ['image', 'exists', image]).status === 0;
}

/** The final stage's LABEL, ENV and ENTRYPOINT, read from the Dockerfile text (what the image will carry). */
export function dockerfileFacts(text: string): ImageFacts {
  const lines = text
    .replace(/\\\r?\n/g, ' ')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
  const lastFrom = lines.map((l) => /^FROM\s/i.test(l)).lastIndexOf(true);
  const facts: ImageFacts = { labels: {}, env: {}, entrypoint: [] };
  for (const line of lines.slice(lastFrom + 1)) {
    const m = /^(\w+)\s+(.*)$/.exec(line);
    if (!m) continue;
    const [, instruction, rest] = m as unknown as [string, string, string];
    const upper = instruction.toUpperCase();
    if (upper === 'LABEL') Object.assign(facts.labels, keyValues(rest));
    else if (upper === 'ENV') {
      if (/^[\w.-]+\s/.test(rest) && !/^[\w.-]+=/.test(rest)) {
        const [key, ...value] = rest.split(/\s+/);
        facts.env[key as string] = unquote(value.join(' '));
      } else Object.assign(facts.env, keyValues(rest));
    } else if (upper === 'ENTRYPOINT') {
      facts.entrypoint = rest.startsWith('[') ? (JSON.parse(rest) as string[]) : ['/bin/sh', '-c', rest];
    }
  }
  return facts;
}

function keyValues(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const re = /([\w.-]+)=("(?:[^"\\]|\\.)*"|'[^']*'|\S+)/g;
  for (const m of text.matchAll(re)) out[m[1] as string] = unquote(m[2] as string);
  return out;
}

function unquote(value: string): string {
  if (value.startsWith('"') && value.endsWith('"')) return JSON.parse(value) as string;
  if (value.startsWith("'") && value.endsWith("'")) return value.slice(1, -1);
  return value;
}

export function readJson(path: string): any {
  return JSON.parse(readFileSync(path, 'utf8'));
}

export function defaultContainersConf(): void {
  // .ci/container/env.sh keeps the podman settings this host needs in the CI cache; use them when present.
  if (process.env.CONTAINERS_CONF) return;
  const conf = join(process.env.SOURCE_ATTIO_CI_CACHE ?? '/var/cache/source-attio-ci', 'containers.conf');
  if (existsSync(conf)) process.env.CONTAINERS_CONF = conf;
}
