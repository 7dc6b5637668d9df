import { hash } from 'node:crypto';

/** A cart reduced to what a change is made of. `__v` and unknown fields are not part of it. */
export interface CartSnapshot {
  id: number;
  userId: number;
  /** As the API serves it, e.g. 2020-03-02T00:00:00.000Z. */
  date: string;
  /** Sorted by productId then quantity: the order of lines is not a change. */
  products: { productId: number; quantity: number }[];
}

export interface CartLike {
  id: number;
  userId: number;
  date: string;
  products: readonly { productId: number; quantity: number }[];
}

/** The canonical snapshot of a validated cart: fixed key order, sorted lines. */
export function toSnapshot(cart: CartLike): CartSnapshot {
  const products = cart.products
    .map(({ productId, quantity }) => ({ productId, quantity }))
    .sort((a, b) => a.productId - b.productId || a.quantity - b.quantity);
  return { id: cart.id, userId: cart.userId, date: cart.date, products };
}

/**
 * The canonical JSON text of a cart: what the state keeps, what events carry as `before` and
 * `after`, and what its hash is taken of. (V8's JSON.stringify of a plain object is faster here
 * than building the text by hand or with a replacer.)
 */
export function canonicalJson(cart: CartLike): string {
  return JSON.stringify(toSnapshot(cart));
}

/** SHA-256 of a text, as 64 hex digits. */
export function sha256Hex(text: string): string {
  return hash('sha256', text, 'hex');
}

/** The content hash of a cart (SHA-256 of its canonical JSON): equal hashes mean no change; part of event ids. */
export function snapshotHash(cart: CartLike): string {
  return sha256Hex(canonicalJson(cart));
}
