import { readFile, rm } from 'node:fs/promises';
import { makeTempDir, type TempDir } from '@fakestore/test-utils';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventMessage } from '../src/core/events.js';
import { versionMarkFile } from '../src/core/paths.js';
import { canonicalJson } from '../src/core/snapshot.js';
import { inProcessStreamer, memorySink } from './support/in-process.js';
import { readStateFile } from './support/streamer.js';

type Cart = { id: number; userId: number; date: string; products: { productId: number; quantity: number }[]; __v?: number };
const cart = (id: number, quantity = 1, over: Partial<Cart> = {}): Cart =>
  ({ id, userId: 1 + (id % 3), date: '2020-03-02T00:00:00.000Z', products: [{ productId: 1, quantity }], __v: 0, ...over });

let temp: TempDir;
beforeEach(async () => { temp = await makeTempDir('cycle-core-'); });
afterEach(() => temp.remove());

const data = (m: EventMessage) => JSON.parse(m.data) as { cart_id: number; version: number; before: Cart | null; after: Cart | null };
const typeIdVersion = (m: EventMessage) => [m.attributes['ce-type'], data(m).cart_id, data(m).version];

describe('a cycle over the streamed state', () => {
  it('given no state, creates every cart at version 1, in id order, and commits a state a person can read', async () => {
    const s = inProcessStreamer(temp.path);
    s.setCarts([cart(3), cart(1), cart(2)]);
    const { summary, messages } = await s.cycle();
    expect(messages.map(typeIdVersion)).toEqual([['cart_created', 1, 1], ['cart_created', 2, 1], ['cart_created', 3, 1]]);
    expect(summary).toMatchObject({ fetched: 3, created: 3, published: 3 });
    const state = await readStateFile(s.stateFile);
    expect(state.manifest).toMatchObject({ state_version: 3, version_floor: 1, carts: 3, live: 3 });
    const lines = (await readFile(state.segments[0]!, 'utf8')).trim().split('\n');
    expect(JSON.parse(lines[0]!)).toMatchObject({ state_version: 2, version_floor: 1, carts: 3 });
    expect(JSON.parse(lines[1]!)).toMatchObject({ id: 1, version: 1, cart: { id: 1, userId: 2, date: '2020-03-02T00:00:00.000Z', products: [{ productId: 1, quantity: 1 }] } });
    expect(JSON.parse(lines[4]!)).toMatchObject({ end: true, carts: 3, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) as unknown });
  });

  it('given the same fetch again, publishes nothing and does not rewrite the state', async () => {
    const s = inProcessStreamer(temp.path);
    s.setCarts([cart(1), cart(2)]);
    await s.cycle();
    const before = await readFile(s.stateFile, 'utf8');
    const { summary, messages } = await s.cycle();
    expect(messages).toEqual([]);
    expect(summary).toMatchObject({ created: 0, modified: 0, deleted: 0 });
    expect(await readFile(s.stateFile, 'utf8')).toBe(before);
  });

  it('sees no change when only the line order or __v differ, and keeps the new record digest without an event', async () => {
    const s = inProcessStreamer(temp.path);
    const lines = [{ productId: 1, quantity: 2 }, { productId: 3, quantity: 1 }];
    s.setCarts([cart(1, 1, { products: lines })]);
    await s.cycle();
    s.setCarts([cart(1, 1, { products: [...lines].reverse(), __v: 4 })]);
    expect((await s.cycle()).messages).toEqual([]);
    const state = await readStateFile(s.stateFile);
    expect(state.carts['1']).toMatchObject({ version: 1, seen: expect.stringMatching(/^[0-9a-f]{32}$/) as unknown });
    expect((await s.cycle()).messages).toEqual([]);
  });

  it('emits modified with before and after, deleted with the last snapshot, and keeps counting across delete and re-create', async () => {
    const s = inProcessStreamer(temp.path);
    s.setCarts([cart(1), cart(2), cart(3)]);
    await s.cycle();
    s.setCarts([cart(1, 5), cart(2)]);
    const second = await s.cycle();
    expect(second.messages.map(typeIdVersion)).toEqual([['cart_modified', 1, 2], ['cart_deleted', 3, 2]]);
    expect(data(second.messages[0]!)).toMatchObject({ before: { products: [{ quantity: 1 }] }, after: { products: [{ quantity: 5 }] } });
    expect(data(second.messages[1]!)).toMatchObject({ before: { id: 3 }, after: null });
    s.setCarts([cart(1, 5), cart(2), cart(3)]);
    expect((await s.cycle()).messages.map(typeIdVersion)).toEqual([['cart_created', 3, 3]]);
  });

  it('gives A -> B -> A three distinct event ids', async () => {
    const s = inProcessStreamer(temp.path);
    const ids: string[] = [];
    for (const quantity of [1, 2, 1]) {
      s.setCarts([cart(1, quantity)]);
      ids.push(...(await s.cycle()).messages.map((m) => m.attributes['ce-id']!));
    }
    expect(ids).toHaveLength(3);
    expect(new Set(ids).size).toBe(3);
  });

  it('withholds deletes when more than the threshold vanish, or when the fetch is empty, unless allowed (never on empty)', async () => {
    const s = inProcessStreamer(temp.path);
    s.setCarts([cart(1), cart(2), cart(3)]);
    await s.cycle();
    s.setCarts([cart(1)]);
    expect(await s.cycle()).toMatchObject({ summary: { withheld_deletes: 2, deleted: 0 }, messages: [] });
    s.setCarts([]);
    expect(await s.cycle()).toMatchObject({ summary: { withheld_deletes: 3 }, messages: [] });
    const allowed = inProcessStreamer(temp.path, { allowMassDelete: true });
    allowed.setCarts([]);
    expect((await allowed.cycle()).messages).toEqual([]);
    allowed.setCarts([cart(1)]);
    expect((await allowed.cycle()).messages.map(typeIdVersion)).toEqual([['cart_deleted', 2, 2], ['cart_deleted', 3, 2]]);
  });

  it('quarantines an invalid cart and keeps its last state; with an unreadable id, withholds every delete', async () => {
    const s = inProcessStreamer(temp.path);
    s.setCarts([cart(1), cart(2), cart(3), cart(4)]);
    await s.cycle();
    s.setCarts([cart(1), { ...cart(2), products: 'none' }, cart(3), cart(4)]);
    const quarantined = await s.cycle();
    expect(quarantined).toMatchObject({ summary: { quarantined: 1, deleted: 0 }, messages: [] });
    s.setCarts([cart(1), cart(2), { id: 'x1' }]);
    expect(await s.cycle()).toMatchObject({ summary: { quarantined: 1, withheld_deletes: 2 }, messages: [] });
  });

  it('refuses a fetch that lists a cart twice, known or new, and commits nothing', async () => {
    const s = inProcessStreamer(temp.path);
    s.setCarts([cart(1)]);
    await s.cycle();
    const state = await readFile(s.stateFile, 'utf8');
    for (const carts of [[cart(1), cart(1, 2)], [cart(5), cart(5)]]) {
      s.setCarts(carts);
      await expect(s.cycle()).rejects.toThrow(/appears twice/);
    }
    expect(await readFile(s.stateFile, 'utf8')).toBe(state);
  });

  it('given fetches in any id order, emits the same events as in ascending order', async () => {
    const sorted = inProcessStreamer(`${temp.path}/a`);
    const shuffled = inProcessStreamer(`${temp.path}/b`);
    sorted.setCarts([1, 2, 3, 4, 5].map((id) => cart(id)));
    shuffled.setCarts([4, 2, 5, 1, 3].map((id) => cart(id)));
    const a = (await sorted.cycle()).messages.map((m) => m.data);
    const b = (await shuffled.cycle()).messages.map((m) => m.data);
    expect(b.map((d) => d.replace(/"detected_at":"[^"]+"/, ''))).toEqual(a.map((d) => d.replace(/"detected_at":"[^"]+"/, '')));
  });
});

