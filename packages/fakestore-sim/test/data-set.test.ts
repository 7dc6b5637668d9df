import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const shared = new URL('../../../../shared/fakestore/', import.meta.url);
const packaged = new URL('../data/', import.meta.url);

describe('the packaged data set', () => {
  it.skipIf(!existsSync(shared))('is byte-for-byte the real API data in ../shared/fakestore', () => {
    for (const file of ['products.json', 'users.json', 'carts.json']) {
      expect(readFileSync(new URL(file, packaged), 'utf8')).toBe(readFileSync(new URL(file, shared), 'utf8'));
    }
  });
});
