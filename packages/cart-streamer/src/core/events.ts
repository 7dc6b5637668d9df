import { CloudEvent } from 'cloudevents';
import { v5 as uuidv5 } from 'uuid';
import type { CartChange } from './diff.js';
import type { CartSnapshot } from './snapshot.js';
import { snapshotHash } from './snapshot.js';

/** Namespace of the deterministic (UUIDv5) cart event ids. Never change it: ids would change. */
const EVENT_ID_NAMESPACE = '6f1f8a52-3c2e-4f7e-9b0a-5e8c1d2f4a61';

export const EVENT_SOURCE = '/fakestore/carts';

export interface CartEventData {
  cart_id: number;
  user_id: number;
  version: number;
  before: CartSnapshot | null;
  after: CartSnapshot | null;
  detected_at: string;
}

export type CartEvent = CloudEvent<CartEventData>;

/**
 * The id of a change: the same for a re-emission of the same change (retry, restart before
 * the state was committed), different for every real change, since (cart, version) never
 * repeats and A -> B -> A are versions n, n+1, n+2.
 */
export function eventId(change: CartChange): string {
  const afterHash = change.after ? snapshotHash(change.after) : 'null';
  return uuidv5(`cart/${change.cartId}/v${change.version}/${change.type}/${afterHash}`, EVENT_ID_NAMESPACE);
}

export function orderingKey(cartId: number): string {
  return `cart_${cartId}`;
}

export function toCloudEvent(change: CartChange, detectedAt: string): CartEvent {
  const userId = (change.after ?? change.before)?.userId;
  if (userId === undefined) throw new Error(`change of cart ${change.cartId} has neither a before nor an after snapshot`);
  return new CloudEvent<CartEventData>({
    specversion: '1.0',
    id: eventId(change),
    type: change.type,
    source: EVENT_SOURCE,
    subject: `cart/${change.cartId}`,
    time: detectedAt,
    datacontenttype: 'application/json',
    data: {
      cart_id: change.cartId,
      user_id: userId,
      version: change.version,
      before: change.before,
      after: change.after,
      detected_at: detectedAt,
    },
  });
}

/** A Pub/Sub message in CloudEvents binary mode: context in `ce-*` attributes, data as the body. */
export interface EventMessage {
  orderingKey: string;
  attributes: Record<string, string>;
  /** The event data as JSON text. */
  data: string;
}

export function toEventMessage(event: CartEvent): EventMessage {
  if (!event.data) throw new Error(`event ${event.id} has no data`);
  return {
    orderingKey: orderingKey(event.data.cart_id),
    attributes: {
      'ce-specversion': event.specversion,
      'ce-id': event.id,
      'ce-type': event.type,
      'ce-source': event.source,
      'ce-subject': event.subject ?? '',
      'ce-time': event.time ?? event.data.detected_at,
      'content-type': event.datacontenttype ?? 'application/json',
    },
    data: JSON.stringify(event.data),
  };
}
