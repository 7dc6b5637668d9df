import type { CartBase } from './cart-base.js';
import type { Cart, SortOrder } from './types.js';

/**
 * The carts being served: an immutable base plus the admin's edits on top. Edits never touch the
 * base, so a reset is just forgetting them, which keeps resets instant even with a million carts.
 */
export interface CartStore {
  readonly size: number;
  get(id: number): Cart | undefined;
  /** Creates or replaces the cart with `cart.id`. */
  put(cart: Cart): void;
  /** Removes the cart; false when there was none. */
  remove(id: number): boolean;
  /** All carts by id, materialised lazily so a million carts can be streamed. */
  inOrder(order: SortOrder): Iterable<Cart>;
  reset(): void;
}

export function createCartStore(base: CartBase): CartStore {
  const replacements = new Map<number, Cart>();
  const removedFromBase = new Set<number>();
  const inBase = (id: number): boolean => base.indexOfId(id) >= 0;

  const get = (id: number): Cart | undefined => {
    const replaced = replacements.get(id);
    if (replaced !== undefined) return replaced;
    const index = base.indexOfId(id);
    return index < 0 || removedFromBase.has(id) ? undefined : base.cartAt(index);
  };

  return {
    get size() {
      let added = 0;
      for (const id of replacements.keys()) if (!inBase(id)) added++;
      return base.length - removedFromBase.size + added;
    },
    get,
    put(cart) {
      replacements.set(cart.id, cart);
      removedFromBase.delete(cart.id);
    },
    remove(id) {
      const existed = get(id) !== undefined;
      replacements.delete(id);
      if (inBase(id)) removedFromBase.add(id);
      return existed;
    },
    inOrder(order) {
      // Snapshot the (small) edits now, so an edit during a long stream cannot tear the response.
      const snapshot = new Map(replacements);
      const removed = new Set(removedFromBase);
      const addedIds = [...snapshot.keys()].filter((id) => !inBase(id)).sort((a, b) => a - b);
      return mergeInOrder(base, snapshot, removed, addedIds, order);
    },
    reset() {
      replacements.clear();
      removedFromBase.clear();
    },
  };
}

/** Merges the base (ascending ids) with the added ids, in the requested direction. */
function* mergeInOrder(
  base: CartBase,
  replacements: ReadonlyMap<number, Cart>,
  removed: ReadonlySet<number>,
  addedIds: readonly number[],
  order: SortOrder,
): Generator<Cart> {
  const step = order === 'asc' ? 1 : -1;
  const comesFirst = (a: number, b: number): boolean => (order === 'asc' ? a < b : a > b);
  let baseIndex = order === 'asc' ? 0 : base.length - 1;
  let addedIndex = order === 'asc' ? 0 : addedIds.length - 1;
  const baseLeft = (): boolean => baseIndex >= 0 && baseIndex < base.length;
  const addedLeft = (): boolean => addedIndex >= 0 && addedIndex < addedIds.length;

  while (baseLeft() || addedLeft()) {
    const addedId = addedIds[addedIndex];
    if (addedId !== undefined && (!baseLeft() || comesFirst(addedId, base.idAt(baseIndex)))) {
      const cart = replacements.get(addedId);
      if (cart !== undefined) yield cart;
      addedIndex += step;
      continue;
    }
    const id = base.idAt(baseIndex);
    if (!removed.has(id)) yield replacements.get(id) ?? base.cartAt(baseIndex);
    baseIndex += step;
  }
}
