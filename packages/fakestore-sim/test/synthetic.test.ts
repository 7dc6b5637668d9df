import { describe, expect, it } from 'vitest';
import type { Cart, Product, User } from '../src/index.js';
import { cartSchema, fieldOrder, productSchema, userSchema } from './support/quirks.js';
import { realCarts, realProducts, realUsers } from './support/real-data.js';
import { call, parse, useSim } from './support/sim.js';

const bodies = async (sim: ReturnType<ReturnType<typeof useSim>>): Promise<string[]> =>
  Promise.all(['/products', '/users', '/carts'].map(async (path) => (await call(sim, path)).text));

describe('synthetic mode', () => {
  const seeded = useSim({ products: 50, users: 30, carts: 500, seed: 42 });
  const sameSeed = useSim({ products: 50, users: 30, carts: 500, seed: 42 });
  const otherSeed = useSim({ products: 50, users: 30, carts: 500, seed: 43 });
  const defaults = useSim({ seed: 9 });

  it('serves byte-identical data for the same seed', async () => {
    expect(await bodies(seeded())).toEqual(await bodies(sameSeed()));
  });

  it('serves different data for a different seed', async () => {
    const [first, second] = [await bodies(seeded()), await bodies(otherSeed())];
    for (const index of [0, 1, 2]) expect(first[index]).not.toBe(second[index]);
  });

  it('serves the requested counts, with ids 1..N', async () => {
    const products = parse<Product[]>(await call(seeded(), '/products'));
    const users = parse<User[]>(await call(seeded(), '/users'));
    const carts = parse<Cart[]>(await call(seeded(), '/carts'));
    expect([products.length, users.length, carts.length]).toEqual([50, 30, 500]);
    expect(carts.map((cart) => cart.id)).toEqual(Array.from({ length: 500 }, (_, index) => index + 1));
  });

  it('fills unspecified counts with the real sizes (20 products, 10 users, 7 carts), generated', async () => {
    const products = parse<Product[]>(await call(defaults(), '/products'));
    expect(products).toHaveLength(20);
    expect(parse<User[]>(await call(defaults(), '/users'))).toHaveLength(10);
    expect(parse<Cart[]>(await call(defaults(), '/carts'))).toHaveLength(7);
    expect(products).not.toEqual(realProducts);
  });

  it('generates records of the real shapes, fields in the real order, quirks included', async () => {
    const products = parse<Product[]>(await call(seeded(), '/products'));
    const users = parse<User[]>(await call(seeded(), '/users'));
    const carts = parse<Cart[]>(await call(seeded(), '/carts'));
    for (const product of products) {
      productSchema.parse(product);
      expect(fieldOrder(product)).toBe(fieldOrder(realProducts[0]));
    }
    for (const user of users) {
      userSchema.parse(user);
      expect(fieldOrder(user)).toBe(fieldOrder(realUsers[0]));
    }
    for (const cart of carts) {
      cartSchema.parse(cart);
      expect(fieldOrder(cart)).toBe(fieldOrder(realCarts[0]));
    }
    expect(products.some((product) => Number.isInteger(product.price))).toBe(true);
    expect(products.some((product) => !Number.isInteger(product.price))).toBe(true);
  });

  it('makes carts of 1 to 5 distinct lines that refer to existing products and users', async () => {
    const carts = parse<Cart[]>(await call(seeded(), '/carts'));
    for (const cart of carts) {
      expect(cart.products.length).toBeGreaterThanOrEqual(1);
      expect(cart.products.length).toBeLessThanOrEqual(5);
      const productIds = cart.products.map((line) => line.productId);
      expect(new Set(productIds).size).toBe(productIds.length);
      expect(productIds.every((id) => id >= 1 && id <= 50)).toBe(true);
      expect(cart.userId).toBeGreaterThanOrEqual(1);
      expect(cart.userId).toBeLessThanOrEqual(30);
    }
  });

  it('answers the same routes and queries as with real data', async () => {
    const sim = seeded();
    const all = parse<Cart[]>(await call(sim, '/carts'));
    const january = all.filter((cart) => cart.date >= '2020-01-01' && cart.date < '2020-02-01');
    expect(parse(await call(sim, '/carts?startdate=2020-01-01&enddate=2020-02-01'))).toEqual(january);
    expect(parse(await call(sim, '/carts/user/7'))).toEqual(all.filter((cart) => cart.userId === 7));
    expect(parse(await call(sim, '/carts?sort=desc&limit=3'))).toEqual(all.slice(-3).reverse());
    expect((await call(sim, '/products/51')).text).toBe('');
  });
});

describe('a large synthetic data set', () => {
  const large = useSim({ carts: 100_000, seed: 5 });

  it('streams 100k carts as one valid JSON array', async () => {
    const answer = await call(large(), '/carts');
    expect(answer.status).toBe(200);
    // Streamed: chunked, so no content-length up front.
    expect(answer.headers.get('content-length')).toBeNull();
    const carts = parse<Cart[]>(answer);
    expect(carts).toHaveLength(100_000);
    expect(carts[99_999]?.id).toBe(100_000);
  });

  it('serves single carts by id without building the whole list', async () => {
    const cart = parse<Cart>(await call(large(), '/carts/54321'));
    expect(cart.id).toBe(54_321);
    cartSchema.parse(cart);
  });
});
