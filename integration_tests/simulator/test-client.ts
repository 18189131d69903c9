// Small HTTP helpers the simulator's own tests use (fetch for normal calls, raw node:http with a
// fresh connection per request where resets and truncated bodies must be observed exactly), and a simulator
// per describe block.
import { request } from 'node:http';
import { afterAll, beforeAll } from 'vitest';
import { createSeededWorkspace, type Simulator, type SimulatorOptions, startSimulator, type Workspace } from './index.js';

export interface SimulatorAddress {
  url: string;
  apiKey: string;
}

export function apiClient(sim: SimulatorAddress) {
  const headers = (token: string | null): Record<string, string> => (token === null ? {} : { authorization: `Bearer ${token}` });
  return {
    async get<T = any>(path: string, token: string | null = sim.apiKey): Promise<{ status: number; body: T; headers: Headers }> {
      const res = await fetch(`${sim.url}${path}`, { headers: headers(token) });
      return { status: res.status, body: (await res.json()) as T, headers: res.headers };
    },
    async post<T = any>(
      path: string,
      body: unknown,
      token: string | null = sim.apiKey,
    ): Promise<{ status: number; body: T; headers: Headers }> {
      const res = await fetch(`${sim.url}${path}`, {
        method: 'POST',
        headers: { ...headers(token), 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return { status: res.status, body: (await res.json()) as T, headers: res.headers };
    },
  };
}

export type ApiClient = ReturnType<typeof apiClient>;

/** Attio's error body, the same on every non-2xx answer (written out here, not taken from the simulator's api-error.ts). */
export const attioError = (status: number, type: string, code: string, message: string) => ({ status_code: status, type, code, message });

/**
 * A simulator for the enclosing describe, started before its tests and closed after them, on `ws` (the seeded
 * workspace unless the options name one). `api` is a client on it; `sim()` is the running simulator.
 */
export function suiteSimulator(options: SimulatorOptions = {}): { ws: Workspace; sim: () => Simulator; api: ApiClient } {
  const ws = options.workspace ?? createSeededWorkspace();
  let started: Simulator | undefined;
  beforeAll(async () => {
    started = await startSimulator({ ...options, workspace: ws });
  });
  afterAll(() => started?.close());
  const sim = (): Simulator => {
    if (!started) throw new Error('the simulator starts in beforeAll: use it inside a test or hook');
    return started;
  };
  // The client reads the address when it is called, once the simulator runs.
  const address = {
    get url() {
      return sim().url;
    },
    get apiKey() {
      return sim().apiKey;
    },
  };
  return { ws, sim, api: apiClient(address) };
}

export type RawOutcome =
  | { kind: 'answer'; status: number; headers: Record<string, string | string[] | undefined>; text: string }
  | { kind: 'error'; message: string };

/** One request on its own connection; socket errors become {kind:'error'} instead of throwing. */
export function rawGet(sim: SimulatorAddress, path: string): Promise<RawOutcome> {
  return new Promise((resolve) => {
    const req = request(`${sim.url}${path}`, { agent: false, headers: { authorization: `Bearer ${sim.apiKey}` } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ kind: 'answer', status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }),
      );
      res.on('error', (error) => resolve({ kind: 'error', message: error.message }));
    });
    req.on('error', (error) => resolve({ kind: 'error', message: error.message }));
    req.end();
  });
}