describe('versions after a lost state', () => {
  it('given the state file lost but its version mark kept, starts every cart above the highest version used', async () => {
    const s = inProcessStreamer(temp.path);
    s.setCarts([cart(1), cart(2)]);
    await s.cycle();
    s.setCarts([cart(1, 9), cart(2)]);
    await s.cycle();
    expect(JSON.parse(await readFile(versionMarkFile(s.stateFile), 'utf8'))).toEqual({ max_version: 2 });
    await rm(s.stateFile);
    const { messages } = await s.cycle();
    expect(messages.map(typeIdVersion)).toEqual([['cart_created', 1, 3], ['cart_created', 2, 3]]);
    s.setCarts([cart(1, 9), cart(2), cart(3)]);
    expect((await s.cycle()).messages.map(typeIdVersion)).toEqual([['cart_created', 3, 3]]);
  });
});

const lines = fc.array(fc.record({ productId: fc.integer({ min: 1, max: 20 }), quantity: fc.integer({ min: 1, max: 9 }) }), { minLength: 1, maxLength: 4 });
const cartSet = fc.uniqueArray(
  fc.record({ id: fc.integer({ min: 1, max: 30 }), lines, day: fc.integer({ min: 1, max: 28 }), userId: fc.integer({ min: 1, max: 10 }) }),
  { selector: (c) => c.id, maxLength: 12 },
).map((carts) => carts.map((c): Cart => ({ id: c.id, userId: c.userId, date: `2020-03-${String(c.day).padStart(2, '0')}T00:00:00.000Z`, products: c.lines })));

