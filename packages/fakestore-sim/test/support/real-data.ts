import { readFileSync } from 'node:fs';
import type { Cart, Product, User } from '../../src/index.js';

const read = (name: string): string => readFileSync(new URL(`../../data/${name}.json`, import.meta.url), 'utf8');

/** The captured responses served by the simulator, read independently of its own loader. */
export const realProducts = JSON.parse(read('products')) as Product[];
export const realUsers = JSON.parse(read('users')) as User[];
export const realCarts = JSON.parse(read('carts')) as Cart[];

/** What Express would send for the captured value: compact JSON.stringify. */
export const compact = (value: unknown): string => JSON.stringify(value);
