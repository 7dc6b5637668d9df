import { createHash } from 'node:crypto';

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

/** A content hash of a snapshot; equal hashes mean no change. */
export function snapshotHash(snapshot: CartSnapshot): string {
  return createHash('sha256').update(JSON.stringify(toSnapshot(snapshot))).digest('hex');
}
