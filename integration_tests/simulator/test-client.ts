// Small HTTP helpers the simulator's own tests use (fetch for normal calls, raw node:http with a
// fresh connection per request where resets and truncated bodies must be observed exactly).
import { request } from 'node:http';

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
