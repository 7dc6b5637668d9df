import { describe, expect, it } from 'vitest';
import { enqueueFault, takeFault } from './fault-queue.js';
import { applyFault, corruptRecord } from './faults.js';
import { jsonArrayResponse, jsonResponse, type SimResponse } from './response.js';

const textOf = (response: SimResponse): string => (response.body.kind === 'text' ? response.body.text : '');

describe('the fault queue', () => {
  it('takes the first matching fault and uses up one of its count', () => {
    let queue = enqueueFault([], { count: 2, path: '/carts', status: 500 });
    queue = enqueueFault(queue, { count: 1, status: 502 });
    const first = takeFault(queue, '/products');
    expect(first.fault?.status).toBe(502);
    expect(first.queue).toHaveLength(1);
    const second = takeFault(first.queue, '/carts?limit=1');
    expect(second.fault?.status).toBe(500);
    expect(second.queue[0]?.remaining).toBe(1);
    expect(takeFault(takeFault(second.queue, '/carts').queue, '/carts').fault).toBeUndefined();
  });

  it('leaves the queue as it was when nothing matches', () => {
    const queue = enqueueFault([], { count: 1, path: '/users', status: 500 });
    expect(takeFault(queue, '/products')).toEqual({ fault: undefined, queue });
  });
});

describe('applying a fault to a response', () => {
  const products = Array.from({ length: 2500 }, (_, index) => ({ id: index + 1, title: 't', price: 1 }));

  it('without a fault changes nothing', () => {
    const response = jsonResponse({ id: 1 });
    expect(applyFault(undefined, response)).toEqual({ response, delayMs: 0 });
  });

  it('cuts a streamed list within its first chunk, so the result is never valid JSON', () => {
    const { response } = applyFault({ count: 1, body: 'truncated-json' }, jsonArrayResponse(products, 'products'));
    expect(response.status).toBe(200);
    expect(textOf(response).length).toBeGreaterThan(100);
    expect(() => JSON.parse(textOf(response)) as unknown).toThrow();
  });

  it('cuts even a null or empty body into something that does not parse', () => {
    expect(textOf(applyFault({ count: 1, body: 'truncated-json' }, jsonResponse(null)).response)).toBe('nu');
  });

  it('corrupts only the first record of a streamed list', () => {
    const { response } = applyFault({ count: 1, body: 'wrong-types' }, jsonArrayResponse(products.slice(0, 3), 'products'));
    const items = response.body.kind === 'json-array' ? [...response.body.items] : [];
    expect(items).toEqual([{ id: 1, title: 't', price: 'free' }, products[1], products[2]]);
  });

  it('documents each corruption', () => {
    expect(corruptRecord({ id: 1, email: 'a@b.c' }, 'users')).toEqual({ id: 'x1', email: 42 });
    expect(corruptRecord({ id: 1, products: [] }, 'carts')).toEqual({ id: 1, products: 'none' });
    expect(corruptRecord('electronics', 'categories')).toBe(42);
    expect(corruptRecord(null, 'carts')).toBeNull();
  });

  it('gives a body fault the status asked for, and otherwise 200', () => {
    expect(applyFault({ count: 1, body: 'html', status: 503 }, jsonResponse({})).response.status).toBe(503);
    expect(applyFault({ count: 1, body: 'html' }, jsonResponse({}, undefined, 400)).response.status).toBe(200);
  });

  it('answers 204 and 304 without a body', () => {
    expect(applyFault({ count: 1, status: 204 }, jsonResponse({})).response.body).toEqual({ kind: 'empty' });
  });

  it('reports the latency to wait and the Retry-After header to add', () => {
    const { response, delayMs } = applyFault({ count: 1, latencyMs: 250, retryAfter: 3 }, jsonResponse({ id: 1 }));
    expect(delayMs).toBe(250);
    expect(response.headers['retry-after']).toBe('3');
    expect(response.body).toEqual({ kind: 'json', value: { id: 1 } });
  });
});
