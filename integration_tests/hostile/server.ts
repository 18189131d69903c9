// A hostile HTTP server for tests: a real node:http server on 127.0.0.1 that misbehaves on chosen requests and, for the
// others, passes requests through to an upstream (the simulator) or answers 404 when it runs alone. Misbehaviours:
// a body dripped one byte at a time, a huge body generated while it is sent (never held in memory), an error body
// echoing the Authorization header in many encodings, and fixed answers (a 401 k times, `{"data": null}`…).

import { createServer, type IncomingMessage, request, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Misbehaviour =
  /** Status and headers at once, then one byte of a JSON body every `intervalMs`, until the client hangs up. */
  | { kind: 'drip'; intervalMs: number }
  /** A 200 whose JSON body (a page of filler records) is `bytes` long, generated and sent with backpressure. */
  | { kind: 'huge'; bytes: number; contentLength?: boolean }
  /** An Attio error body whose message, code and type echo the request's Authorization header in many encodings. */
  | { kind: 'echo-auth'; status: number }
  /** A fixed answer. */
  | { kind: 'answer'; status: number; body: unknown; headers?: Record<string, string> };

export interface RequestInfo {
  method: string;
  path: string;
}

export interface Rule {
  match: (req: RequestInfo) => boolean;
  act: Misbehaviour;
  /** How many requests this rule answers; unlimited when absent. */
  times?: number;
}

export interface HostileOptions {
  /** Where requests no rule answers go (e.g. a simulator's url); without it they get a 404. */
  upstream?: string;
  rules?: Rule[];
}

export interface HostileStats {
  requests: number;
  /** Requests answered by a misbehaviour, by kind. */
  misbehaved: Record<string, number>;
  proxied: number;
  /** Body bytes sent by 'huge' and 'drip' answers. */
  bytesSent: number;
}

export interface Hostile {
  url: string;
  stats: HostileStats;
  add(rule: Rule): void;
  close(): Promise<void>;
}

export async function startHostile(options: HostileOptions = {}): Promise<Hostile> {
  const rules = [...(options.rules ?? [])].map((rule) => ({ ...rule, left: rule.times ?? Number.POSITIVE_INFINITY }));
  const stats: HostileStats = { requests: 0, misbehaved: {}, proxied: 0, bytesSent: 0 };
  const timers = new Set<NodeJS.Timeout>();

  const server = createServer((req, res) => {
    stats.requests += 1;
    const info = { method: req.method ?? 'GET', path: new URL(req.url ?? '/', 'http://127.0.0.1').pathname };
    const rule = rules.find((r) => r.left > 0 && r.match(info));
    if (!rule) {
      if (options.upstream) {
        stats.proxied += 1;
        proxy(req, res, options.upstream);
      } else {
        req.resume();
        json(res, 404, attioError(404, 'invalid_request_error', 'not_found', `Route ${info.method} ${info.path} not found.`));
      }
      return;
    }
    rule.left -= 1;
    stats.misbehaved[rule.act.kind] = (stats.misbehaved[rule.act.kind] ?? 0) + 1;
    req.resume();
    misbehave(rule.act, req, res);
  });

  function misbehave(act: Misbehaviour, req: IncomingMessage, res: ServerResponse): void {
    switch (act.kind) {
      case 'answer':
        json(res, act.status, act.body, act.headers);
        return;
      case 'echo-auth': {
        const forms = authorizationEncodings(String(req.headers.authorization ?? ''));
        json(res, act.status, {
          status_code: act.status,
          type: forms.join(' '),
          code: forms.join('|'),
          message: `Bad credentials: ${forms.join(' ; ')}`,
        });
        return;
      }
      case 'drip': {
        res.writeHead(200, { 'content-type': 'application/json' });
        const text = `{"data":[${' '.repeat(1024)}`;
        let sent = 0;
        const timer = setInterval(() => {
          if (res.destroyed) return stop();
          res.write(text[sent % text.length] ?? ' ');
          sent += 1;
          stats.bytesSent += 1;
        }, act.intervalMs);
        const stop = () => {
          clearInterval(timer);
          timers.delete(timer);
        };
        timers.add(timer);
        res.on('close', stop);
        return;
      }
      case 'huge':
        void sendHuge(res, act.bytes, act.contentLength ?? false, (n) => (stats.bytesSent += n));
        return;
    }
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stats,
    add: (rule) => rules.push({ ...rule, left: rule.times ?? Number.POSITIVE_INFINITY }),
    close: async () => {
      for (const timer of timers) clearInterval(timer);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The Authorization header as a careless server might echo it: raw, re-cased, URL-, base64-, hex- and JSON-encoded. */
export function authorizationEncodings(header: string): string[] {
  const key = header.replace(/^Bearer\s+/i, '');
  const b64 = (text: string) => Buffer.from(text).toString('base64');
  const b64url = (text: string) => Buffer.from(text).toString('base64url');
  return [
    header,
    key,
    key.toLowerCase(),
    key.toUpperCase(),
    encodeURIComponent(header),
    [...key].map((c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`).join(''),
    b64(header),
    b64(key),
    b64url(key),
    b64(`${key}:`),
    b64(`Authorization: ${header}`),
    Buffer.from(key).toString('hex'),
    JSON.stringify(key).slice(1, -1).replace(/\//g, '\\/'),
  ];
}

function attioError(status: number, type: string, code: string, message: string) {
  return { status_code: status, type, code, message };
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)), ...headers });
  res.end(text);
}

/** A page of filler records, `total` bytes of valid JSON, produced chunk by chunk as the socket takes it. */
async function sendHuge(res: ServerResponse, total: number, withLength: boolean, count: (bytes: number) => void): Promise<void> {
  const head = '{"data":[';
  const tail = ']}';
  res.writeHead(200, { 'content-type': 'application/json', ...(withLength ? { 'content-length': String(total) } : {}) });
  const record = (i: number, size: number) => {
    const open = `${i === 0 ? '' : ','}{"id":{"record_id":"r${i}"},"pad":"`;
    return `${open}${'x'.repeat(Math.max(0, size - open.length - 2))}"}`;
  };
  let sent = 0;
  const write = async (text: string) => {
    if (res.destroyed) throw new Error('client gone');
    sent += text.length;
    count(text.length);
    if (!res.write(text)) {
      await new Promise<void>((resolve) => {
        const done = () => {
          res.off('drain', done);
          res.off('close', done);
          resolve();
        };
        res.on('drain', done);
        res.on('close', done);
      });
    }
  };
  try {
    await write(head);
    for (let i = 0; sent + tail.length < total; i += 1) {
      const left = total - sent - tail.length;
      // Records of 64 KiB; the last one fills the remainder exactly (a record needs ~40 bytes of framing).
      const size = left >= 2 * 65_536 ? 65_536 : left;
      await write(size < 64 ? ' '.repeat(size) : record(i, size));
    }
    res.end(tail);
  } catch {
    // The client hung up (as it should, past its limit).
  }
}

function proxy(req: IncomingMessage, res: ServerResponse, upstream: string): void {
  const target = new URL(req.url ?? '/', upstream);
  const forward = request(target, { method: req.method, headers: { ...req.headers, host: target.host } }, (answer) => {
    res.writeHead(answer.statusCode ?? 502, answer.headers);
    answer.pipe(res);
  });
  forward.on('error', () => res.destroy());
  res.on('close', () => forward.destroy());
  req.pipe(forward);
}
