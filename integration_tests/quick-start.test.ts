// The README's quick start works: its commands name npm scripts that exist, every script that runs a file runs
// one the build produces (`npm test` builds before vitest runs), and the demo script's file syncs the simulator
// and prints its summary. Once a bug: `demo` and `bench` pointed at integration_tests/*.js, which only a stale
// local build had ever left there, so both failed in a clean clone.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { REPO_ROOT } from './harness/run-connector.js';

const scripts = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');

/** The file a script runs with `node <file>`, if it runs one. */
function nodeTarget(script: string): string | undefined {
  return /\bnode ((?:\.\/)?[\w./-]+\.js)\b/.exec(script)?.[1];
}

describe('quick start', () => {
  it("the README's quick-start commands are npm scripts of package.json", () => {
    const block = /## Quick start[\s\S]*?```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
    const named = [...block.matchAll(/npm (?:run )?(\w[\w:-]*)/g)].map((m) => m[1] as string).filter((name) => name !== 'ci');
    expect(named).toEqual(['demo', 'test']);
    for (const name of named) expect(scripts, name).toHaveProperty(name);
  });

  it('every script that runs a file with node runs one the build produces', () => {
    const targets = Object.entries(scripts).flatMap(([name, script]) => {
      const target = nodeTarget(script);
      return target ? [[name, target] as const] : [];
    });
    expect(targets.map(([name]) => name)).toEqual(expect.arrayContaining(['demo', 'bench']));
    for (const [name, target] of targets) expect(existsSync(join(REPO_ROOT, target)), `${name}: ${target}`).toBe(true);
  });

  it("the demo script's file syncs the simulator and prints every stream's count, status and final state", async () => {
    const target = nodeTarget(scripts.demo ?? '') as string;
    // Its sync at Attio's rate is CI's own `npm run demo` step; here the rate is lifted (what it prints is the subject).
    const child = spawn(process.execPath, [join(REPO_ROOT, target), '--unlimited-rate'], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
    const code = await new Promise<number | null>((done) => child.on('close', done));
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/check +→ Connected to Attio workspace "Simulated Co"/);
    expect(stdout).toMatch(/discover +→ 38 streams/);
    expect(stdout).toMatch(/^people +incremental +1200 +COMPLETE +created_at \d{4}-\d\d-\d\dT[\d:.]+Z$/m);
    expect(stdout).toMatch(/^deals__stage_history +incremental +\d+ +COMPLETE +active_from \d{4}-\d\d-\d\dT[\d:.]+Z$/m);
    expect(stdout).toMatch(/read +→ 6546 records in [\d.]+ s, \d+ STATE messages, 0 invalid lines, exit code 0\./);
    expect(stdout).not.toContain('sim_test_key');
  }, 180_000);
});
