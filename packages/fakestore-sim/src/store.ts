import { arrayCartBase, type CartBase } from './cart-base.js';
import { createCartStore, type CartStore } from './cart-store.js';
import type { Cart, Product, User } from './types.js';

/** Everything the public routes read. Users never change; carts and product fields take admin edits. */
export interface SimStore {
  readonly products: readonly Product[];
  readonly users: readonly User[];
  readonly carts: CartStore;
  readonly categories: readonly string[];
  productById(id: number): Product | undefined;
  userById(id: number): User | undefined;
  /** Overrides fields of a product (e.g. a price change); `undefined` when there is no such product. */
  patchProduct(id: number, patch: Partial<Omit<Product, 'id'>>): Product | undefined;
  /** Drops every admin edit: back to the data set the simulator started with. */
  reset(): void;
}

export interface StoreData {
  products: readonly Product[];
  users: readonly User[];
  carts: CartBase | readonly Cart[];
}

const byId = <T extends { id: number }>(records: readonly T[]): T[] => [...records].sort((a, b) => a.id - b.id);

export function createStore(data: StoreData): SimStore {
  const baseProducts = byId(data.products);
  const users = byId(data.users);
  const productIndex = new Map(baseProducts.map((product) => [product.id, product]));
  const userIndex = new Map(users.map((user) => [user.id, user]));
  const carts = createCartStore(isCartBase(data.carts) ? data.carts : arrayCartBase(data.carts));
  // Edits live beside the base list, so a reset is forgetting them and the common no-edit case costs nothing.
  const productEdits = new Map<number, Product>();
  let products = baseProducts;
  let categories = categoriesOf(products);
  const refresh = (): void => {
    products = productEdits.size === 0 ? baseProducts : baseProducts.map((product) => productEdits.get(product.id) ?? product);
    categories = categoriesOf(products);
  };
  return {
    get products() {
      return products;
    },
    users,
    carts,
    get categories() {
      return categories;
    },
    productById: (id) => productEdits.get(id) ?? productIndex.get(id),
    userById: (id) => userIndex.get(id),
    patchProduct(id, patch) {
      const current = productEdits.get(id) ?? productIndex.get(id);
      if (current === undefined) return undefined;
      const patched = { ...current, ...patch, id };
      productEdits.set(id, patched);
      refresh();
      return patched;
    },
    reset: () => {
      carts.reset();
      productEdits.clear();
      refresh();
    },
  };
}

/** Mongo's distinct() answers in sorted order, hence the real ["electronics", "jewelery", ...]. */
function categoriesOf(products: readonly Product[]): string[] {
  return [...new Set(products.map((product) => product.category))].sort();
}

function isCartBase(carts: StoreData['carts']): carts is CartBase {
  return !Array.isArray(carts);
}
