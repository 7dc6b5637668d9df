import { describe, expect, it } from 'vitest';
import { batchIdOf, planCycle, rejectedCartId } from './plan.js';
import { emptyState } from './state.js';

const cart = (id: number, quantity = 1) => ({ id, userId: 1, date: '2020-03-02T00:00:00.000Z', products: [{ productId: 1, quantity }] });
const options = { massDeleteThreshold: 0.5, allowMassDelete: false };
const at = '2026-11-26T12:00:00.000Z';

function committed(carts: ReturnType<typeof cart>[]) {
  return { ...planCycle({ state: emptyState(), valid: carts, rejected: [], detectedAt: at, options }).nextState, committed_at: at };
}

describe('planCycle', () => {
  it('turns every change into a message, in change order, under one deterministic batch id', () => {
    const input = { state: emptyState(), valid: [cart(2), cart(1)], rejected: [], detectedAt: at, options };
    const plan = planCycle(input);
    expect(plan.messages.map((m) => m.orderingKey)).toEqual(['cart_1', 'cart_2']);
    expect(plan.batchId).toBe(batchIdOf(plan.messages));
    expect(planCycle(input).batchId).toBe(plan.batchId);
    expect(planCycle({ ...input, valid: [cart(1)] }).batchId).not.toBe(plan.batchId);
  });

  it('given nothing changed, plans no batch', () => {
    const state = committed([cart(1)]);
    expect(planCycle({ state, valid: [cart(1)], rejected: [], detectedAt: at, options })).toMatchObject({ messages: [], batchId: null });
  });

  it('given a rejected record with a readable id, keeps that cart as it was', () => {
    const state = committed([cart(1), cart(2)]);
    const plan = planCycle({ state, valid: [cart(1)], rejected: [{ id: 2, products: 'none' }], detectedAt: at, options });
    expect(plan.changes).toEqual([]);
    expect(plan.nextState.carts['2']).toEqual(state.carts['2']);
  });

  it('given a rejected record without a readable id, withholds every delete', () => {
    const state = committed([cart(1), cart(2), cart(3), cart(4)]);
    const plan = planCycle({ state, valid: [cart(1), cart(2), cart(3)], rejected: [{ id: 'x1' }], detectedAt: at, options });
    expect(plan).toMatchObject({ changes: [], withheldDeletes: [4], unidentified: 1 });
  });
});

describe('rejectedCartId', () => {
  it('reads positive whole ids, also as digit strings, and nothing else', () => {
    expect([{ id: 5 }, { id: '7' }, { id: 0 }, { id: 1.5 }, { id: 'x1' }, {}, null, 'cart', [1]].map(rejectedCartId))
      .toEqual([5, 7, undefined, undefined, undefined, undefined, undefined, undefined, undefined]);
  });
});
