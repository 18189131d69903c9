// What the run of Airbyte's standard tests stands on (.ci/standard-tests/run.sh): the simulator CLI's --token flag,
// the config files written into secrets/, and acceptance-test-config.yml declaring for each config the `check`
// status the connector really gives, and a configured catalog the limited token can read.

import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { type Message, REPO_ROOT, runConnector } from '../harness/run-connector.js';
import { ALL_READ_SCOPES } from '../simulator/index.js';
import { CONFIG_DIR, LIMITED_TOKEN_LACKS, limitedTokenScopes } from './configs.js';

const SIMULATOR_CLI = join(REPO_ROOT, 'dist', 'integration_tests', 'simulator', 'cli.js');
const WRITE_CONFIGS = join(REPO_ROOT, 'dist', 'integration_tests', 'standard-tests', 'write-configs.js');
const acceptance = parseYaml(readFileSync(join(REPO_ROOT, 'acceptance-test-config.yml'), 'utf8'));
const built = existsSync(SIMULATOR_CLI) && existsSync(WRITE_CONFIGS);

async function startCli(args: string[]): Promise<{ child: ChildProcess; url: string; apiKey: string; line: string }> {
  const child = spawn(process.execPath, [SIMULATOR_CLI, '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`simulator exited early with ${code}`)));
  });
  return { child, line, ...(JSON.parse(line) as { url: string; apiKey: string }) };
}

