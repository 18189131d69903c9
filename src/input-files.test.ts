import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

import { ConfigError } from './errors.js';
import { INPUT_FILE_LIMIT_BYTES, readInputFile } from './input-files.js';

const dir = mkdtempSync(join(tmpdir(), 'input-files-'));

function file(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

async function refusal(path: string, what: 'config' | 'catalog' | 'state'): Promise<ConfigError> {
  const error = await readInputFile(path, what).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConfigError);
  return error as ConfigError;
}

describe('readInputFile', () => {
  it('reads a file as UTF-8, without a byte order mark', async () => {
    expect(await readInputFile(file('bom.json', '\uFEFF{"a":"é"}'), 'config')).toBe('{"a":"é"}');
  });

  it('reads a file of exactly the limit', async () => {
    const path = file('at-limit.json', Buffer.alloc(INPUT_FILE_LIMIT_BYTES.config, 0x20));
    expect((await readInputFile(path, 'config')).length).toBe(INPUT_FILE_LIMIT_BYTES.config);
  });

  it('refuses a regular file one byte over its limit, naming the limit', async () => {
    const path = file('over.json', Buffer.alloc(INPUT_FILE_LIMIT_BYTES.config + 1, 0x20));
    const error = await refusal(path, 'config');
    expect(error.failureType).toBe('config_error');
    expect(error.userMessage).toBe(
      `The config file "${path}" is larger than 1 MiB, the most the connector reads for a config: check that --config names the right file.`,
    );
  });

  // Issue 21: `--catalog /dev/urandom` was read to 1.1 GB of memory before it was refused.
  it('refuses an endless device after reading just past the limit, with little memory', async () => {
    const before = process.memoryUsage().rss;
    const started = Date.now();
    const error = await refusal('/dev/zero', 'catalog');
    expect(error.userMessage).toContain('is larger than 64 MiB');
    expect(Date.now() - started).toBeLessThan(10_000);
    // The limit plus one chunk, and the chunks held: well under the 1.1 GB it took before.
    expect(process.memoryUsage().rss - before).toBeLessThan(200 * 1024 * 1024);
  });

  it.each([
    ['a missing file', join(dir, 'missing.json'), 'it does not exist'],
    ['a directory', dir, 'it is a directory'],
  ])('refuses %s with the reason', async (_label, path, reason) => {
    expect((await refusal(path, 'state')).userMessage).toBe(`Cannot read the state file "${path}": ${reason}.`);
  });
});
