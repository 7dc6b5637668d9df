import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { emptyCartLineFields, formatCartLine, formatTombstoneLine, parseCartLine } from './state-format.js';

const parse = (line: string) => {
  const buf = Buffer.from(line.replace(/\n$/, ''));
  const fields = parseCartLine(buf, 0, buf.length, emptyCartLineFields());
  return fields && {
    ...fields,
    hash: fields.hashAt >= 0 ? buf.toString('latin1', fields.hashAt, fields.hashAt + 64) : null,
    seen: fields.seenAt >= 0 ? buf.toString('latin1', fields.seenAt, fields.seenAt + 32) : null,
    cart: fields.cartStart >= 0 ? buf.toString('utf8', fields.cartStart, fields.cartEnd) : null,
  };
};
const hash = 'a'.repeat(64);
const seen = 'b'.repeat(32);
const cart = (id: number) => `{"id":${id},"userId":3,"date":"2020-03-02T00:00:00.000Z","products":[{"productId":1,"quantity":2}]}`;

describe('state file lines', () => {
  it('read back what was written, for live carts and tombstones', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 2 ** 40 }), fc.integer({ min: 1, max: 2 ** 31 }), fc.boolean(), (id, version, withSeen) => {
      expect(parse(formatCartLine(id, version, hash, withSeen ? seen : null, cart(id)))).toMatchObject({ id, version, hash, seen: withSeen ? seen : null, cart: cart(id), userId: 3 });
      expect(parse(formatTombstoneLine(id, version))).toMatchObject({ id, version, hash: null, seen: null, cart: null });
    }));
  });

  it.each([
    ['a line of another shape', '{"version":1,"id":1,"hash":null,"seen":null,"cart":null}'],
    ['version 0', '{"id":1,"version":0,"hash":null,"seen":null,"cart":null}'],
    ['a short hash', `{"id":1,"version":1,"hash":"abc","seen":null,"cart":${cart(1)}}`],
    ['upper-case hex', `{"id":1,"version":1,"hash":"${'A'.repeat(64)}","seen":null,"cart":${cart(1)}}`],
    ['a cart of another id', `{"id":1,"version":1,"hash":"${hash}","seen":null,"cart":${cart(2)}}`],
    ['a hash on a tombstone', `{"id":1,"version":1,"hash":"${hash}","seen":null,"cart":null}`],
    ['a cut-off line', `{"id":1,"version":1,"hash":"${hash}","seen":null,"cart":{"id":1,"userId":3`],
    ['a leading zero', '{"id":01,"version":1,"hash":null,"seen":null,"cart":null}'],
  ])('refuse %s', (_, line) => {
    expect(parse(line)).toBeNull();
  });
});
