import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './paths.js';

/**
 * The real Fake Store data set as the public API serves it (the in-repo copy that
 * fakestore-sim serves; a sim test pins it byte-for-byte to ../shared/fakestore).
 */
export function realDataSet(entity: 'products' | 'users' | 'carts'): Record<string, unknown>[] {
  return JSON.parse(readFileSync(join(repoRoot, 'packages', 'fakestore-sim', 'data', `${entity}.json`), 'utf8')) as Record<string, unknown>[];
}
