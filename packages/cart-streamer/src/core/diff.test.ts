import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CartChange, type DiffOptions, diffCarts } from './diff.js';
import { eventId } from './events.js';
import { type CartSnapshot, toSnapshot } from './snapshot.js';
import { emptyState, liveCarts, type StreamerState } from './state.js';

const options: DiffOptions = { massDeleteThreshold: 0.5, allowMassDelete: false };
const cart = (id: number, lines: [number, number][] = [[1, 1]], date = '2020-03-02T00:00:00.000Z', userId = 1): CartSnapshot => ({
  id, userId, date, products: lines.map(([productId, quantity]) => ({ productId, quantity })),
});

/** Runs one cycle and commits, as the streamer does. */
function cycle(state: StreamerState, fetched: CartSnapshot[], opts = options) {
  const result = diffCarts(state, fetched, opts);
  return { ...result, state: { ...result.nextState, committed_at: 'now' } as StreamerState };
}

/** Replays changes onto the live carts of a state: what a consumer of the events sees. */
function applyChanges(live: Map<number, CartSnapshot>, changes: CartChange[]): Map<number, CartSnapshot> {
  const next = new Map(live);
  for (const change of changes) {
    if (change.after) next.set(change.cartId, change.after);
    else next.delete(change.cartId);
  }
  return next;
}

describe('cart diff', () => {
  it('on a cold start, every cart is created at version 1', () => {
    const { changes } = cycle(emptyState(), [cart(2), cart(1)]);
    expect(changes.map((c) => [c.type, c.cartId, c.version])).toEqual([
      ['cart_created', 1, 1],
      ['cart_created', 2, 1],
    ]);
  });

  it('sees no change when only the order of product lines differs', () => {
    const first = cycle(emptyState(), [cart(1, [[1, 2], [3, 1]])]);
    const { changes } = cycle(first.state, [cart(1, [[3, 1], [1, 2]])]);
    expect(changes).toEqual([]);
  });

  it('reports a changed date or changed lines as modified, with before and after', () => {
    const first = cycle(emptyState(), [cart(1), cart(2)]);
    const { changes } = cycle(first.state, [cart(1, [[1, 5]]), cart(2, [[1, 1]], '2020-04-01T00:00:00.000Z')]);
    expect(changes.map((c) => [c.type, c.cartId, c.version])).toEqual([
      ['cart_modified', 1, 2],
      ['cart_modified', 2, 2],
    ]);
    expect(changes[0]?.before?.products).toEqual([{ productId: 1, quantity: 1 }]);
    expect(changes[0]?.after?.products).toEqual([{ productId: 1, quantity: 5 }]);
  });

  it('reports a vanished cart as deleted, with the last snapshot as before', () => {
    const first = cycle(emptyState(), [cart(1), cart(2), cart(3)]);
    const { changes } = cycle(first.state, [cart(1), cart(2)]);
    expect(changes).toEqual([{ type: 'cart_deleted', cartId: 3, version: 2, before: cart(3), after: null }]);
  });

  it('withholds deletes when more than the threshold vanished at once, keeping the carts in state', () => {
    const first = cycle(emptyState(), [cart(1), cart(2), cart(3)]);
    const result = cycle(first.state, [cart(1)]);
    expect(result.changes).toEqual([]);
    expect(result.withheldDeletes).toEqual([2, 3]);
    expect([...liveCarts(result.state).keys()].sort()).toEqual([1, 2, 3]);
  });

  it('never turns an empty fetch into mass deletes', () => {
    const first = cycle(emptyState(), [cart(1), cart(2)]);
    expect(cycle(first.state, []).changes).toEqual([]);
  });

  it('deletes anyway when mass deletes are explicitly allowed', () => {
    const first = cycle(emptyState(), [cart(1), cart(2), cart(3)]);
    const result = cycle(first.state, [cart(1)], { ...options, allowMassDelete: true });
    expect(result.changes.map((c) => c.type)).toEqual(['cart_deleted', 'cart_deleted']);
  });

  it('keeps counting versions across delete and re-create, so ids never repeat', () => {
    const created = cycle(emptyState(), [cart(1), cart(2), cart(3)]);
    const deleted = cycle(created.state, [cart(1), cart(2)]);
    const recreated = cycle(deleted.state, [cart(1), cart(2), cart(3)]);
    const ids = [created, deleted, recreated].flatMap((c) => c.changes.filter((x) => x.cartId === 3).map(eventId));
    expect(recreated.changes[0]).toMatchObject({ type: 'cart_created', cartId: 3, version: 3 });
    expect(new Set(ids).size).toBe(3);
  });

  it('never believes an empty fetch, even when mass deletes are allowed', () => {
    const first = cycle(emptyState(), [cart(1), cart(2)]);
    const result = cycle(first.state, [], { ...options, allowMassDelete: true });
    expect(result.changes).toEqual([]);
    expect(result.withheldDeletes).toEqual([1, 2]);
  });

  it('given carts that were fetched but quarantined, keeps them as they were instead of deleting them', () => {
    const first = cycle(emptyState(), [cart(1), cart(2), cart(3)]);
    const result = cycle(first.state, [cart(1), cart(2, [[4, 4]])], { ...options, presentIds: [3] });
    expect(result.changes.map((c) => [c.type, c.cartId])).toEqual([['cart_modified', 2]]);
    expect(result.nextState.carts['3']).toEqual(first.state.carts['3']);
  });

  it('given a fetch with an unidentifiable record, withholds every delete', () => {
    const first = cycle(emptyState(), [cart(1), cart(2), cart(3)]);
    const result = cycle(first.state, [cart(1), cart(2)], { ...options, holdDeletes: true });
    expect(result.changes).toEqual([]);
    expect(result.withheldDeletes).toEqual([3]);
  });

  it('refuses a fetch that lists the same cart twice', () => {
    expect(() => diffCarts(emptyState(), [cart(1), cart(1)], options)).toThrow(/appears twice/);
  });
});

