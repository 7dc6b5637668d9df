import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isSecretKey, redactSecrets, secretRedactPaths, withoutCredentials, withoutSecrets } from './redact.js';

describe('redactSecrets', () => {
  it('removes passwords, tokens, keys and authorization headers at any depth, arrays included', () => {
    const input = {
      id: 1,
      password: 'p1',
      user: { name: 'x', Password: 'p2' },
      users: [{ id: 2, password: 'p3' }, { id: 3 }],
      config: { headers: { Authorization: 'Bearer t1', accept: 'application/json' } },
      key: { type: 'service_account', private_key: '-----BEGIN PRIVATE KEY-----', client_email: 'a@b' },
      oauth: { access_token: 't2', refreshToken: 't3', id_token: 't4', client_secret: 't5', token: 't6' },
      deep: { a: { b: { c: { d: { e: { password: 'p4' } } } } } },
    };
    const output = redactSecrets(input);
    expect(output).toEqual({
      id: 1,
      user: { name: 'x' },
      users: [{ id: 2 }, { id: 3 }],
      config: { headers: { accept: 'application/json' } },
      key: { type: 'service_account', client_email: 'a@b' },
      oauth: {},
      deep: { a: { b: { c: { d: { e: {} } } } } },
    });
  });

  it('leaves its input untouched', () => {
    const input = { password: 'p', nested: [{ token: 't' }] };
    const before = structuredClone(input);
    redactSecrets(input);
    expect(input).toEqual(before);
  });

  it('passes primitives through and copies dates', () => {
    expect(redactSecrets(42)).toBe(42);
    expect(redactSecrets(null)).toBeNull();
    const date = new Date('2020-03-02T00:00:00.000Z');
    const copy = redactSecrets({ date }).date;
    expect(copy).toEqual(date);
    expect(copy).not.toBe(date);
  });

  it('survives cycles', () => {
    const node: Record<string, unknown> = { id: 1, password: 'p' };
    node.self = node;
    expect(redactSecrets(node)).toEqual({ id: 1, self: '[Circular]' });
  });

  it('keeps every value that is not under a secret key (property)', () => {
    const safeKey = fc.string({ minLength: 1, maxLength: 8 }).filter((key) => !isSecretKey(key) && key !== '__proto__');
    const leaf = fc.oneof(fc.string(), fc.integer(), fc.double({ noNaN: true }), fc.boolean(), fc.constant(null));
    const tree = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, leaf, fc.dictionary(safeKey, tie('node')), fc.array(tie('node'))),
    })).node;
    fc.assert(
      fc.property(tree, (value) => {
        expect(redactSecrets(value)).toEqual(value);
      }),
    );
  });
});

describe('isSecretKey', () => {
  it('ignores case, underscores and hyphens', () => {
    for (const key of ['password', 'PASSWORD', 'private_key', 'privateKey', 'accessToken', 'x-api-key', 'Authorization', 'client-secret']) {
      expect(isSecretKey(key)).toBe(true);
    }
    for (const key of ['username', 'passwords_policy', 'tokens', 'id', 'email']) expect(isSecretKey(key)).toBe(false);
  });
});

describe('secretRedactPaths', () => {
  it('covers the top level and wildcard levels below it', () => {
    const paths = secretRedactPaths(2);
    expect(paths).toEqual(expect.arrayContaining(['password', '*.password', '*.*.password', '*.*.authorization', '*["x-api-key"]']));
  });
});

describe('withoutCredentials', () => {
  it('given a URL with a user and password, then both are dropped and the rest is kept', () => {
    expect(withoutCredentials('https://alice:s3cret@api.test:8443/products?limit=5')).toBe('https://api.test:8443/products?limit=5');
    expect(withoutCredentials('http://tok3n@127.0.0.1:3999/carts')).toBe('http://127.0.0.1:3999/carts');
  });

  it('given a URL without credentials or text that is not a URL, then it is returned unchanged', () => {
    expect(withoutCredentials('http://127.0.0.1:3999/products')).toBe('http://127.0.0.1:3999/products');
    expect(withoutCredentials('not a url')).toBe('not a url');
  });
});

describe('withoutSecrets', () => {
  it('removes the same keys as redactSecrets, at any depth, arrays included', () => {
    const input = { id: 1, password: 'p1', user: { name: 'x', Password: 'p2' }, list: [{ id: 2, access_token: 't' }, { id: 3 }], deep: { a: [{ b: { 'x-api-key': 'k', keep: true } }] } };
    expect(withoutSecrets(input)).toEqual(redactSecrets(input));
  });

  it('returns a value without secrets as it is, and shares the branches that hold none', () => {
    const clean = { id: 1, rating: { rate: 3.9, count: 120 }, tags: ['a', 'b'] };
    expect(withoutSecrets(clean)).toBe(clean);
    const user = { id: 1, password: 'p', address: { city: 'x' } };
    const stripped = withoutSecrets(user) as typeof user;
    expect(stripped).toEqual({ id: 1, address: { city: 'x' } });
    expect(stripped.address).toBe(user.address);
    expect(user.password).toBe('p');
  });

  it('keeps a "__proto__" field of parsed JSON as a field, as JSON.parse made it', () => {
    const parsed = JSON.parse('{"__proto__":{"a":1},"password":"p","b":2}') as unknown;
    expect(JSON.stringify(withoutSecrets(parsed))).toBe('{"__proto__":{"a":1},"b":2}');
    expect(JSON.stringify(redactSecrets(parsed))).toBe('{"__proto__":{"a":1},"b":2}');
  });

  it('keeps the key order of what it keeps', () => {
    expect(JSON.stringify(withoutSecrets({ b: 1, password: 'p', a: 2, token: 't', c: 3 }))).toBe('{"b":1,"a":2,"c":3}');
  });

  it('agrees with redactSecrets on any JSON value', () => {
    const key = fc.oneof(fc.constantFrom('password', 'Password', 'token', 'api_key', 'id', 'name'), fc.string({ maxLength: 6 }));
    const json = fc.letrec((tie) => ({
      value: fc.oneof({ depthSize: 'small' }, fc.jsonValue({ maxDepth: 0 }), fc.array(tie('value'), { maxLength: 4 }), fc.dictionary(key, tie('value'), { maxKeys: 5 })),
    })).value;
    fc.assert(fc.property(json, (value) => JSON.stringify(withoutSecrets(value)) === JSON.stringify(redactSecrets(value))));
  });
});
