import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cartSchema } from './cart.js';
import { productSchema } from './product.js';
import { userSchema } from './user.js';
import { validateRecords } from './validate.js';

/** The real data set the public API serves, copied into fakestore-sim/data from ../shared/fakestore. */
function realData(entity: 'products' | 'users' | 'carts'): Record<string, unknown>[] {
  const url = new URL(`../../../fakestore-sim/data/${entity}.json`, import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')) as Record<string, unknown>[];
}

const products = realData('products');
const users = realData('users');
const carts = realData('carts');
const product = products[0]!;
const user = users[0]!;
const cart = carts[0]!;

const reasonFor = (schema: Parameters<typeof validateRecords>[0], record: unknown): string | undefined =>
  validateRecords(schema, [record]).rejects[0]?.reason;

describe('the real data set', () => {
  it.each([
    ['products', productSchema, products, 20],
    ['users', userSchema, users, 10],
    ['carts', cartSchema, carts, 7],
  ] as const)('every one of the %s passes', (_name, schema, records, count) => {
    const { valid, rejects } = validateRecords(schema, records);
    expect(rejects).toEqual([]);
    expect(valid).toHaveLength(count);
    expect(valid).toEqual(records);
  });

  it('has the quirks the schemas must accept', () => {
    expect(products.some((p) => Number.isInteger(p.price))).toBe(true);
    expect(users.every((u) => typeof (u.address as { geolocation: { lat: unknown } }).geolocation.lat === 'string')).toBe(true);
    expect(carts.every((c) => '__v' in c)).toBe(true);
  });
});

describe('products that are really wrong', () => {
  it.each([
    ['a missing id', { ...product, id: undefined }, 'id: is missing'],
    ['a negative id', { ...product, id: -1 }, 'id: expected a positive whole number, got a number'],
    ['a non-numeric id', { ...product, id: '1' }, 'id: expected a positive whole number, got a string'],
    ['a price that is not a number', { ...product, price: 'free' }, 'price: expected a number, got a string'],
    ['a negative price', { ...product, price: -0.01 }, 'price: expected a number >= 0, got a number'],
    ['an infinite price', { ...product, price: Number.POSITIVE_INFINITY }, 'price: expected a number, got Infinity'],
    ['an empty title', { ...product, title: '  ' }, 'title: expected a non-empty string, got an empty string'],
    ['a rating above 5', { ...product, rating: { rate: 7, count: 1 } }, 'rating.rate: expected a number between 0 and 5, got a number'],
    ['no rating', { ...product, rating: undefined }, 'rating: is missing'],
    ['not an object at all', 42, 'record: expected an object, got a number'],
  ])('rejects %s', (_case, record, reason) => {
    expect(reasonFor(productSchema, record)).toBe(reason);
  });

  it('lists every problem of a record, not just the first', () => {
    expect(reasonFor(productSchema, { ...product, id: 0, price: 'free' })).toBe(
      'id: expected a positive whole number, got a number; price: expected a number, got a string',
    );
  });
});

describe('users that are really wrong', () => {
  const geo = (lat: unknown) => ({ ...user, address: { ...(user.address as object), geolocation: { lat, long: '81.1496' } } });

  it.each([
    ['an email without @', { ...user, email: 'john.gmail.com' }, 'email: expected an email address (name@domain), got a string'],
    ['a non-numeric latitude', geo('north'), 'address.geolocation.lat: expected a number between -90 and 90 (or such a numeric string), got a string'],
    ['an empty latitude', geo(''), 'address.geolocation.lat: expected a number between -90 and 90 (or such a numeric string), got an empty string'],
    ['a latitude off the globe', geo('123.4'), 'address.geolocation.lat: expected a number between -90 and 90 (or such a numeric string), got a string'],
    ['a missing name', { ...user, name: undefined }, 'name: is missing'],
  ])('rejects %s', (_case, record, reason) => {
    expect(reasonFor(userSchema, record)).toBe(reason);
  });

  it('accepts a numeric latitude as well as a numeric string', () => {
    expect(reasonFor(userSchema, geo(-37.3159))).toBeUndefined();
  });

  it('never quotes a value in a reason: a password, an address, anything a record holds', () => {
    const secret = 'S3cret-Pa55';
    const reasons = [
      reasonFor(userSchema, { ...user, password: [secret] }),
      reasonFor(userSchema, { ...user, email: secret, phone: { secret } }),
      reasonFor(productSchema, { ...product, title: '', price: secret }),
    ];
    expect(reasons).toEqual([
      'password: expected a string, got an array',
      'email: expected an email address (name@domain), got a string; phone: expected a string, got an object',
      'title: expected a non-empty string, got an empty string; price: expected a number, got a string',
    ]);
    expect(reasons.join('\n')).not.toContain(secret);
  });

  it('never repeats a password in a reason', () => {
    const reason = reasonFor(userSchema, { ...user, password: 12345678 });
    expect(reason).toBe('password: expected a string, got a number');
  });
});

describe('carts that are really wrong', () => {
  it.each([
    ['a line with quantity 0', { ...cart, products: [{ productId: 1, quantity: 0 }] }, 'products[0].quantity: expected a positive whole number, got a number'],
    ['a line with a negative quantity', { ...cart, products: [{ productId: 1, quantity: -2 }] }, 'products[0].quantity: expected a positive whole number, got a number'],
    ['a fractional productId', { ...cart, products: [{ productId: 1.5, quantity: 1 }] }, 'products[0].productId: expected a positive whole number, got a number'],
    ['an unparseable date', { ...cart, date: 'yesterday' }, 'date: expected an ISO 8601 date-time such as 2020-03-02T00:00:00.000Z, got a string'],
    ['an impossible date', { ...cart, date: '2020-13-45T00:00:00.000Z' }, 'date: expected an ISO 8601 date-time such as 2020-03-02T00:00:00.000Z, got a string'],
    ['products that are not a list', { ...cart, products: 'none' }, 'products: expected a list of product lines, got a string'],
    ['a missing userId', { ...cart, userId: undefined }, 'userId: is missing'],
  ])('rejects %s', (_case, record, reason) => {
    expect(reasonFor(cartSchema, record)).toBe(reason);
  });

  it('accepts an empty cart', () => {
    expect(reasonFor(cartSchema, { ...cart, products: [] })).toBeUndefined();
  });
});

describe('validateRecords', () => {
  it('keeps valid records and reports rejects with their index and the record as received', () => {
    const bad = { ...product, price: 'free' };
    const result = validateRecords(productSchema, [product, bad, products[1]]);
    expect(result.valid).toEqual([product, products[1]]);
    expect(result.rejects).toEqual([{ record: bad, index: 1, reason: 'price: expected a number, got a string' }]);
  });
});

describe('schema drift', () => {
  const known = new Set(['id', 'title', 'price', 'description', 'category', 'image', 'rating', 'email', 'username', 'password', 'name', 'address', 'phone', 'userId', 'date', 'products', '__v']);
  const extraFields = fc.dictionary(
    fc.string({ minLength: 1, maxLength: 12 }).filter((key) => !known.has(key) && key !== '__proto__'),
    fc.jsonValue(),
    { maxKeys: 5 },
  );

  it.each([
    ['product', productSchema, product],
    ['user', userSchema, user],
    ['cart', cartSchema, cart],
  ] as const)('a %s with any extra fields is still accepted, the extras kept', (_name, schema, record) => {
    fc.assert(
      fc.property(extraFields, (extra) => {
        const drifted = { ...record, ...extra };
        const { valid, rejects } = validateRecords(schema, [drifted]);
        expect(rejects).toEqual([]);
        expect(valid[0]).toEqual(drifted);
      }),
    );
  });
});
