import { arrayCartBase, type CartBase } from './cart-base.js';
import { createCartStore, type CartStore } from './cart-store.js';
import type { Cart, Product, User } from './types.js';

/** Everything the public routes read. Products and users never change; carts take admin edits. */
export interface SimStore {
  readonly products: readonly Product[];
  readonly users: readonly User[];
  readonly carts: CartStore;
  readonly categories: readonly string[];
  productById(id: number): Product | undefined;
  userById(id: number): User | undefined;
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
  const products = byId(data.products);
  const users = byId(data.users);
  const productIndex = new Map(products.map((product) => [product.id, product]));
  const userIndex = new Map(users.map((user) => [user.id, user]));
  const carts = createCartStore(isCartBase(data.carts) ? data.carts : arrayCartBase(data.carts));
  // Mongo's distinct() answers in sorted order, hence the real ["electronics", "jewelery", ...].
  const categories = [...new Set(products.map((product) => product.category))].sort();
  return {
    products,
    users,
    carts,
    categories,
    productById: (id) => productIndex.get(id),
    userById: (id) => userIndex.get(id),
    reset: () => carts.reset(),
  };
}

function isCartBase(carts: StoreData['carts']): carts is CartBase {
  return !Array.isArray(carts);
}
