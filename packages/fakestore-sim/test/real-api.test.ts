import { describe, expect, it } from 'vitest';
import { INVALID_DATE_MESSAGE, type Cart } from '../src/index.js';
import { cartSchema, productSchema, userSchema } from './support/quirks.js';
import { compact, realCarts, realProducts, realUsers } from './support/real-data.js';
import { call, parse, useSim } from './support/sim.js';

const JSON_TYPE = 'application/json; charset=utf-8';

describe('the simulator serving the real captured data', () => {
  const sim = useSim();

  describe('collections, byte for byte', () => {
    it.each([
      ['/products', realProducts],
      ['/users', realUsers],
      ['/carts', realCarts],
    ] as const)('GET %s returns the captured JSON, compact, fields in their original order', async (path, captured) => {
      const answer = await call(sim(), path);
      expect(answer.status).toBe(200);
      expect(answer.headers.get('content-type')).toBe(JSON_TYPE);
      expect(answer.text).toBe(compact(captured));
      expect(parse(answer)).toEqual(captured);
    });

    it('GET /products/1 is the first captured product, byte for byte', async () => {
      const answer = await call(sim(), '/products/1');
      expect(answer.status).toBe(200);
      expect(answer.headers.get('content-type')).toBe(JSON_TYPE);
      expect(answer.text).toBe(compact(realProducts[0]));
    });

    it.each([
      ['/users/3', realUsers[2]],
      ['/carts/7', realCarts[6]],
      ['/products/20', realProducts[19]],
    ])('GET %s is the captured record with that id', async (path, record) => {
      expect((await call(sim(), path)).text).toBe(compact(record));
    });

    it('keeps the real quirks: integer prices and rates, string coordinates, __v, midnight dates', async () => {
      const products = parse<{ price: number; rating: { rate: number } }[]>(await call(sim(), '/products'));
      expect(products.some((product) => Number.isInteger(product.price))).toBe(true);
      expect(products.some((product) => Number.isInteger(product.rating.rate))).toBe(true);
      for (const product of products) productSchema.parse(product);
      for (const user of parse<unknown[]>(await call(sim(), '/users'))) userSchema.parse(user);
      for (const cart of parse<unknown[]>(await call(sim(), '/carts'))) cartSchema.parse(cart);
    });
  });

  describe('missing and malformed ids', () => {
    it('answers a missing product with 200 and an empty body (content-length 0)', async () => {
      const answer = await call(sim(), '/products/999');
      expect(answer.status).toBe(200);
      expect(answer.headers.get('content-length')).toBe('0');
      expect(answer.headers.get('content-type')).toBe(JSON_TYPE);
      expect(answer.text).toBe('');
    });

    it.each(['/users/999', '/carts/999'])('answers missing %s with 200 and a JSON null', async (path) => {
      const answer = await call(sim(), path);
      expect(answer.status).toBe(200);
      expect(answer.text).toBe('null');
    });

    it.each([
      ['/products/abc', 'product id should be provided'],
      ['/users/abc', 'user id should be provided'],
      ['/carts/abc', 'cart id should be provided'],
      ['/carts/user/abc', 'user id should be provided'],
      ['/products/1.5', 'product id should be provided'],
    ])('answers non-numeric %s with 400 and the real error body', async (path, message) => {
      const answer = await call(sim(), path);
      expect(answer.status).toBe(400);
      expect(answer.headers.get('content-type')).toBe(JSON_TYPE);
      expect(answer.text).toBe(compact({ status: 'error', message }));
    });
  });

  describe('unknown routes', () => {
    it('answers with an Express-style 404 HTML page naming the method and path (no query)', async () => {
      const answer = await call(sim(), '/nope/deeper?x=1');
      expect(answer.status).toBe(404);
      expect(answer.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(answer.text.startsWith('<!DOCTYPE html>')).toBe(true);
      expect(answer.text).toContain('<pre>Cannot GET /nope/deeper</pre>');
    });

    it('answers a method the route does not have with the same page', async () => {
      const answer = await call(sim(), '/products/categories', { method: 'POST' });
      expect(answer.status).toBe(404);
      expect(answer.text).toContain('Cannot POST /products/categories');
    });

    it('ignores one trailing slash and the case of literal segments, as Express does', async () => {
      expect((await call(sim(), '/products/')).text).toBe(compact(realProducts));
      expect((await call(sim(), '/Products/1')).text).toBe(compact(realProducts[0]));
    });
  });

  describe('categories', () => {
    it('lists the distinct categories in sorted order', async () => {
      const answer = await call(sim(), '/products/categories');
      expect(parse(answer)).toEqual(["electronics", 'jewelery', "men's clothing", "women's clothing"]);
    });

    it('filters products by a percent-encoded category name', async () => {
      const answer = await call(sim(), `/products/category/${encodeURIComponent("men's clothing")}`);
      expect(parse(answer)).toEqual(realProducts.filter((product) => product.category === "men's clothing"));
    });

    it('answers an unknown category with an empty list', async () => {
      expect((await call(sim(), '/products/category/toys')).text).toBe('[]');
    });
  });

  describe('limit and sort', () => {
    it('limit keeps the first N records', async () => {
      expect((await call(sim(), '/products?limit=5')).text).toBe(compact(realProducts.slice(0, 5)));
      expect((await call(sim(), '/users?limit=2')).text).toBe(compact(realUsers.slice(0, 2)));
      expect((await call(sim(), '/carts?limit=3')).text).toBe(compact(realCarts.slice(0, 3)));
    });

    it('sort=desc orders by id descending, and applies before limit', async () => {
      expect(parse(await call(sim(), '/products?sort=desc'))).toEqual([...realProducts].reverse());
      expect(parse(await call(sim(), '/users?sort=desc&limit=2'))).toEqual([realUsers[9], realUsers[8]]);
      expect(parse(await call(sim(), '/carts?sort=desc&limit=1'))).toEqual([realCarts[6]]);
    });

    it('treats a limit that is not a positive number, and any sort but desc, as absent', async () => {
      expect((await call(sim(), '/products?limit=abc&sort=sideways')).text).toBe(compact(realProducts));
      expect((await call(sim(), '/products?limit=0')).text).toBe(compact(realProducts));
    });

    it('limits and sorts within a category too', async () => {
      const jewelery = realProducts.filter((product) => product.category === 'jewelery');
      expect(parse(await call(sim(), '/products/category/jewelery?sort=desc&limit=2'))).toEqual(jewelery.reverse().slice(0, 2));
    });
  });

  describe('cart dates', () => {
    const days = (carts: Cart[]) => carts.map((cart) => cart.date.slice(0, 10));

    it('given startdate=2020-03-01&enddate=2020-03-02, then exactly the 4 carts dated 2020-03-01 come back, as from the real API', async () => {
      const carts = parse<Cart[]>(await call(sim(), '/carts?startdate=2020-03-01&enddate=2020-03-02'));
      expect(carts).toEqual(realCarts.filter((cart) => cart.date.startsWith('2020-03-01')));
      expect(carts.map((cart) => cart.id)).toEqual([3, 5, 6, 7]);
    });

    it('given a range, then startdate is included and enddate is excluded', async () => {
      const carts = parse<Cart[]>(await call(sim(), '/carts?startdate=2020-01-02&enddate=2020-03-01'));
      expect(carts.map((cart) => cart.id)).toEqual([2]);
      expect(days(carts).every((day) => day >= '2020-01-02' && day < '2020-03-01')).toBe(true);
    });

    it('either bound alone works', async () => {
      expect(parse<Cart[]>(await call(sim(), '/carts?startdate=2020-03-02')).map((cart) => cart.id)).toEqual([1]);
      expect(parse<Cart[]>(await call(sim(), '/carts?enddate=2020-01-02')).map((cart) => cart.id)).toEqual([4]);
      expect(parse<Cart[]>(await call(sim(), '/carts?enddate=2020-01-01'))).toEqual([]);
    });

    it.each(['startdate=2020-3-1', 'enddate=yesterday', 'startdate=2020-02-30', 'startdate=2020-01-01T00:00:00Z'])(
      'rejects %s with 400 and the date format message',
      async (query) => {
        const answer = await call(sim(), `/carts?${query}`);
        expect(answer.status).toBe(400);
        expect(answer.text).toBe(compact({ status: 'error', message: INVALID_DATE_MESSAGE }));
      },
    );

    it("lists a user's carts, with the same date filters", async () => {
      expect(parse(await call(sim(), '/carts/user/1'))).toEqual(realCarts.filter((cart) => cart.userId === 1));
      expect(parse<Cart[]>(await call(sim(), '/carts/user/1?startdate=2020-03-01')).map((cart) => cart.id)).toEqual([1]);
      expect((await call(sim(), '/carts/user/99')).text).toBe('[]');
      expect((await call(sim(), '/carts/user/1?enddate=bad')).status).toBe(400);
    });
  });
});
