import { beforeEach, describe, expect, it } from 'vitest';
import type { Cart, Product, User } from '../src/index.js';
import { compact, realCarts, realProducts } from './support/real-data.js';
import { call, parse, sendJson, useSim } from './support/sim.js';

describe('fault injection', () => {
  const sim = useSim();
  const queue = async (fault: Record<string, unknown>) => call(sim(), '/__admin/faults', sendJson('POST', fault));
  beforeEach(async () => {
    await call(sim(), '/__admin/reset', { method: 'POST' });
  });

  describe('status', () => {
    it('a 5xx status answers with a Cloudflare-like HTML page', async () => {
      await queue({ count: 1, status: 502 });
      const answer = await call(sim(), '/products');
      expect(answer.status).toBe(502);
      expect(answer.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(answer.text).toContain('502 Bad Gateway');
      expect(answer.text).toContain('cloudflare');
    });

    it('a non-5xx status answers with a small JSON error', async () => {
      await queue({ count: 1, status: 429, retryAfter: 2 });
      const answer = await call(sim(), '/carts');
      expect(answer.status).toBe(429);
      expect(parse(answer)).toEqual({ status: 'error', message: 'Too Many Requests' });
      expect(answer.headers.get('retry-after')).toBe('2');
    });
  });

  it('count is respected, then responses are normal again', async () => {
    await queue({ count: 2, status: 503 });
    expect((await call(sim(), '/products/1')).status).toBe(503);
    expect((await call(sim(), '/users/1')).status).toBe(503);
    const third = await call(sim(), '/products/1');
    expect(third.status).toBe(200);
    expect(third.text).toBe(compact(realProducts[0]));
  });

  it('latencyMs alone delays a normal response by at least that long', async () => {
    await queue({ count: 1, latencyMs: 300 });
    const started = performance.now();
    const answer = await call(sim(), '/carts');
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    expect(answer.text).toBe(compact(realCarts));
  });

  it('latency combines with a status', async () => {
    await queue({ count: 1, latencyMs: 150, status: 504 });
    const started = performance.now();
    expect((await call(sim(), '/products')).status).toBe(504);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('retryAfter alone adds the Retry-After header to a normal response (HTTP dates allowed)', async () => {
    await queue({ count: 1, retryAfter: 'Wed, 21 Oct 2015 07:28:00 GMT' });
    const answer = await call(sim(), '/products/1');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('retry-after')).toBe('Wed, 21 Oct 2015 07:28:00 GMT');
  });

  it('truncated-json answers 200 with the real body cut in the middle', async () => {
    await queue({ count: 1, body: 'truncated-json' });
    const answer = await call(sim(), '/products');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const full = compact(realProducts);
    expect(answer.text).toBe(full.slice(0, Math.floor(full.length / 2)));
    expect(() => JSON.parse(answer.text) as unknown).toThrow();
  });

  it('html answers 200 with an HTML page instead of JSON', async () => {
    await queue({ count: 1, body: 'html' });
    const answer = await call(sim(), '/users');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(answer.text).toMatch(/^<!DOCTYPE html>/);
  });

  describe('wrong-types corrupts the first record only, in a documented way', () => {
    it('products: price becomes "free"', async () => {
      await queue({ count: 1, body: 'wrong-types' });
      const products = parse<Record<string, unknown>[]>(await call(sim(), '/products'));
      expect(products[0]).toEqual({ ...realProducts[0], price: 'free' });
      expect(products.slice(1)).toEqual(realProducts.slice(1));
    });

    it('users: id becomes "x1" and email 42', async () => {
      await queue({ count: 1, body: 'wrong-types' });
      const users = parse<User[]>(await call(sim(), '/users'));
      expect(users[0]?.id).toBe('x1');
      expect(users[0]?.email).toBe(42);
      expect(users[1]?.id).toBe(2);
    });

    it('carts: products becomes "none", also for a single cart', async () => {
      await queue({ count: 2, body: 'wrong-types' });
      expect(parse<Cart[]>(await call(sim(), '/carts'))[0]?.products).toBe('none');
      const single = parse<Cart>(await call(sim(), '/carts/2'));
      expect(single).toEqual({ ...realCarts[1], products: 'none' });
    });

    it('keeps the field order of the corrupted record', async () => {
      await queue({ count: 1, body: 'wrong-types' });
      const product = parse<Product>(await call(sim(), '/products/1'));
      expect(Object.keys(product)).toEqual(Object.keys(realProducts[0]!));
    });
  });

  describe('matching and queueing', () => {
    it('a path applies the fault only to requests whose target starts with it', async () => {
      await queue({ count: 1, path: '/carts', status: 500 });
      expect((await call(sim(), '/products')).status).toBe(200);
      expect((await call(sim(), '/carts/user/1')).status).toBe(500);
      expect((await call(sim(), '/carts')).status).toBe(200);
    });

    it('faults apply in the order queued, each to its own requests', async () => {
      await queue({ count: 1, status: 500 });
      expect(parse(await queue({ count: 1, status: 502 }))).toEqual({ queued: 2 });
      expect((await call(sim(), '/products')).status).toBe(500);
      expect((await call(sim(), '/products')).status).toBe(502);
      expect((await call(sim(), '/products')).status).toBe(200);
    });

    it('never faults admin routes', async () => {
      await queue({ count: 1, status: 500 });
      expect((await call(sim(), '/__admin/requests')).status).toBe(200);
      expect((await call(sim(), '/products')).status).toBe(500);
    });

    it('GET /__admin/faults lists pending faults with their remaining count; DELETE clears them', async () => {
      await queue({ count: 3, path: '/users', latencyMs: 10 });
      await call(sim(), '/users');
      expect(parse(await call(sim(), '/__admin/faults'))).toEqual({ faults: [{ count: 3, path: '/users', latencyMs: 10, remaining: 2 }] });
      expect(parse(await call(sim(), '/__admin/faults', { method: 'DELETE' }))).toEqual({ cleared: 1 });
      expect(parse(await call(sim(), '/__admin/faults'))).toEqual({ faults: [] });
    });

    it('the request log shows each attempt a retrying client made, with its timing', async () => {
      await queue({ count: 2, status: 503, retryAfter: 0 });
      for (let attempt = 0; attempt < 3; attempt++) {
        const answer = await call(sim(), '/carts');
        if (answer.status === 200) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const { requests } = parse<{ requests: { path: string; receivedAt: number }[] }>(await call(sim(), '/__admin/requests'));
      expect(requests.map((entry) => entry.path)).toEqual(['/carts', '/carts', '/carts']);
      expect(requests[1]!.receivedAt - requests[0]!.receivedAt).toBeGreaterThanOrEqual(45);
    });
  });

  describe('validation of a posted fault', () => {
    it.each([
      [{}, 'count'],
      [{ count: 0 }, 'count'],
      [{ count: 1, status: 700 }, 'status'],
      [{ count: 1, latencyMs: -5 }, 'latencyMs'],
      [{ count: 1, body: 'garbage' }, 'body'],
      [{ count: 1, path: 'products' }, 'path'],
      [{ count: 1, latency: 100 }, 'latency'],
    ])('rejects %j with 400 naming %s', async (fault, field) => {
      const answer = await queue(fault);
      expect(answer.status).toBe(400);
      expect(parse<{ message: string }>(answer).message).toContain(field);
      expect(parse(await call(sim(), '/__admin/faults'))).toEqual({ faults: [] });
    });
  });
});
