/**
 * An open-addressing hash table from 16-byte digests to entry numbers, in typed arrays: a million
 * entries cost 8 MB and no garbage, where a Map of strings would cost ~100 MB. The digests live in
 * the caller's array (`digests`, 16 bytes per entry); the table keeps only entry numbers.
 */
export class DigestTable {
  private readonly slots: Int32Array;
  private readonly mask: number;

  constructor(private readonly digests: Uint8Array, capacity: number) {
    let size = 16;
    while (size < capacity * 2) size *= 2;
    this.slots = new Int32Array(size).fill(-1);
    this.mask = size - 1;
  }

  /** Adds entry `entry`, whose digest is at `digests[entry * 16]`. A digest added twice keeps its first entry. */
  add(entry: number): void {
    let slot = this.start(this.digests, entry * 16);
    for (;;) {
      const held = this.slots[slot]!;
      if (held < 0) {
        this.slots[slot] = entry;
        return;
      }
      if (sameDigest(this.digests, held * 16, this.digests, entry * 16)) return;
      slot = (slot + 1) & this.mask;
    }
  }

  /** The entry whose digest equals the 16 bytes at `digest[offset]`, or -1. */
  find(digest: Uint8Array, offset = 0): number {
    let slot = this.start(digest, offset);
    for (;;) {
      const held = this.slots[slot]!;
      if (held < 0) return -1;
      if (sameDigest(this.digests, held * 16, digest, offset)) return held;
      slot = (slot + 1) & this.mask;
    }
  }

  private start(digest: Uint8Array, offset: number): number {
    return ((digest[offset]! | (digest[offset + 1]! << 8) | (digest[offset + 2]! << 16) | (digest[offset + 3]! << 24)) >>> 0) & this.mask;
  }
}

export function sameDigest(a: Uint8Array, aAt: number, b: Uint8Array, bAt: number): boolean {
  for (let k = 0; k < 16; k++) if (a[aAt + k] !== b[bAt + k]) return false;
  return true;
}