// Needs the build (npm test builds first).
describe.skipIf(!built)('the standard tests: simulator token, configs and acceptance-test-config.yml', () => {
  const limitedToken = `sim_limited_${randomBytes(12).toString('hex')}`;
  const dir = mkdtempSync(join(tmpdir(), 'standard-tests-'));
  let sim: Awaited<ReturnType<typeof startCli>>;
  let written: ReturnType<typeof spawnSync>;
  const config = (name: string) => JSON.parse(readFileSync(join(dir, CONFIG_DIR, name), 'utf8')) as Record<string, unknown>;

  beforeAll(async () => {
    sim = await startCli(['--token', `${limitedToken}=${limitedTokenScopes().join(',')}`]);
    const simJson = join(dir, 'sim.json');
    writeFileSync(simJson, `${sim.line}\n`);
    written = spawnSync(process.execPath, [WRITE_CONFIGS, 'write', simJson, join(dir, CONFIG_DIR)], {
      encoding: 'utf8',
      env: { ...process.env, STANDARD_TESTS_LIMITED_TOKEN: limitedToken },
    });
  });
  afterAll(() => {
    sim?.child.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  });

  it('the simulator CLI accepts --token KEY=scopes and grants that key exactly those scopes', async () => {
    const self = async (token: string) =>
      (await (await fetch(`${sim.url}/v2/self`, { headers: { authorization: `Bearer ${token}` } })).json()) as Record<string, unknown>;
    expect(String((await self(limitedToken)).scope).split(' ')).toEqual(limitedTokenScopes());
    expect(String((await self(sim.apiKey)).scope).split(' ')).toEqual([...ALL_READ_SCOPES]);
    const notes = await fetch(`${sim.url}/v2/notes`, { headers: { authorization: `Bearer ${limitedToken}` } });
    expect(notes.status).toBe(403);
    // The token is the caller's: the CLI prints only the main key, as before.
    expect(Object.keys(JSON.parse(sim.line))).toEqual(['url', 'apiKey']);
    expect(sim.line).not.toContain(limitedToken);
  });

  it.each([
    [['--token', 'no_equals_sign'], '--token needs KEY=scope1,scope2'],
    [['--token', '=note:read'], '--token needs KEY=scope1,scope2'],
    [['--token'], '--token needs KEY=scope1,scope2'],
  ])('the simulator CLI refuses %j', (args, message) => {
    const run = spawnSync(process.execPath, [SIMULATOR_CLI, '--port', '0', ...args], { encoding: 'utf8', timeout: 10_000 });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(message);
  });

  it('the simulator CLI takes a token with no scope at all (KEY=)', async () => {
    const bare = `sim_bare_${randomBytes(8).toString('hex')}`;
    const other = await startCli(['--token', `${bare}=`]);
    try {
      const body = (await (await fetch(`${other.url}/v2/self`, { headers: { authorization: `Bearer ${bare}` } })).json()) as Message;
      expect(body.active).toBe(true);
      expect(body.scope).toBe('');
    } finally {
      other.child.kill('SIGTERM');
    }
  });

  it('write-configs writes every config acceptance-test-config.yml names, mode 600, and prints no key', () => {
    expect(written.status).toBe(0);
    const named = new Set<string>();
    for (const section of Object.values(acceptance.acceptance_tests) as { tests: { config_path: string }[] }[]) {
      for (const test of section.tests) named.add(test.config_path);
    }
    expect([...named].every((path) => path.startsWith(`${CONFIG_DIR}/`))).toBe(true);
    expect(readdirSync(join(dir, CONFIG_DIR)).sort()).toEqual([...named].map((path) => path.slice(CONFIG_DIR.length + 1)).sort());
    for (const name of readdirSync(join(dir, CONFIG_DIR))) expect(statSync(join(dir, CONFIG_DIR, name)).mode & 0o777).toBe(0o600);
    const output = `${written.stdout}${written.stderr}`;
    for (const secret of [sim.apiKey, limitedToken]) expect(output).not.toContain(secret);
    expect(config('config.json')).toEqual({ api_key: sim.apiKey, base_url: sim.url, page_size: 100 });
    expect(config('limited_scopes_config.json')).toEqual({ api_key: limitedToken, base_url: sim.url });
    expect(config('invalid_config.json').base_url).toBe(sim.url);
  });

  it('write-configs refuses to run without the limited token', () => {
    const run = spawnSync(process.execPath, [WRITE_CONFIGS, 'write', join(dir, 'sim.json'), join(dir, 'other')], {
      encoding: 'utf8',
      env: { ...process.env, STANDARD_TESTS_LIMITED_TOKEN: '' },
    });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('STANDARD_TESTS_LIMITED_TOKEN');
  });

  it.each(
    (acceptance.acceptance_tests.connection.tests as { config_path: string; status: string }[]).map((t) => [t.config_path, t.status]),
  )('%s: check gives the declared status (%s)', async (path, status) => {
    const run = await runConnector('check', { config: config(path.slice(CONFIG_DIR.length + 1)) });
    expect(run.invalidLines).toEqual([]);
    expect(run.exitCode).toBe(0);
    const statuses = run.messages.filter((m) => m.type === 'CONNECTION_STATUS').map((m) => m.connectionStatus);
    expect(statuses).toHaveLength(1);
    expect(statuses[0].status).toBe(status === 'succeed' ? 'SUCCEEDED' : 'FAILED');
    if (path.endsWith('limited_scopes_config.json')) {
      for (const stream of ['notes', 'webhooks', 'call_recordings', 'list_entries_sales_pipeline'])
        expect(statuses[0].message).toContain(stream);
    }
  });

  it('the limited token lacks the scopes it is meant to, and can discover every stream of its configured catalog', async () => {
    expect(LIMITED_TOKEN_LACKS.every((scope) => ALL_READ_SCOPES.includes(scope))).toBe(true);
    const run = await runConnector('discover', { config: config('limited_scopes_config.json') });
    const names = new Set<string>((run.messages.find((m) => m.type === 'CATALOG')!.catalog.streams as Message[]).map((s) => s.name));
    for (const stream of ['notes', 'webhooks', 'call_recordings']) expect(names.has(stream), stream).toBe(false);
    expect([...names].some((name) => name.startsWith('list_entries_'))).toBe(false);
    const entry = (acceptance.acceptance_tests.full_refresh.tests as { config_path: string; configured_catalog_path: string }[]).find((t) =>
      t.config_path.endsWith('limited_scopes_config.json'),
    );
    const catalog = JSON.parse(readFileSync(join(REPO_ROOT, entry!.configured_catalog_path), 'utf8'));
    const listed = (catalog.streams as Message[]).map((s) => s.stream.name as string);
    expect(listed.length).toBeGreaterThan(1);
    expect(listed.filter((name) => !names.has(name))).toEqual([]);
    // Fewer streams than discovered: the configured catalog, not every stream, decides what is read.
    expect(listed.length).toBeLessThan(names.size);
  });
});
