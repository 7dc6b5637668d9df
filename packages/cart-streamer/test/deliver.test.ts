import { existsSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { makeTempDir, type TempDir } from '@fakestore/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { outboxFile } from '../src/core/paths.js';
import { StopDeadline } from '../src/signals.js';
import type { EventSink, PublishResult } from '../src/types.js';
import { inProcessStreamer } from './support/in-process.js';
import { readJsonLines, readStateFile } from './support/streamer.js';

let temp: TempDir;
beforeEach(async () => { temp = await makeTempDir('deliver-'); });
afterEach(() => temp.remove());

const cart = (id: number) => ({ id, userId: 1, date: '2020-03-02T00:00:00.000Z', products: [{ productId: 1, quantity: 1 }] });
const carts = [1, 2, 3, 4, 5].map(cart);

/** A Pub/Sub that never confirms: each window waits until its signal aborts, then reports every message failed with the reason. */
function stuckSink(sent: number[] = []): EventSink {
  return {
    description: 'stuck',
    deadLetters: true,
    begin: () => ({
      send: (messages, signal) => new Promise<PublishResult[]>((resolve) => {
        sent.push(messages.length);
        const fail = () => resolve(messages.map(() => ({ status: 'failed', error: String((signal.reason as Error).message) })));
        if (signal.aborted) fail();
        else signal.addEventListener('abort', fail, { once: true });
      }),
      finish: () => Promise.resolve(),
      abort: () => Promise.resolve(),
    }),
    close: () => Promise.resolve(),
  };
}

async function deadLetters(dir: string) {
  const folder = join(dir, 'events', 'dead-letter');
  const files = await readdir(folder);
  return (await Promise.all(files.map((f) => readJsonLines<{ orderingKey: string; error: string }>(join(folder, f))))).flat();
}

describe('delivering a batch', () => {
  it('given a Pub/Sub that never confirms, dead-letters the whole batch after one publish timeout, commits, and sends nothing more', async () => {
    const sent: number[] = [];
    const s = inProcessStreamer(temp.path, { sink: stuckSink(sent) });
    s.setCarts(carts);
    const started = Date.now();
    const { summary } = await s.cycle({ publishTimeoutMs: 300 });
    expect(Date.now() - started).toBeLessThan(3000);
    expect(summary).toMatchObject({ created: 5, published: 0, dead_lettered: 5 });
    expect(sent).toEqual([5]);
    const letters = await deadLetters(temp.path);
    expect(letters.map((l) => l.orderingKey)).toEqual(carts.map((c) => `cart_${c.id}`));
    expect(letters[0]!.error).toMatch(/timeout/i);
    expect(Object.keys((await readStateFile(s.stateFile)).carts)).toHaveLength(5);
    expect(existsSync(outboxFile(s.stateFile))).toBe(false);
  });

  it('given the stop deadline passes while publishing, dead-letters what is unpublished as stopped and commits', async () => {
    const s = inProcessStreamer(temp.path, { sink: stuckSink() });
    s.setCarts(carts);
    const { summary } = await s.cycle({ stop: AbortSignal.timeout(200), publishTimeoutMs: 60_000 });
    expect(summary).toMatchObject({ dead_lettered: 5 });
    expect((await deadLetters(temp.path))[0]!.error).toMatch(/TimeoutError|timed out|aborted|stop/i);
  });

  it('when the sink cannot publish at all, rejects, keeps the outbox, and the next cycle finishes it with the same events', async () => {
    let calls = 0;
    const flaky: EventSink = {
      description: 'flaky',
      deadLetters: true,
      begin: () => ({
        send: (messages) => (++calls === 1 ? Promise.reject(new Error('unreachable')) : Promise.resolve(messages.map(() => ({ status: 'published', messageId: 'x' })))),
        finish: () => Promise.resolve(),
        abort: () => Promise.resolve(),
      }),
      close: () => Promise.resolve(),
    };
    const s = inProcessStreamer(temp.path, { sink: flaky });
    s.setCarts(carts);
    await expect(s.cycle()).rejects.toThrow('unreachable');
    expect(existsSync(s.stateFile)).toBe(false);
    expect(existsSync(outboxFile(s.stateFile))).toBe(true);
    const { summary } = await s.cycle();
    expect(summary).toMatchObject({ recovered: 5, created: 0 });
    expect(existsSync(outboxFile(s.stateFile))).toBe(false);
  });

  it('given the stop deadline passed before the outbox was complete, writes nothing and commits nothing', async () => {
    const s = inProcessStreamer(temp.path);
    s.setCarts(carts);
    const stopped = AbortSignal.abort(new StopDeadline('stopped by SIGTERM'));
    await expect(s.cycle({ stop: stopped })).rejects.toBeInstanceOf(StopDeadline);
    expect(existsSync(outboxFile(s.stateFile))).toBe(false);
    expect(existsSync(s.stateFile)).toBe(false);
    expect(await readdir(join(temp.path, 'state'))).toEqual([]); // no temp file left either
  });

  it('runs the before-commit hook after publishing and before the state is written', async () => {
    const s = inProcessStreamer(temp.path);
    s.setCarts(carts);
    let stateAtHook: boolean | undefined;
    await s.cycle({ beforeCommit: () => { stateAtHook = existsSync(s.stateFile); } });
    expect(stateAtHook).toBe(false);
    expect(await readFile(s.stateFile, 'utf8')).toMatch(/"state_version":2/);
  });
});
