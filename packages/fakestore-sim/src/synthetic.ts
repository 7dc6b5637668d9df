import type { CartBase } from './cart-base.js';
import { createRandom, deriveSeed } from './prng.js';
import { generateCompactCarts } from './synthetic-carts.js';
import { generateProducts } from './synthetic-products.js';
import { generateUsers } from './synthetic-users.js';
import type { Product, User } from './types.js';

export interface SyntheticSpec {
  products: number;
  users: number;
  carts: number;
  seed: number;
}

/** Sizes of the real data set, used for any count a synthetic run does not give. */
export const REAL_SIZES = { products: 20, users: 10, carts: 7 } as const;
export const DEFAULT_SEED = 1;

export interface SyntheticData {
  products: Product[];
  users: User[];
  carts: CartBase;
}

/**
 * Builds a data set from a seed alone: the same spec always yields identical records.
 * Each collection draws from its own stream, so changing one count leaves the others unchanged.
 */
export function generateSyntheticData(spec: SyntheticSpec): SyntheticData {
  return {
    products: generateProducts(createRandom(deriveSeed(spec.seed, 'products')), spec.products),
    users: generateUsers(createRandom(deriveSeed(spec.seed, 'users')), spec.users),
    carts: generateCompactCarts(createRandom(deriveSeed(spec.seed, 'carts')), spec),
  };
}
