import { describe, expect, it } from 'vitest';
import { BodyPool } from './body-pool.js';

const chunksOf = (text: string, size: number) => {
  const bytes = Buffer.from(text, 'utf8');
  const chunks: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += size) chunks.push(bytes.subarray(at, at + size));
  return { chunks, length: bytes.length };
};

describe('BodyPool', () => {
  it('joins the chunks of a body, a character cut between two chunks included', () => {
    const text = `{"data":[${'{"name":"Zoë Ångström 東京"},'.repeat(200)}{}]}`;
    const { chunks, length } = chunksOf(text, 7); // 7 bytes: many multi-byte characters straddle a cut
    const body = new BodyPool().join(chunks, length);
    expect(body.length).toBe(length);
    expect(body.text()).toBe(text);
  });

  it('reuses a buffer only after its body was read, and a body is read once', () => {
    const pool = new BodyPool();
    const first = pool.join(chunksOf('a'.repeat(1000), 100).chunks, 1000);
    // The first body is not read yet: the second one must not share its memory.
    const second = pool.join(chunksOf('b'.repeat(1000), 100).chunks, 1000);
    expect(second.text()).toBe('b'.repeat(1000));
    expect(first.text()).toBe('a'.repeat(1000));
    expect(() => first.text()).toThrow(/read twice/);
    // Both buffers are back: two more bodies get them, each with its own bytes only.
    const third = pool.join(chunksOf('c'.repeat(10), 10).chunks, 10);
    const fourth = pool.join(chunksOf('d'.repeat(600), 100).chunks, 600);
    expect(third.text()).toBe('c'.repeat(10));
    expect(fourth.text()).toBe('d'.repeat(600));
  });

  it('gives a body larger than every free buffer a new one, and an empty body is empty', () => {
    const pool = new BodyPool();
    pool.join([Buffer.from('x')], 1).text();
    const big = 'y'.repeat(600 * 1024); // more than the smallest pooled size
    expect(pool.join(chunksOf(big, 64 * 1024).chunks, big.length).text()).toBe(big);
    expect(pool.join([], 0).text()).toBe('');
  });
});
