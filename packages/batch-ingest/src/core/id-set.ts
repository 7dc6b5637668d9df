/**
 * The record ids seen in one response, to find duplicates. Kept compact because a run can hold
 * millions: ids that are whole numbers below `bitsetLimit` (the Fake Store ids, 1..n) take one
 * bit each in a bitset that grows as larger ids arrive (1,000,000 ids: 125 kB); any other id (a
 * huge number, a string) goes to a plain Set. Pure: no I/O.
 */
export interface IdSet {
  /** Adds the id; `false` when it was already there. */
  add(id: number | string): boolean;
  readonly size: number;
}

/** 2^27 bits = 16 MiB at most, for ids up to 134 million. */
const DEFAULT_BITSET_LIMIT = 2 ** 27;

export function createIdSet(bitsetLimit = DEFAULT_BITSET_LIMIT): IdSet {
  let bits = new Uint32Array(1024);
  const others = new Set<number | string>();
  let size = 0;

  function grow(id: number): void {
    let words = bits.length;
    while (words * 32 <= id) words *= 2;
    const next = new Uint32Array(words);
    next.set(bits);
    bits = next;
  }

  return {
    add(id) {
      if (typeof id === 'number' && Number.isInteger(id) && id >= 0 && id < bitsetLimit) {
        if (id >= bits.length * 32) grow(id);
        const word = id >>> 5;
        const mask = 1 << (id & 31);
        if ((bits[word]! & mask) !== 0) return false;
        bits[word] = bits[word]! | mask;
      } else {
        if (others.has(id)) return false;
        others.add(id);
      }
      size++;
      return true;
    },
    get size() {
      return size;
    },
  };
}
