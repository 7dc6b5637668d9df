import { describe, expect, it } from 'vitest';
import { compact, realCarts, realProducts, realUsers } from './support/real-data.js';
import { call, parse, sendJson, useSim } from './support/sim.js';

describe('write methods, which answer like the real API and persist nothing', () => {
  const sim = useSim();

  describe('POST on a collection', () => {
    it.each([
      ['/products', 21],
      ['/users', 11],
      ['/carts', 8],
    ])('POST %s echoes the body under the next id (count + 1)', async (path, nextId) => {
      const answer = await call(sim(), path, sendJson('POST', { title: 'new thing', price: 13.5 }));
      expect(answer.status).toBe(200);
      expect(answer.text).toBe(compact({ id: nextId, title: 'new thing', price: 13.5 }));
    });

    it('puts the new id first and overrides any id in the body', async () => {
      const answer = await call(sim(), '/products', sendJson('POST', { title: 'x', id: 500 }));
      expect(answer.text).toBe(compact({ id: 21, title: 'x' }));
    });

    it('reads url-encoded forms, and ignores bodies of other content types', async () => {
      const form = await call(sim(), '/users', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'username=kim&email=kim%40example.com',
      });
      expect(parse(form)).toEqual({ id: 11, username: 'kim', email: 'kim@example.com' });
      const plain = await call(sim(), '/users', { method: 'POST', body: '{"username":"kim"}' });
      expect(parse(plain)).toEqual({ id: 11 });
    });

    it('answers malformed JSON with a 400 HTML page, as the Express body parser does', async () => {
      const answer = await call(sim(), '/carts', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{oops' });
      expect(answer.status).toBe(400);
      expect(answer.headers.get('content-type')).toBe('text/html; charset=utf-8');
    });

    it('stores nothing: the collections are unchanged afterwards', async () => {
      await call(sim(), '/products', sendJson('POST', { title: 'ghost' }));
      await call(sim(), '/carts', sendJson('POST', { userId: 1, products: [] }));
      expect((await call(sim(), '/products')).text).toBe(compact(realProducts));
      expect((await call(sim(), '/carts')).text).toBe(compact(realCarts));
      expect((await call(sim(), '/products/21')).text).toBe('');
    });
  });

  describe('PUT and PATCH on an id', () => {
    it.each(['PUT', 'PATCH'])('%s echoes the body under the id from the path', async (method) => {
      const answer = await call(sim(), '/users/3', sendJson(method, { id: 77, username: 'renamed' }));
      expect(answer.status).toBe(200);
      expect(answer.text).toBe(compact({ id: 3, username: 'renamed' }));
      expect((await call(sim(), '/users/3')).text).toBe(compact(realUsers[2]));
    });

    it('rejects a non-numeric id with the real 400', async () => {
      const answer = await call(sim(), '/carts/abc', sendJson('PUT', {}));
      expect(answer.status).toBe(400);
      expect(parse(answer)).toEqual({ status: 'error', message: 'cart id should be provided' });
    });
  });

  describe('DELETE on an id', () => {
    it('answers with the record that would be deleted, and keeps it', async () => {
      expect((await call(sim(), '/products/2', { method: 'DELETE' })).text).toBe(compact(realProducts[1]));
      expect((await call(sim(), '/products/2')).text).toBe(compact(realProducts[1]));
    });

    it('answers a missing id as GET does: empty for products, null for users and carts', async () => {
      expect((await call(sim(), '/products/999', { method: 'DELETE' })).text).toBe('');
      expect((await call(sim(), '/users/999', { method: 'DELETE' })).text).toBe('null');
      expect((await call(sim(), '/carts/999', { method: 'DELETE' })).text).toBe('null');
    });
  });

  describe('HEAD and OPTIONS', () => {
    it('HEAD answers like GET without a body', async () => {
      const answer = await call(sim(), '/products/1', { method: 'HEAD' });
      expect(answer.status).toBe(200);
      expect(answer.headers.get('content-length')).toBe(String(Buffer.byteLength(compact(realProducts[0]))));
      expect(answer.text).toBe('');
    });

    it('OPTIONS is a CORS preflight: 204 allowing any origin', async () => {
      const answer = await call(sim(), '/carts', { method: 'OPTIONS' });
      expect(answer.status).toBe(204);
      expect(answer.headers.get('access-control-allow-origin')).toBe('*');
      expect(answer.headers.get('access-control-allow-methods')).toContain('DELETE');
    });
  });
});
