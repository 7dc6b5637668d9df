import type { Cart } from './types.js';

/**
 * The immutable starting set of carts, sorted by ascending id. Synthetic data sets hold up to
 * millions of carts in typed arrays and build the objects only when served, so the store never
 * asks for them all at once: it walks indices and materialises one cart at a time.
 */
export interface CartBase {
  readonly length: number;
  idAt(index: number): number;
  cartAt(index: number): Cart;
  /** The index of the cart with this id, or -1. */
  indexOfId(id: number): number;
}

/** A base over ordinary cart objects (the real data set). */
export function arrayCartBase(carts: readonly Cart[]): CartBase {
  const sorted = [...carts].sort((a, b) => a.id - b.id);
  const indexById = new Map(sorted.map((cart, index) => [cart.id, index]));
  const at = (index: number): Cart => {
    const cart = sorted[index];
    if (cart === undefined) throw new RangeError(`no cart at index ${index}`);
    return cart;
  };
  return {
    length: sorted.length,
    idAt: (index) => at(index).id,
    cartAt: at,
    indexOfId: (id) => indexById.get(id) ?? -1,
  };
}
