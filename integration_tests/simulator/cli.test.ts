import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const compiledCli = fileURLToPath(new URL('../../dist/integration_tests/simulator/cli.js', import.meta.url));

describe('simulator CLI', () => {
  // Needs `npx tsc -p tsconfig.build.json` first (npm test builds before running vitest).
  it.skipIf(!existsSync(compiledCli))(
    'prints one JSON line, serves requests (--accept-id-sort honoured) and exits 0 on SIGTERM',
    async () => {
      const child = spawn(process.execPath, [compiledCli, '--large', '1000', '--seed', '11', '--latency-ms', '1', '--accept-id-sort'], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const lines = createInterface({ input: child.stdout });
      const first = await new Promise<string>((resolve, reject) => {
        lines.once('line', resolve);
        child.once('exit', (code) => reject(new Error(`exited early with ${code}`)));
      });
      const started = JSON.parse(first) as { url: string; apiKey: string };
      expect(Object.keys(started)).toEqual(['url', 'apiKey']);
      expect(started.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const res = await fetch(`${started.url}/v2/objects/large_items/records/query`, {
        method: 'POST',
        headers: { authorization: `Bearer ${started.apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ limit: 500, offset: 900 }),
      });
      expect(((await res.json()) as { data: unknown[] }).data).toHaveLength(100);
      // --accept-id-sort: a sort by record_id is answered (without it, a 400).
      const byId = await fetch(`${started.url}/v2/objects/people/records/query`, {
        method: 'POST',
        headers: { authorization: `Bearer ${started.apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ sorts: [{ attribute: 'record_id', direction: 'asc' }], limit: 3 }),
      });
      expect(byId.status).toBe(200);
      const people = ((await byId.json()) as { data: { id: { record_id: string } }[] }).data.map((r) => r.id.record_id);
      expect(people).toEqual([...people].sort());
      const exit = new Promise<number | null>((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      expect(await exit).toBe(0);
    },
  );
});