const lines = fc.array(fc.tuple(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 9 })), { minLength: 1, maxLength: 4 });
const cartSet = fc.uniqueArray(
  fc.record({ id: fc.integer({ min: 1, max: 30 }), lines, day: fc.integer({ min: 1, max: 28 }), userId: fc.integer({ min: 1, max: 10 }) }),
  { selector: (c) => c.id, maxLength: 12 },
).map((carts) => carts.map((c) => cart(c.id, c.lines, `2020-03-${String(c.day).padStart(2, '0')}T00:00:00.000Z`, c.userId)));

describe('cart diff properties', () => {
  it('applying the emitted changes to the old carts yields the fetched carts (any non-empty fetch)', () => {
    fc.assert(
      fc.property(cartSet, cartSet, (before, after) => {
        fc.pre(after.length > 0); // an empty fetch is never believed (see above)
        const old = cycle(emptyState(), before).state;
        const result = cycle(old, after, { ...options, allowMassDelete: true });
        const expected = new Map(after.map((c) => [c.id, toSnapshot(c)]));
        expect(applyChanges(liveCarts(old), result.changes)).toEqual(expected);
        expect(liveCarts(result.state)).toEqual(applyChanges(liveCarts(old), result.changes));
      }),
    );
  });

  it('re-running a cycle from the same committed state re-emits the same ids', () => {
    fc.assert(
      fc.property(cartSet, cartSet, (before, after) => {
        const old = cycle(emptyState(), before).state;
        const first = cycle(old, after, { ...options, allowMassDelete: true }).changes.map(eventId);
        const retry = cycle(old, after, { ...options, allowMassDelete: true }).changes.map(eventId);
        expect(retry).toEqual(first);
      }),
    );
  });

  it('every change of a flip-flop sequence gets a distinct id', () => {
    fc.assert(
      fc.property(fc.array(cartSet, { minLength: 2, maxLength: 6 }), (sequence) => {
        let state = emptyState();
        const ids: string[] = [];
        for (const fetched of [...sequence, sequence[0]!]) {
          const result = cycle(state, fetched, { ...options, allowMassDelete: true });
          ids.push(...result.changes.map(eventId));
          state = result.state;
        }
        expect(new Set(ids).size).toBe(ids.length);
      }),
    );
  });
});
