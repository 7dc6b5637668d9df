import { readFile } from 'node:fs/promises';
import type { Cart, Entity, Product, User } from './types.js';

/** The real API responses, as captured, in file order. */
export interface RealData {
  products: Product[];
  users: User[];
  carts: Cart[];
}

// Resolved against this module so it works from both src/ (tests) and dist/ (CLI):
// each sits one level below the package root, next to data/.
const dataFile = (entity: Entity): URL => new URL(`../data/${entity}.json`, import.meta.url);

async function readRecords(entity: Entity): Promise<unknown[]> {
  const parsed: unknown = JSON.parse(await readFile(dataFile(entity), 'utf8'));
  const isRecordList =
    Array.isArray(parsed) &&
    parsed.every((record: unknown) => typeof record === 'object' && record !== null && typeof (record as { id?: unknown }).id === 'number');
  if (!isRecordList) throw new Error(`data/${entity}.json is not a list of records with numeric ids`);
  return parsed as unknown[];
}

/**
 * Loads the captured responses. They are trusted fixtures, so beyond a structural sanity check
 * they are used as parsed: re-validating through a schema would rebuild the objects and lose the
 * field order that byte-for-byte fidelity depends on.
 */
export async function loadRealData(): Promise<RealData> {
  const [products, users, carts] = await Promise.all([readRecords('products'), readRecords('users'), readRecords('carts')]);
  return { products: products as Product[], users: users as User[], carts: carts as Cart[] };
}
