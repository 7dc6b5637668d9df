import { createHash } from 'node:crypto';
import { type CloudEvent, HTTP } from 'cloudevents';
import { v5 } from 'uuid';
import { describe, expect, it } from 'vitest';
import { type CartChange, type CartEventData, EVENT_SOURCE, batchIdOf, changeOfCarts, eventId, eventMessage } from './events.js';
import { canonicalJson, toSnapshot } from './snapshot.js';

const after = { id: 7, userId: 4, date: '2020-03-01T00:00:00.000Z', products: [{ productId: 3, quantity: 1 }, { productId: 1, quantity: 2 }] };
const afterJson = canonicalJson(after);
const afterHash = createHash('sha256').update(JSON.stringify(toSnapshot(after))).digest('hex');
const created: CartChange = { type: 'cart_created', cartId: 7, userId: 4, version: 1, before: null, after: afterJson, afterHash };
const detectedAt = '2026-11-26T12:00:00.000Z';

describe('cart events', () => {
  it('keep the id derivation of every earlier version: UUIDv5 of cart, version, type and the SHA-256 of the canonical after', () => {
    expect(eventId(created)).toBe(v5(`cart/7/v1/cart_created/${afterHash}`, '6f1f8a52-3c2e-4f7e-9b0a-5e8c1d2f4a61'));
    expect(eventId({ ...created, type: 'cart_deleted', version: 2, afterHash: null })).toBe(v5('cart/7/v2/cart_deleted/null', '6f1f8a52-3c2e-4f7e-9b0a-5e8c1d2f4a61'));
    expect(eventId({ ...created, version: 2 })).not.toBe(eventId(created));
  });

  it('carry the data JSON that JSON.stringify of the event data gave before, byte for byte', () => {
    const message = eventMessage(created, detectedAt);
    expect(message.data).toBe(JSON.stringify({ cart_id: 7, user_id: 4, version: 1, before: null, after: toSnapshot(after), detected_at: detectedAt }));
  });

  it('are binary-mode CloudEvents 1.0 that the CloudEvents SDK reads and validates, ordered by cart', () => {
    const message = eventMessage(created, detectedAt);
    expect(message.orderingKey).toBe('cart_7');
    expect(Object.keys(message.attributes)).toEqual(['ce-specversion', 'ce-id', 'ce-type', 'ce-source', 'ce-subject', 'ce-time', 'content-type']);
    const read = HTTP.toEvent<CartEventData>({ headers: message.attributes, body: message.data });
    if (Array.isArray(read)) throw new Error('one event expected');
    const event = read as CloudEvent<CartEventData>;
    expect(event.validate()).toBe(true);
    expect(event).toMatchObject({ specversion: '1.0', id: eventId(created), type: 'cart_created', source: EVENT_SOURCE, subject: 'cart/7', time: detectedAt, datacontenttype: 'application/json' });
    expect(event.data).toEqual({ cart_id: 7, user_id: 4, version: 1, before: null, after: toSnapshot(after), detected_at: detectedAt });
  });

  it('of a deleted cart carry the last snapshot as before and null as after', () => {
    const deleted: CartChange = { type: 'cart_deleted', cartId: 7, userId: 4, version: 2, before: afterJson, after: null, afterHash: null };
    expect(JSON.parse(eventMessage(deleted, detectedAt).data)).toMatchObject({ user_id: 4, before: toSnapshot(after), after: null });
  });

  it('form batches whose id is the UUIDv5 of their event ids, in order', () => {
    const messages = [eventMessage(created, detectedAt), eventMessage({ ...created, version: 2, type: 'cart_modified' }, detectedAt)];
    const joined = messages.map((m) => m.attributes['ce-id']).join('\n');
    expect(batchIdOf(messages)).toBe(v5(joined, '0b6f3c1e-7d7a-4e39-8f5e-2a9d4c7b1e05'));
  });

  it('made from whole carts (a scenario, not a diff) are the changes a cycle describes: canonical texts, the hash of after', () => {
    expect(changeOfCarts('cart_created', 1, null, after)).toEqual(created);
    const moved = { ...after, products: [{ productId: 3, quantity: 2 }] };
    const modified = changeOfCarts('cart_modified', 2, after, moved);
    expect(modified).toEqual({ type: 'cart_modified', cartId: 7, userId: 4, version: 2, before: afterJson, after: canonicalJson(moved), afterHash: createHash('sha256').update(canonicalJson(moved)).digest('hex') });
    expect(changeOfCarts('cart_deleted', 3, moved, null)).toEqual({ type: 'cart_deleted', cartId: 7, userId: 4, version: 3, before: canonicalJson(moved), after: null, afterHash: null });
  });

  it('made from whole carts refuse a before or after that the type contradicts', () => {
    expect(() => changeOfCarts('cart_created', 2, after, after)).toThrow('a cart_created change needs no before and an after cart');
    expect(() => changeOfCarts('cart_deleted', 2, after, after)).toThrow(TypeError);
    expect(() => changeOfCarts('cart_modified', 2, null, after)).toThrow(TypeError);
  });
});
