import { describe, expect, it } from 'vitest';
import type { SpeechWindow } from '../vad/merge-chunks.js';
import { WindowFeed } from './window-feed.js';

const w = (start: number): SpeechWindow => ({ start, end: start + 1, segments: [[start, start + 1]] });
const tick = () => new Promise((r) => setImmediate(r));

describe('WindowFeed', () => {
  it('takes a list or a function as a complete set', async () => {
    const list = new WindowFeed([w(0), w(2)]);
    await list.waitFor(5);
    expect(list.windows).toHaveLength(2);
    expect(list.complete).toBe(true);
    const fn = new WindowFeed(async () => [w(1)]);
    await fn.waitFor(1);
    expect(fn.windows).toEqual([w(1)]);
  });

  it('hands out windows of a stream as they arrive, before it ends', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => (release = r));
    async function* stream() {
      yield w(0);
      yield w(1);
      await gate;
      yield w(2);
    }
    const feed = new WindowFeed(stream());
    await feed.waitFor(2);
    expect(feed.windows).toHaveLength(2);
    expect(feed.complete).toBe(false);
    release();
    await feed.waitFor(10);
    expect(feed.windows.map((x) => x.start)).toEqual([0, 1, 2]);
    expect(feed.complete).toBe(true);
  });

  it('rethrows the stream failure to the waiting consumer', async () => {
    async function* failing() {
      yield w(0);
      throw new Error('VAD broke');
    }
    const feed = new WindowFeed(failing());
    await expect(feed.waitFor(3)).rejects.toThrow('VAD broke');
    expect(feed.complete).toBe(false);
  });

  it('stop() closes the stream (its finally runs) and waits for it', async () => {
    let closed = false;
    let produced = 0;
    async function* endless() {
      try {
        for (;;) {
          produced++;
          yield w(produced);
          await tick();
        }
      } finally {
        closed = true;
      }
    }
    const feed = new WindowFeed(endless());
    await feed.waitFor(3);
    await feed.stop();
    expect(closed).toBe(true);
    const after = produced;
    await tick();
    expect(produced).toBe(after);
  });

  it('fires the stop signal of a function source, so a long VAD pass ends at once', async () => {
    let sawStop = false;
    const feed = new WindowFeed(async function* (stop: AbortSignal) {
      yield w(0);
      // a long silence: no window for a while, until stopped
      await new Promise<void>((resolve) => stop.addEventListener('abort', () => resolve(), { once: true }));
      sawStop = stop.aborted;
      throw new Error('aborted');
    });
    await feed.waitFor(1);
    const started = performance.now();
    await feed.stop();
    expect(sawStop).toBe(true);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
