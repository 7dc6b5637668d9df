import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { makeTempDir, type TempDir } from '@fakestore/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { outboxFile } from '../src/core/paths.js';
import { readStateIndex } from '../src/io/state-file.js';
import { createLocalStorage } from '../src/io/storage.js';
import { inProcessStreamer } from './support/in-process.js';
import { readStateFile } from './support/streamer.js';

let temp: TempDir;
beforeEach(async () => { temp = await makeTempDir('state-file-'); });
afterEach(() => temp.remove());

const cart = (id: number, quantity = 1) => ({ id, userId: 1, date: '2020-03-02T00:00:00.000Z', products: [{ productId: 1, quantity }], __v: 0 });

async function committedState(): Promise<{ path: string; text: string }> {
  const s = inProcessStreamer(temp.path);
  s.setCarts([cart(1), cart(2), cart(3)]);
  await s.cycle();
  return { path: s.stateFile, text: await readFile(s.stateFile, 'utf8') };
}

const read = (path: string) => readStateIndex({ storage: createLocalStorage(), path, what: 'state file' });

describe('reading the state file', () => {
  it('gives null when there is none, and an index of every cart when there is', async () => {
    expect(await read(join(temp.path, 'none.json'))).toBeNull();
    const { path } = await committedState();
    const result = await read(path);
    expect(result && 'index' in result && [...result.index.ids]).toEqual([1, 2, 3]);
  });

  it.each<[string, (text: string) => string, RegExp]>([
    ['cut off before its last line', (t) => t.split('\n').slice(0, 3).join('\n'), /last line .*incomplete|cut off/],
    ['changed by hand', (t) => t.replace('"quantity":1', '"quantity":2'), /checksum does not match/],
    ['with a line that is not a cart line', (t) => t.replace(/\n\{"id":2,[^\n]*/, '\n{"id":"2"}'), /line 3 is not a cart line/],
    ['with its carts out of order', (t) => { const l = t.split('\n'); [l[1], l[2]] = [l[2]!, l[1]!]; return l.join('\n'); }, /ids must ascend/],
    ['with a future format', (t) => t.replace('"state_version":2', '"state_version":3'), /line 1 is not a state header: state_version/],
    ['not JSON at all', () => 'garbage', /not JSON/],
    ['empty', () => '', /empty/],
  ])('stops with a usage error (exit 2) naming the file and --reset-state when it is %s', async (_, damage, reason) => {
    const { path, text } = await committedState();
    await writeFile(path, damage(text));
    await expect(read(path)).rejects.toMatchObject({ name: 'UsageError', message: expect.stringMatching(reason) as unknown });
    await expect(read(path)).rejects.toThrow(/carts_state\.json is not valid[\s\S]*--reset-state/);
  });

  it('given a folder where the file should be, stops with a usage error', async () => {
    const path = join(temp.path, 'carts_state.json');
    await mkdir(path);
    await expect(read(path)).rejects.toMatchObject({ name: 'UsageError', message: expect.stringMatching(/EISDIR/) as unknown });
  });
});

/** A state file of format 1, as versions before the streamed state wrote it. */
const legacyState = {
  state_version: 1,
  committed_at: '2026-11-25T12:00:00.000Z',
  last_batch_id: 'b1',
  carts: {
    '1': { version: 2, hash: 'x', snapshot: { id: 1, userId: 1, date: '2020-03-02T00:00:00.000Z', products: [{ productId: 1, quantity: 5 }] } },
    '2': { version: 1, hash: 'x', snapshot: { id: 2, userId: 1, date: '2020-03-02T00:00:00.000Z', products: [{ productId: 1, quantity: 1 }] } },
    '3': { version: 2, hash: null, snapshot: null },
  },
};

describe('a state file of format 1 (before the streamed state)', () => {
  it('is migrated on the first run with one log line, keeping versions and snapshots: only real changes are announced', async () => {
    const s = inProcessStreamer(temp.path);
    await mkdir(dirname(s.stateFile), { recursive: true });
    await writeFile(s.stateFile, `${JSON.stringify(legacyState)}\n`);
    s.setCarts([cart(1, 5), cart(2, 7), cart(3)]);
    const { messages } = await s.cycle();
    const events = messages.map((m) => [m.attributes['ce-type'], (JSON.parse(m.data) as { cart_id: number; version: number }).cart_id, (JSON.parse(m.data) as { version: number }).version]);
    expect(events).toEqual([['cart_modified', 2, 2], ['cart_created', 3, 3]]);
    const state = await readStateFile(s.stateFile);
    expect(state.header).toMatchObject({ state_version: 2 });
    expect(state.carts['1']).toMatchObject({ version: 2, cart: legacyState.carts['1'].snapshot });
    const backups = (await readdir(dirname(s.stateFile))).filter((f) => f.includes('.bak-'));
    expect(backups).toHaveLength(1);
    expect(JSON.parse(await readFile(join(dirname(s.stateFile), backups[0]!), 'utf8'))).toEqual(legacyState);
  });

  it('with a pending outbox of format 1, publishes its stored messages byte for byte, then commits its state', async () => {
    const s = inProcessStreamer(temp.path);
    await mkdir(dirname(s.stateFile), { recursive: true });
    await writeFile(s.stateFile, `${JSON.stringify(legacyState)}\n`);
    const stored = { orderingKey: 'cart_2', attributes: { 'ce-id': 'stored-id', 'ce-type': 'cart_modified' }, data: '{"cart_id":2,"version":2}' };
    const next = { ...legacyState, carts: { ...legacyState.carts, '2': { version: 2, hash: 'y', snapshot: { ...legacyState.carts['2'].snapshot, products: [{ productId: 1, quantity: 7 }] } } } };
    await writeFile(outboxFile(s.stateFile), JSON.stringify({ outbox_version: 1, batch_id: 'b2', created_at: '2026-11-26T12:00:00.000Z', messages: [stored], next_state: next }));
    s.setCarts([cart(1, 5), cart(2, 7), cart(3)]);
    const { summary, messages } = await s.cycle();
    expect(messages[0]).toEqual(stored);
    expect(summary).toMatchObject({ recovered: 1, created: 1, modified: 0 });
    expect((await readStateFile(s.stateFile)).carts['2']).toMatchObject({ version: 2, cart: { products: [{ productId: 1, quantity: 7 }] } });
  });
});