/** What a consumer of the events believes: cart id -> canonical JSON. */
function apply(live: Map<number, string>, messages: EventMessage[]): Map<number, string> {
  const next = new Map(live);
  for (const m of messages) {
    const d = data(m);
    if (d.after) next.set(d.cart_id, JSON.stringify(d.after));
    else next.delete(d.cart_id);
  }
  return next;
}

describe('cycle properties', () => {
  it('applying the events of every cycle to an empty view yields each fetch; ids never repeat; versions only go up', async () => {
    let run = 0;
    await fc.assert(fc.asyncProperty(fc.array(cartSet, { minLength: 1, maxLength: 5 }), async (sequence) => {
      const s = inProcessStreamer(`${temp.path}/p${run++}`, { allowMassDelete: true });
      let view = new Map<number, string>();
      const ids = new Set<string>();
      const lastVersion = new Map<number, number>();
      for (const fetched of [...sequence, sequence[0]!]) {
        s.setCarts(fetched);
        const { messages } = await s.cycle();
        view = apply(view, messages);
        for (const m of messages) {
          expect(ids.has(m.attributes['ce-id']!)).toBe(false);
          ids.add(m.attributes['ce-id']!);
          const d = data(m);
          expect(d.version).toBeGreaterThan(lastVersion.get(d.cart_id) ?? 0);
          lastVersion.set(d.cart_id, d.version);
        }
        if (fetched.length > 0) expect(view).toEqual(new Map(fetched.map((c) => [c.id, canonicalJson(c)])));
      }
    }), { numRuns: 25 });
  });

  it('given a sink that fails some carts, dead-letters exactly those and still commits', async () => {
    await fc.assert(fc.asyncProperty(cartSet, fc.integer({ min: 1, max: 30 }), async (carts, failing) => {
      const memory = memorySink((m) => (m.orderingKey === `cart_${failing}` ? 'boom' : undefined));
      const s = inProcessStreamer(`${temp.path}/d${failing}-${carts.length}-${Math.random()}`, { sink: memory.sink });
      s.setCarts(carts);
      const { summary } = await s.cycle();
      const failed = carts.some((c) => c.id === failing) ? 1 : 0;
      expect(summary).toMatchObject({ published: carts.length - failed, dead_lettered: failed });
    }), { numRuns: 10 });
  });
});
