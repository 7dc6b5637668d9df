import { describe, expect, it } from 'vitest';
import { generateSyntheticData, type SyntheticSpec } from './synthetic.js';
import type { Cart } from './types.js';

const spec = (overrides: Partial<SyntheticSpec> = {}): SyntheticSpec => ({ products: 40, users: 15, carts: 300, seed: 3, ...overrides });
const allCarts = (data: ReturnType<typeof generateSyntheticData>): Cart[] =>
  Array.from({ length: data.carts.length }, (_, index) => data.carts.cartAt(index));

describe('synthetic data generation', () => {
  it('is a pure function of its spec', () => {
    const [first, second] = [generateSyntheticData(spec()), generateSyntheticData(spec())];
    expect(JSON.stringify([first.products, first.users, allCarts(first)])).toBe(
      JSON.stringify([second.products, second.users, allCarts(second)]),
    );
  });

  it('keeps products and users unchanged when only the cart count changes', () => {
    const [few, many] = [generateSyntheticData(spec({ carts: 10 })), generateSyntheticData(spec({ carts: 1000 }))];
    expect(many.products).toEqual(few.products);
    expect(many.users).toEqual(few.users);
  });

  it('gives whole-number prices to some products and decimals to others, and string coordinates to users', () => {
    const data = generateSyntheticData(spec({ products: 200 }));
    expect(data.products.filter((product) => Number.isInteger(product.price)).length).toBeGreaterThan(20);
    expect(data.products.filter((product) => !Number.isInteger(product.price)).length).toBeGreaterThan(20);
    for (const user of data.users) expect(typeof user.address.geolocation.lat).toBe('string');
  });

  it('gives users unique usernames and emails', () => {
    const { users } = generateSyntheticData(spec({ users: 2000 }));
    expect(new Set(users.map((user) => user.username)).size).toBe(2000);
    expect(new Set(users.map((user) => user.email)).size).toBe(2000);
  });

  it('dates carts at midnight UTC in 2019-2020 and never repeats a product within a cart', () => {
    for (const cart of allCarts(generateSyntheticData(spec()))) {
      expect(cart.date).toMatch(/^(2019|2020)-\d{2}-\d{2}T00:00:00\.000Z$/);
      expect(new Set(cart.products.map((line) => line.productId)).size).toBe(cart.products.length);
    }
  });

  it('caps lines per cart at the number of products', () => {
    for (const cart of allCarts(generateSyntheticData(spec({ products: 2 })))) expect(cart.products.length).toBeLessThanOrEqual(2);
  });

  it('finds carts by id (1..N) and knows ids it does not have', () => {
    const { carts } = generateSyntheticData(spec());
    expect(carts.indexOfId(1)).toBe(0);
    expect(carts.indexOfId(300)).toBe(299);
    expect(carts.indexOfId(301)).toBe(-1);
    expect(carts.indexOfId(0)).toBe(-1);
    expect(() => carts.cartAt(300)).toThrow(RangeError);
  });

  it('refuses carts with no users or products to refer to', () => {
    expect(() => generateSyntheticData(spec({ users: 0 }))).toThrow(/at least one user/);
  });
});
