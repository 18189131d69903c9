import { Writable } from 'node:stream';

import { describe, expect, it } from 'vitest';

import { Logger } from '../logger.js';
import { Output } from './output.js';
import type { AirbyteMessage } from './types.js';
import { say } from '../messages.js';

/** A sink that accepts one chunk at a time, slowly, with a tiny buffer. */
function slowSink(highWaterMark: number, delayMs: number) {
  const received: string[] = [];
  let maxBuffered = 0;
  const sink = new Writable({
    highWaterMark,
    write(chunk: Buffer, _encoding, callback) {
      received.push(chunk.toString());
      setTimeout(callback, delayMs);
    },
  });
  return {
    sink,
    received,
    track: () => {
      maxBuffered = Math.max(maxBuffered, sink.writableLength);
    },
    get maxBuffered() {
      return maxBuffered;
    },
  };
}

describe('Output', () => {
  it('writes one JSON message per line', async () => {
    const { sink, received } = slowSink(1024, 0);
    const out = new Output(sink);
    const message: AirbyteMessage = { type: 'RECORD', record: { stream: 'people', data: { a: 1, b: 'x\ny' }, emitted_at: 1 } };
    await out.send(message);
    await out.send({ type: 'CONNECTION_STATUS', connectionStatus: { status: 'SUCCEEDED' } });
    await out.flush();
    const lines = received.join('').split('\n');
    expect(lines.pop()).toBe(''); // ends in a newline
    expect(lines).toHaveLength(2);
    expect(JSON.parse(lines[0]!)).toEqual(message);
    expect(JSON.parse(lines[1]!)).toEqual({ type: 'CONNECTION_STATUS', connectionStatus: { status: 'SUCCEEDED' } });
  });

  it('waits for drain under backpressure, so the buffer never runs away, and keeps everything in order', async () => {
    const slow = slowSink(8, 1);
    const out = new Output(slow.sink);
    let sawBackpressure = false;
    const expected: string[] = [];
    for (let i = 0; i < 60; i += 1) {
      const line = `{"type":"LOG","log":{"level":"INFO","message":"line ${i}"}}\n`;
      expected.push(line);
      const pending = out.write(line);
      slow.track();
      if (slow.sink.writableNeedDrain) sawBackpressure = true;
      await pending;
      // Once write resolves the sink is below its high-water mark again.
      expect(slow.sink.writableNeedDrain).toBe(false);
    }
    await out.flush();
    expect(sawBackpressure).toBe(true);
    expect(slow.received.join('')).toBe(expected.join(''));
    // Only the one chunk written while over the mark is ever buffered.
    expect(slow.maxBuffered).toBeLessThanOrEqual(expected.reduce((max, line) => Math.max(max, line.length), 0));
  });

  it('writes a page of chunks in order, buffering no more than one chunk beyond the mark', async () => {
    const slow = slowSink(8, 1);
    const out = new Output(slow.sink);
    const chunks = Array.from({ length: 40 }, (_, i) => `{"type":"RECORD","record":{"n":${i}}}\n`);
    const tracking = setInterval(slow.track, 0);
    await out.writeAll(chunks);
    clearInterval(tracking);
    slow.track();
    // Resolved once the sink can take more, after every chunk was handed to it.
    expect(slow.sink.writableNeedDrain).toBe(false);
    await out.flush();
    expect(slow.received.join('')).toBe(chunks.join(''));
    expect(slow.maxBuffered).toBeLessThanOrEqual(Math.max(...chunks.map((chunk) => chunk.length)));
  });

  it('stops a page of chunks once stdout is closed, writing nothing after', async () => {
    const written: string[] = [];
    const sink = new Writable({
      highWaterMark: 4,
      write(chunk: Buffer, _encoding, callback) {
        written.push(chunk.toString());
        callback(new Error('EPIPE'));
      },
    });
    const out = new Output(sink);
    // The wait for drain ends with the sink's error; nothing after the first chunk reaches the sink, then or later.
    await expect(out.writeAll(['first chunk\n', 'second chunk\n', 'third chunk\n'])).rejects.toThrow('EPIPE');
    await expect(out.writeAll(['fourth chunk\n'])).rejects.toThrow('stdout is closed');
    expect(written).toEqual(['first chunk\n']);
  });

  it('a write does not resolve before the sink drains', async () => {
    let release: (() => void) | undefined;
    const sink = new Writable({
      highWaterMark: 4,
      write(_chunk, _encoding, callback) {
        release = callback;
      },
    });
    const out = new Output(sink);
    let resolved = false;
    const pending = out.write('0123456789\n').then(() => {
      resolved = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(resolved).toBe(false);
    release?.();
    await pending;
    expect(resolved).toBe(true);
  });

  it('batched writes of many lines arrive intact and in order', async () => {
    const slow = slowSink(16, 0);
    const out = new Output(slow.sink);
    const batches = Array.from({ length: 20 }, (_, b) =>
      Array.from(
        { length: 25 },
        (_, i) => `${JSON.stringify({ type: 'RECORD', record: { stream: 's', data: { b, i }, emitted_at: 0 } })}\n`,
      ).join(''),
    );
    for (const batch of batches) await out.write(batch);
    await out.flush();
    const lines = slow.received
      .join('')
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { record: { data: { b: number; i: number } } });
    expect(lines).toHaveLength(500);
    expect(lines.map((l) => l.record.data.b * 25 + l.record.data.i)).toEqual(Array.from({ length: 500 }, (_, k) => k));
  });

  it('flush resolves only after everything written has reached the sink', async () => {
    const slow = slowSink(1, 2);
    const out = new Output(slow.sink);
    const writes = [out.write('a\n'), out.write('b\n'), out.write('c\n')];
    await out.flush();
    expect(slow.received.join('')).toBe('a\nb\nc\n');
    await Promise.all(writes);
  });

  it('after a pipe error, writes reject with a clear error and flush does not hang', async () => {
    const sink = new Writable({
      write(_chunk, _encoding, callback) {
        callback(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
      },
    });
    const out = new Output(sink);
    await out.write('first\n').catch(() => undefined); // the failing write itself
    await new Promise((resolve) => setImmediate(resolve));
    await expect(out.write('second\n')).rejects.toThrow('stdout is closed');
    await expect(out.send({ type: 'CONNECTION_STATUS', connectionStatus: { status: 'FAILED' } })).rejects.toThrow('stdout is closed');
    await expect(out.flush()).resolves.toBeUndefined();
  });

  // Issue 12 item 8: each waiting write added its own 'drain' listener, so 100k WARN lines took 265 s (listener
  // removal is linear) and printed MaxListenersExceededWarning on stderr.
  it('100k log lines written under backpressure: at most one drain listener, no warning, done in seconds', async () => {
    const sink = new Writable({
      highWaterMark: 4096,
      write(_chunk, _encoding, callback) {
        setImmediate(callback);
      },
    });
    const out = new Output(sink);
    const logger = new Logger(out);
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    try {
      const started = performance.now();
      let listeners = 0;
      for (let i = 0; i < 100_000; i += 1) {
        logger.warn(say('retrying', { failure: 'GET /v2/self answered 503', left: i }));
        if (i % 997 === 0) listeners = Math.max(listeners, sink.listenerCount('drain'));
      }
      await out.flush();
      await new Promise((resolve) => setImmediate(resolve));
      const seconds = (performance.now() - started) / 1000;
      expect(listeners).toBeLessThanOrEqual(1);
      expect(warnings.map((w) => w.name)).toEqual([]);
      expect(seconds).toBeLessThan(15);
    } finally {
      process.off('warning', onWarning);
    }
  }, 120_000);
});
