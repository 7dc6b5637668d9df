import { describe, expect, it } from 'vitest';
import { matchRoute, type Route } from './router.js';

const routes: Route<string>[] = [
  { method: 'GET', pattern: '/products/categories', handler: 'categories' },
  { method: 'GET', pattern: '/products/:id', handler: 'one' },
];

describe('the path matcher', () => {
  it('prefers routes in table order and captures decoded parameters', () => {
    expect(matchRoute(routes, 'GET', '/products/categories')).toEqual({ kind: 'matched', handler: 'categories', params: {} });
    expect(matchRoute(routes, 'GET', '/products/a%20b')).toEqual({ kind: 'matched', handler: 'one', params: { id: 'a b' } });
  });

  it('ignores one trailing slash but not an empty parameter', () => {
    expect(matchRoute(routes, 'GET', '/products/7/').kind).toBe('matched');
    expect(matchRoute(routes, 'GET', '/products//').kind).toBe('none');
  });

  it('matches on method too, and reports undecodable parameters', () => {
    expect(matchRoute(routes, 'POST', '/products/7').kind).toBe('none');
    expect(matchRoute(routes, 'GET', '/products/%E0%A4%A').kind).toBe('bad-encoding');
  });
});
