import { describe, expect, it } from 'vitest';
import type { CartChange } from './diff.js';
import { EVENT_SOURCE, eventId, toCloudEvent, toEventMessage } from './events.js';

const after = { id: 7, userId: 4, date: '2020-03-01T00:00:00.000Z', products: [{ productId: 1, quantity: 2 }] };
const created: CartChange = { type: 'cart_created', cartId: 7, version: 1, before: null, after };
const detectedAt = '2026-11-26T12:00:00.000Z';

describe('cart events', () => {
  it('derive a UUID id from the change alone', () => {
    expect(eventId(created)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(eventId({ ...created })).toBe(eventId(created));
    expect(eventId({ ...created, version: 2 })).not.toBe(eventId(created));
  });

  it('are CloudEvents 1.0 carrying cart id, user id, version, before, after and detection time', () => {
    const event = toCloudEvent(created, detectedAt);
    expect(event).toMatchObject({ specversion: '1.0', type: 'cart_created', source: EVENT_SOURCE, subject: 'cart/7', time: detectedAt });
    expect(event.data).toEqual({ cart_id: 7, user_id: 4, version: 1, before: null, after, detected_at: detectedAt });
  });

  it('take the user of the last snapshot when the cart was deleted', () => {
    const deleted: CartChange = { type: 'cart_deleted', cartId: 7, version: 2, before: after, after: null };
    expect(toCloudEvent(deleted, detectedAt).data?.user_id).toBe(4);
  });

  it('become binary-mode Pub/Sub messages ordered by cart', () => {
    const event = toCloudEvent(created, detectedAt);
    const message = toEventMessage(event);
    expect(message.orderingKey).toBe('cart_7');
    expect(message.attributes).toEqual({
      'ce-specversion': '1.0',
      'ce-id': eventId(created),
      'ce-type': 'cart_created',
      'ce-source': EVENT_SOURCE,
      'ce-subject': 'cart/7',
      'ce-time': detectedAt,
      'content-type': 'application/json',
    });
    expect(JSON.parse(message.data)).toEqual(event.data);
  });
});
