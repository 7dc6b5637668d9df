import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arrayCartBase } from './cart-base.js';
import { createCartStore } from './cart-store.js';
import type { Cart } from './types.js';

const cart = (id: number, userId = 1): Cart => ({ id, userId, date: '2020-01-01T00:00:00.000Z', products: [], __v: 0 });
const ids = (carts: Iterable<Cart>): number[] => [...carts].map((each) => each.id);

describe('the cart store (immutable base plus admin edits)', () => {
  it('serves the base in id order, either direction', () => {
    const store = createCartStore(arrayCartBase([cart(3), cart(1), cart(2)]));
    expect(ids(store.inOrder('asc'))).toEqual([1, 2, 3]);
    expect(ids(store.inOrder('desc'))).toEqual([3, 2, 1]);
  });

  it('merges added carts into id order, replaces in place and hides removed ones', () => {
    const store = createCartStore(arrayCartBase([cart(2), cart(4), cart(6)]));
    store.put(cart(5));
    store.put(cart(1));
    store.put(cart(4, 9));
    store.remove(2);
    expect(ids(store.inOrder('asc'))).toEqual([1, 4, 5, 6]);
    expect(ids(store.inOrder('desc'))).toEqual([6, 5, 4, 1]);
    expect(store.get(4)?.userId).toBe(9);
    expect(store.get(2)).toBeUndefined();
    expect(store.size).toBe(4);
  });

  it('forgets every edit on reset', () => {
    const store = createCartStore(arrayCartBase([cart(1), cart(2)]));
    store.put(cart(7));
    store.remove(1);
    store.reset();
    expect(ids(store.inOrder('asc'))).toEqual([1, 2]);
  });

  it('a stream already started is not affected by later edits', () => {
    const store = createCartStore(arrayCartBase([cart(1), cart(2)]));
    const stream = store.inOrder('asc');
    store.put(cart(3));
    expect(ids(stream)).toEqual([1, 2]);
  });

  it('behaves like a plain map of carts under any sequence of edits', () => {
    const edit = fc.oneof(
      fc.record({ kind: fc.constant('put' as const), id: fc.integer({ min: 1, max: 12 }), userId: fc.integer({ min: 1, max: 5 }) }),
      fc.record({ kind: fc.constant('remove' as const), id: fc.integer({ min: 1, max: 12 }) }),
    );
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: 12 })), fc.array(edit), (baseIds, edits) => {
        const store = createCartStore(arrayCartBase(baseIds.map((id) => cart(id))));
        const model = new Map(baseIds.map((id) => [id, cart(id)]));
        for (const step of edits) {
          if (step.kind === 'put') {
            store.put(cart(step.id, step.userId));
            model.set(step.id, cart(step.id, step.userId));
          } else {
            expect(store.remove(step.id)).toBe(model.delete(step.id));
          }
        }
        const expected = [...model.values()].sort((a, b) => a.id - b.id);
        expect([...store.inOrder('asc')]).toEqual(expected);
        expect([...store.inOrder('desc')]).toEqual(expected.reverse());
        expect(store.size).toBe(model.size);
      }),
    );
  });
});
