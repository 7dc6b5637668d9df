import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { makeTempDir, type TempDir } from '@fakestore/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { outboxFile } from '../src/core/paths.js';
import { CycleStopped } from '../src/deliver.js';
import { createLocalStorage } from '../src/io/storage.js';
import { StopDeadline } from '../src/signals.js';
import { createLocalEventLogSink } from '../src/sinks/local-event-log.js';
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
    const left = await readdir(join(temp.path, 'state'), { recursive: true, withFileTypes: true });
    expect(left.filter((entry) => entry.isFile())).toEqual([]); // no segment and no temp file left either
  });

  it('given a stop once the outbox is written, the local log writes no batch file and keeps the outbox, which the next start publishes', async () => {
    const storage = createLocalStorage();
    const stop = new AbortController();
    const s = inProcessStreamer(temp.path, { sink: createLocalEventLogSink({ eventsDir: join(temp.path, 'events'), storage }) });
    s.setCarts(carts);
    // The stop arrives as the outbox is created: after the segment, before the first event is written.
    const stopAtOutbox: typeof storage = { ...storage, create: (path, options) => {
      if (path === outboxFile(s.stateFile)) stop.abort(new StopDeadline('stopped by SIGTERM'));
      return storage.create(path, options);
    } };
    await expect(s.cycle({ storage: stopAtOutbox, stop: stop.signal })).rejects.toBeInstanceOf(CycleStopped);
    expect(existsSync(outboxFile(s.stateFile))).toBe(true);
    expect(existsSync(s.stateFile)).toBe(false);
    const events = join(temp.path, 'events');
    const eventFiles = async () => (existsSync(events) ? await readdir(events, { recursive: true }) : []).filter((name) => name.endsWith('.jsonl'));
    expect(await eventFiles()).toEqual([]);

    const { summary } = await s.cycle();
    expect(summary).toMatchObject({ recovered: 5, created: 0 });
    const [file] = await eventFiles();
    expect(await readJsonLines(join(events, file!))).toHaveLength(5);
  });

  it('runs the before-commit hook after publishing and before the state is written', async () => {
    const s = inProcessStreamer(temp.path);
    s.setCarts(carts);
    let stateAtHook: boolean | undefined;
    await s.cycle({ beforeCommit: () => { stateAtHook = existsSync(s.stateFile); } });
    expect(stateAtHook).toBe(false);
    expect(await readFile(s.stateFile, 'utf8')).toMatch(/"state_version":3/);
  });

  it('given a crash between publishing a delta and committing it, the next start re-publishes the very same messages, then commits', async () => {
    const s = inProcessStreamer(temp.path);
    const many = Array.from({ length: 20 }, (_, i) => cart(i + 1));
    s.setCarts(many);
    await s.cycle();
    s.setCarts([...many.slice(0, 4), { ...cart(5), userId: 2 }, ...many.slice(6)]);
    const crashed = s.cycle({ beforeCommit: () => { throw new Error('killed before the commit'); } });
    await expect(crashed).rejects.toThrow('killed before the commit');
    const first = s.published.slice(20);
    expect(first.map((m) => [m.attributes['ce-type'], m.attributes['ce-subject']])).toEqual([['cart_modified', 'cart/5'], ['cart_deleted', 'cart/6']]);
    expect((await readStateFile(s.stateFile)).manifest.commit).toBe(1);
    const pending = JSON.parse(await readFile(outboxFile(s.stateFile), 'utf8')) as { parent: number; segments: { kind: string; carts: number }[] };
    expect(pending).toMatchObject({ parent: 1, segments: [{ kind: 'base', carts: 20 }, { kind: 'delta', carts: 2 }] });

    const { summary, messages } = await s.cycle();
    expect(messages).toEqual(first);
    expect(summary).toMatchObject({ recovered: 2, created: 0, modified: 0, deleted: 0 });
    expect(s.batches.at(-1)).toBe(s.batches.at(-2));
    expect(existsSync(outboxFile(s.stateFile))).toBe(false);
    expect((await readStateFile(s.stateFile)).carts['6']).toMatchObject({ version: 2, cart: null });
  });

  it('given a crash after the commit but before the outbox was removed, the next start only removes it: nothing is published twice', async () => {
    const s = inProcessStreamer(temp.path);
    s.setCarts(carts);
    let outbox = '';
    await s.cycle({ beforeCommit: () => { outbox = readFileSync(outboxFile(s.stateFile), 'utf8'); } });
    writeFileSync(outboxFile(s.stateFile), outbox);
    const { summary, messages } = await s.cycle();
    expect(messages).toEqual([]);
    expect(summary).toMatchObject({ recovered: 0, published: 0 });
    expect(existsSync(outboxFile(s.stateFile))).toBe(false);
  });

  it('given the state file replaced under a running cycle, refuses to commit over it (the commit is conditional) and leaves it as it was', async () => {
    const s = inProcessStreamer(temp.path);
    s.setCarts(carts);
    await s.cycle();
    const replaced = `${(await readFile(s.stateFile, 'utf8')).trimEnd()} \n`;
    s.setCarts(carts.slice(1));
    await expect(s.cycle({ beforeCommit: () => writeFileSync(s.stateFile, replaced) })).rejects.toMatchObject({ name: 'GenerationMismatch' });
    expect(await readFile(s.stateFile, 'utf8')).toBe(replaced);
    expect(existsSync(outboxFile(s.stateFile))).toBe(true);
  });
});
