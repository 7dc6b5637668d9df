import { cartSchema } from '@fakestore/shared-core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalCartJson, isValidCart } from './cart-check.js';
import { toSnapshot } from './snapshot.js';

/** Values near the cart schema's edges: each field valid, or one of the ways it can be wrong. */
const int = fc.oneof(fc.integer({ min: -3, max: 40 }), fc.constantFrom(0, -0, 1.5, 2 ** 53, 2 ** 53 - 1, 1e21, Number.MAX_VALUE, Number.POSITIVE_INFINITY, Number.NaN), fc.double());
const anything = fc.oneof(fc.constant(undefined), fc.constant(null), fc.string(), fc.boolean(), fc.array(fc.integer(), { maxLength: 2 }), fc.object({ maxDepth: 1 }));
const field = <T>(valid: fc.Arbitrary<T>) => fc.oneof({ weight: 40, arbitrary: valid }, { weight: 1, arbitrary: int }, { weight: 1, arbitrary: anything });
const date = fc.oneof(
  fc.constantFrom('2020-03-02T00:00:00.000Z', '2020-03-02', '2020-3-02', '2020-02-30T00:00:00Z', '2020-13-01', '20200302', '2020-03-02 junk', '2020-03-02T25:00:00Z', '9999-12-31T23:59:59.999Z', '"2020-03-02"', '2020-03-02\u2028'),
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
  fc.string(),
);
const line = fc.record({ productId: field(fc.integer({ min: 1, max: 30 })), quantity: field(fc.integer({ min: 1, max: 9 })), extra: anything }, { requiredKeys: ['productId', 'quantity'] });
const cartLike = fc.record(
  {
    id: field(fc.integer({ min: 1, max: 2 ** 40 })),
    userId: field(fc.integer({ min: 1, max: 50 })),
    date: field(date),
    products: field(fc.array(fc.oneof({ weight: 40, arbitrary: line }, { weight: 1, arbitrary: anything }), { maxLength: 5 })),
    __v: field(fc.integer({ min: 0, max: 3 })),
    more: anything,
  },
  { requiredKeys: ['id', 'userId', 'date', 'products'] },
);

describe('the fast cart check', () => {
  it('accepts exactly what the shared cart schema (zod) accepts, near its edges and on any JSON value', () => {
    let accepted = 0;
    fc.assert(
      fc.property(fc.oneof({ weight: 5, arbitrary: cartLike }, { weight: 1, arbitrary: fc.jsonValue() }), (value) => {
        const valid = cartSchema.safeParse(value).success;
        expect(isValidCart(value)).toBe(valid);
        if (valid) accepted++;
      }),
      { numRuns: 20_000 },
    );
    // Both sides of the edge were explored.
    expect(accepted).toBeGreaterThan(1000);
    expect(accepted).toBeLessThan(19_000);
  });

  it('gives, for every valid cart, the canonical JSON of JSON.stringify(toSnapshot(cart)) byte for byte', () => {
    const valid = fc.record({
      id: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
      userId: fc.integer({ min: 1, max: 1000 }),
      date: fc.oneof(fc.date({ noInvalidDate: true, min: new Date(0), max: new Date(4e12) }).map((d) => d.toISOString()), fc.constantFrom('2020-03-02', '2020-03-02T00:00:00+02:00')),
      products: fc.array(fc.record({ productId: fc.integer({ min: 1, max: 30 }), quantity: fc.integer({ min: 1, max: 9 }), note: fc.string() }), { maxLength: 6 }),
      __v: fc.integer({ min: 0, max: 9 }),
    });
    fc.assert(
      fc.property(valid, (cart) => {
        expect(isValidCart(cart)).toBe(true);
        expect(canonicalCartJson(cart)).toBe(JSON.stringify(toSnapshot(cart)));
      }),
      { numRuns: 5000 },
    );
  });

  it('leaves the record it canonicalises as it was (lines sorted in a copy)', () => {
    const cart = { id: 1, userId: 2, date: '2020-03-02T00:00:00.000Z', products: [{ productId: 3, quantity: 1 }, { productId: 1, quantity: 2 }] };
    expect(canonicalCartJson(cart)).toBe('{"id":1,"userId":2,"date":"2020-03-02T00:00:00.000Z","products":[{"productId":1,"quantity":2},{"productId":3,"quantity":1}]}');
    expect(cart.products[0]!.productId).toBe(3);
  });
});
