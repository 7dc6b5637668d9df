import { beforeEach, describe, expect, it } from 'vitest';
import type { Cart } from '../src/index.js';
import { compact, realCarts } from './support/real-data.js';
import { call, parse, sendJson, useSim } from './support/sim.js';

interface LoggedRequest {
  method: string;
  path: string;
  receivedAt: number;
}

describe('admin routes', () => {
  const sim = useSim();
  beforeEach(async () => {
    await call(sim(), '/__admin/reset', { method: 'POST' });
  });

  describe('PUT /__admin/carts/:id', () => {
    const cart = { userId: 2, date: '2021-06-15', products: [{ productId: 3, quantity: 2 }] };

    it('creates a cart, answering with it as stored (id, full date, __v)', async () => {
      const answer = await call(sim(), '/__admin/carts/8', sendJson('PUT', cart));
      expect(answer.status).toBe(200);
      const stored = { id: 8, userId: 2, date: '2021-06-15T00:00:00.000Z', products: [{ productId: 3, quantity: 2 }], __v: 0 };
      expect(answer.text).toBe(compact(stored));
      expect(parse(await call(sim(), '/carts/8'))).toEqual(stored);
      expect(parse<Cart[]>(await call(sim(), '/carts')).map((each) => each.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
      expect(parse<Cart[]>(await call(sim(), '/carts/user/2')).map((each) => each.id)).toEqual([3, 8]);
      expect(parse<Cart[]>(await call(sim(), '/carts?startdate=2021-01-01')).map((each) => each.id)).toEqual([8]);
    });

    it('replaces an existing cart in place, keeping the id order', async () => {
      await call(sim(), '/__admin/carts/2', sendJson('PUT', { ...cart, date: '2020-05-05T10:30:00Z' }));
      const carts = parse<Cart[]>(await call(sim(), '/carts'));
      expect(carts.map((each) => each.id)).toEqual([1, 2, 3, 4, 5, 6, 7]);
      expect(carts[1]).toEqual({ id: 2, userId: 2, date: '2020-05-05T10:30:00.000Z', products: cart.products, __v: 0 });
    });

    it('accepts a cart as GET served it (with id and __v)', async () => {
      const answer = await call(sim(), '/__admin/carts/1', sendJson('PUT', { ...realCarts[0], userId: 9 }));
      expect(answer.status).toBe(200);
      expect(parse<Cart>(await call(sim(), '/carts/1')).userId).toBe(9);
    });

    it.each([
      [{ ...cart, userId: 'two' }, 'userId'],
      [{ ...cart, date: '15/06/2021' }, 'date'],
      [{ ...cart, products: [{ productId: 3, quantity: 0 }] }, 'products.0.quantity'],
      [{ userId: 2, date: '2021-06-15' }, 'products'],
      [{ ...cart, colour: 'red' }, 'colour'],
      [{ ...cart, id: 5 }, 'id'],
    ])('rejects a bad body with 400 naming the field (%j)', async (body, field) => {
      const answer = await call(sim(), '/__admin/carts/8', sendJson('PUT', body));
      expect(answer.status).toBe(400);
      expect(parse<{ message: string }>(answer).message).toContain(field);
      expect((await call(sim(), '/carts/8')).text).toBe('null');
    });

    it('rejects a body that is not JSON, and a non-numeric id', async () => {
      expect((await call(sim(), '/__admin/carts/8', { method: 'PUT', body: 'nope' })).status).toBe(400);
      expect((await call(sim(), '/__admin/carts/x', sendJson('PUT', cart))).status).toBe(400);
    });
  });

  describe('PATCH /__admin/products/:id', () => {
    it('changes a price that every product route then serves, until a reset', async () => {
      const answer = await call(sim(), '/__admin/products/1', sendJson('PATCH', { price: 99.5 }));
      expect(answer.status).toBe(200);
      expect(parse<{ id: number; price: number }>(answer)).toMatchObject({ id: 1, price: 99.5 });
      expect(parse<{ price: number }>(await call(sim(), '/products/1')).price).toBe(99.5);
      expect(parse<{ id: number; price: number }[]>(await call(sim(), '/products'))[0]).toMatchObject({ id: 1, price: 99.5 });
      await call(sim(), '/__admin/reset', { method: 'POST' });
      expect(parse<{ price: number }>(await call(sim(), '/products/1')).price).toBe(109.95);
    });

    it('keeps the categories list in step with a changed category', async () => {
      await call(sim(), '/__admin/products/1', sendJson('PATCH', { category: 'aardvarks' }));
      expect(parse<string[]>(await call(sim(), '/products/categories'))[0]).toBe('aardvarks');
    });

    it('answers 404 for an unknown product and 400 naming a bad field', async () => {
      expect((await call(sim(), '/__admin/products/999', sendJson('PATCH', { price: 1 }))).status).toBe(404);
      const bad = await call(sim(), '/__admin/products/1', sendJson('PATCH', { price: 'free' }));
      expect(bad.status).toBe(400);
      expect(bad.text).toMatch(/price/);
    });
  });

  describe('DELETE /__admin/carts/:id', () => {
    it('removes the cart from every cart route and answers {"deleted": id}', async () => {
      const answer = await call(sim(), '/__admin/carts/3', { method: 'DELETE' });
      expect(answer.status).toBe(200);
      expect(parse(answer)).toEqual({ deleted: 3 });
      expect((await call(sim(), '/carts/3')).text).toBe('null');
      expect(parse<Cart[]>(await call(sim(), '/carts')).map((each) => each.id)).toEqual([1, 2, 4, 5, 6, 7]);
      expect(parse(await call(sim(), '/carts/user/2'))).toEqual([]);
    });

    it('answers 404 JSON for a cart that does not exist', async () => {
      const answer = await call(sim(), '/__admin/carts/99', { method: 'DELETE' });
      expect(answer.status).toBe(404);
      expect(parse<{ status: string }>(answer).status).toBe('error');
    });

    it('makes the next POST id reflect the new count', async () => {
      await call(sim(), '/__admin/carts/7', { method: 'DELETE' });
      expect(parse<{ id: number }>(await call(sim(), '/carts', sendJson('POST', {}))).id).toBe(7);
    });
  });

  describe('POST /__admin/reset', () => {
    it('restores the initial data and clears faults and the request log', async () => {
      await call(sim(), '/__admin/carts/1', { method: 'DELETE' });
      await call(sim(), '/__admin/carts/50', sendJson('PUT', { userId: 1, date: '2020-01-01', products: [] }));
      await call(sim(), '/__admin/faults', sendJson('POST', { count: 5, status: 500 }));
      const reset = await call(sim(), '/__admin/reset', { method: 'POST' });
      expect(parse(reset)).toEqual({ reset: true });
      expect(parse(await call(sim(), '/__admin/faults'))).toEqual({ faults: [] });
      expect(parse(await call(sim(), '/__admin/requests'))).toEqual({ requests: [] });
      expect((await call(sim(), '/carts')).text).toBe(compact(realCarts));
    });
  });

  describe('the request log', () => {
    it('records non-admin requests in order with method, path (query included) and arrival time', async () => {
      const before = Date.now();
      await call(sim(), '/products?limit=1');
      await call(sim(), '/nope');
      await call(sim(), '/users', sendJson('POST', {}));
      const after = Date.now();
      const { requests } = parse<{ requests: LoggedRequest[] }>(await call(sim(), '/__admin/requests'));
      expect(requests.map(({ method, path }) => `${method} ${path}`)).toEqual(['GET /products?limit=1', 'GET /nope', 'POST /users']);
      for (const entry of requests) {
        expect(entry.receivedAt).toBeGreaterThanOrEqual(before);
        expect(entry.receivedAt).toBeLessThanOrEqual(after);
      }
    });

    it('DELETE /__admin/requests empties it', async () => {
      await call(sim(), '/products/1');
      expect(parse(await call(sim(), '/__admin/requests', { method: 'DELETE' }))).toEqual({ cleared: 1 });
      expect(parse(await call(sim(), '/__admin/requests'))).toEqual({ requests: [] });
    });
  });

  it('answers an unknown admin route with a 404 JSON error listing the known ones', async () => {
    const answer = await call(sim(), '/__admin/everything');
    expect(answer.status).toBe(404);
    expect(parse<{ message: string }>(answer).message).toContain('POST /__admin/faults');
  });
});
