import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createIdSet } from './id-set.js';

describe('createIdSet', () => {
  it('given ids in any order, then add is true exactly the first time each is seen', () => {
    const ids = fc.array(fc.oneof(fc.nat({ max: 5000 }), fc.integer({ min: -5, max: 2 ** 40 }), fc.string({ maxLength: 3 })), { maxLength: 300 });
    fc.assert(
      fc.property(ids, fc.nat({ max: 4096 }), (list, limit) => {
        const set = createIdSet(limit);
        const seen = new Set<number | string>();
        for (const id of list) {
          if (set.add(id) !== !seen.has(id)) return false;
          seen.add(id);
        }
        return set.size === seen.size;
      }),
    );
  });

  it('tells the number 3 and the string "3" apart', () => {
    const set = createIdSet();
    expect([set.add(3), set.add('3'), set.add(3), set.add('3')]).toEqual([true, true, false, false]);
  });

  it('holds a million ids in a bitset of 128 kB, not a Set of megabytes', () => {
    const set = createIdSet();
    const before = process.memoryUsage().arrayBuffers;
    for (let id = 1; id <= 1_000_000; id++) set.add(id);
    expect(set.add(500_000)).toBe(false);
    expect(set.size).toBe(1_000_000);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(1 << 20);
  });
});
