// Nothing test-only ships: the package is private, `npm pack` holds the compiled src/ and the schemas alone, and
// no production module reads the environment (test knobs enter through runCli's injected runtime overrides).

import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './harness/run-connector.js';

const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8'));

describe('the package', () => {
  it('is private (never published to a registry)', () => {
    expect(pkg.private).toBe(true);
  });

  it('packs the compiled src/ and the schemas, no tests, no test harness, no simulator', () => {
    const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: REPO_ROOT, encoding: 'utf8' });
    const files: string[] = JSON.parse(out.slice(out.indexOf('[')))[0].files.map((f: { path: string }) => f.path);
    const allowed = (path: string) =>
      ['package.json', 'README.md'].includes(path) || /^dist\/src\//.test(path) || /^schemas\/[\w-]+\.json$/.test(path);
    expect(files.filter((path) => !allowed(path))).toEqual([]);
    expect(files.filter((path) => /\.test\./.test(path))).toEqual([]);
    expect(files).toContain('dist/src/main.js');
    expect(files.filter((path) => path.startsWith('schemas/')).length).toBeGreaterThan(0);
  });
});

describe('production code', () => {
  const sources = (readdirSync(join(REPO_ROOT, 'src'), { recursive: true }) as string[])
    .filter((path) => path.endsWith('.ts') && !path.endsWith('.test.ts'))
    .map((path) => [path, readFileSync(join(REPO_ROOT, 'src', path), 'utf8')] as const);

  it('reads no environment variable', () => {
    expect(sources.length).toBeGreaterThan(10);
    expect(sources.filter(([, text]) => /process\.env\b/.test(text)).map(([path]) => path)).toEqual([]);
  });
});
