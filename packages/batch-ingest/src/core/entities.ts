import { type BronzeTable, bronzeTableFor, productSchema, userSchema } from '@fakestore/shared-core';
import type { z } from 'zod';
import type { EntityName } from '../types.js';

export interface EntitySpec {
  name: EntityName;
  /** API path of the full list. */
  path: string;
  /** Validates one record; unknown fields pass through. */
  schema: z.ZodType;
  /** The bronze table it loads into. */
  table: BronzeTable;
}

export const ENTITY_NAMES = ['products', 'users'] as const satisfies readonly EntityName[];

const specs: Record<EntityName, EntitySpec> = {
  products: { name: 'products', path: '/products', schema: productSchema, table: bronzeTableFor('products') },
  users: { name: 'users', path: '/users', schema: userSchema, table: bronzeTableFor('users') },
};

export function entitySpec(name: EntityName): EntitySpec {
  return specs[name];
}

export function isEntityName(value: string): value is EntityName {
  return (ENTITY_NAMES as readonly string[]).includes(value);
}
