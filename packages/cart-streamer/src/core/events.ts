import type { ChangeType } from './change.js';
import { type CartLike, canonicalJson, sha256Hex } from './snapshot.js';
import { createUuidV5Builder, uuidV5 } from './uuid.js';

/** Namespace of the deterministic (UUIDv5) cart event ids. Never change it: ids would change. */
const EVENT_ID_NAMESPACE = '6f1f8a52-3c2e-4f7e-9b0a-5e8c1d2f4a61';
/** Namespace of the deterministic batch ids. Never change it: file names of re-emitted batches would change. */
const BATCH_ID_NAMESPACE = '0b6f3c1e-7d7a-4e39-8f5e-2a9d4c7b1e05';

export const EVENT_SOURCE = '/fakestore/carts';

/** The `data` of a cart event (its JSON text is the Pub/Sub message body). */
export interface CartEventData {
  cart_id: number;
  user_id: number;
  version: number;
  before: unknown;
  after: unknown;
  detected_at: string;
}

/**
 * One change of one cart, as events are built from it. `before` and `after` are canonical cart
 * JSON texts (see `canonicalJson`), `null` where there is none.
 */
export interface CartChange {
  type: ChangeType;
  cartId: number;
  userId: number;
  /** Per cart, increasing with every change, deletions and re-creations included. */
  version: number;
  before: string | null;
  after: string | null;
  /** SHA-256 hex of `after`; `null` for a delete. */
  afterHash: string | null;
}

/**
 * The change of one cart from whole carts, as a cycle describes it (canonical texts, the hash of
 * `after`): for tools that produce events from a scenario rather than from a diff (the dbt fixture,
 * bench-dbt's event log). `before` is `null` for a creation, `after` for a deletion.
 */
export function changeOfCarts(type: ChangeType, version: number, before: CartLike | null, after: CartLike | null): CartChange {
  const cart = after ?? before;
  if (!cart || (type === 'cart_deleted') !== (after === null) || (type === 'cart_created') !== (before === null)) {
    throw new TypeError(`a ${type} change needs ${type === 'cart_created' ? 'no before' : 'a before'} and ${type === 'cart_deleted' ? 'no after' : 'an after'} cart`);
  }
  const afterJson = after && canonicalJson(after);
  return {
    type,
    cartId: cart.id,
    userId: cart.userId,
    version,
    before: before && canonicalJson(before),
    after: afterJson,
    afterHash: afterJson && sha256Hex(afterJson),
  };
}

/**
 * The id of a change: the same for a re-emission of the same change (retry, restart before the
 * state was committed), different for every real change, since (cart, version) never repeats and
 * A -> B -> A are versions n, n+1, n+2.
 */
export function eventId(change: Pick<CartChange, 'cartId' | 'version' | 'type' | 'afterHash'>): string {
  return uuidV5(`cart/${change.cartId}/v${change.version}/${change.type}/${change.afterHash ?? 'null'}`, EVENT_ID_NAMESPACE);
}

export function orderingKey(cartId: number): string {
  return `cart_${cartId}`;
}

/** A Pub/Sub message in CloudEvents binary mode: context in `ce-*` attributes, data as the body. */
export interface EventMessage {
  orderingKey: string;
  attributes: Record<string, string>;
  /** The event data as JSON text. */
  data: string;
}

/**
 * The CloudEvents 1.0 message of a change, binary mode (contract): `ce-specversion`, `ce-id`,
 * `ce-type`, `ce-source`, `ce-subject`, `ce-time` and `content-type` attributes, the data as JSON
 * text. Built as text from the canonical snapshots, with no per-event object graph or validation
 * pass: every field is already known valid (the CloudEvents SDK checks the shape in events.test.ts).
 */
export function eventMessage(change: CartChange, detectedAt: string): EventMessage {
  const time = JSON.stringify(detectedAt);
  return {
    orderingKey: orderingKey(change.cartId),
    attributes: {
      'ce-specversion': '1.0',
      'ce-id': eventId(change),
      'ce-type': change.type,
      'ce-source': EVENT_SOURCE,
      'ce-subject': `cart/${change.cartId}`,
      'ce-time': detectedAt,
      'content-type': 'application/json',
    },
    data: `{"cart_id":${change.cartId},"user_id":${change.userId},"version":${change.version},` +
      `"before":${change.before ?? 'null'},"after":${change.after ?? 'null'},"detected_at":${time}}`,
  };
}

/** The id of a batch of messages: a UUIDv5 of their event ids, in order. */
export function batchIdOf(messages: Iterable<EventMessage>): string {
  const builder = createBatchIdBuilder();
  for (const message of messages) builder.add(message);
  return builder.digest();
}

/** `batchIdOf`, fed one message at a time. */
export function createBatchIdBuilder() {
  const builder = createUuidV5Builder(BATCH_ID_NAMESPACE);
  return {
    add: (message: EventMessage) => builder.add(message.attributes['ce-id'] ?? ''),
    /** The same as `add` of the message whose `ce-id` this is. */
    addId: (id: string) => builder.add(id),
    digest: () => builder.digest(),
  };
}
