import { HAS_SEEN, IndexColumns, LIVE } from './segment-index.js';

/**
 * What a cycle knows of the committed state: the segments' indexes merged (a later segment's line
 * for a cart replaces an earlier one), in ascending id order, with the segment each line is in. Held
 * in typed arrays; the snapshots stay in the segments and are read by location, only for the carts
 * that changed.
 */
export class StateIndex {
  readonly ids: Float64Array;
  readonly versions: Float64Array;
  readonly starts: Float64Array;
  readonly lengths: Uint32Array;
  readonly flags: Uint8Array;
  /** First 16 bytes of each live cart's SHA-256. */
  readonly hashes: Uint8Array;
  /** First 16 bytes of the digest of each cart's record as last fetched (when `HAS_SEEN`). */
  readonly seen: Uint8Array;
  /** The segment (its position in the manifest's list) each line is in. */
  readonly segs: Uint8Array;
  /** Set by the cycle: the cart was in this fetch. */
  readonly fetched: Uint8Array;
  readonly size: number;
  readonly liveSize: number;
  private cursor = 0;

  private constructor(columns: IndexColumns, segs: Uint8Array, readonly versionFloor: number) {
    this.ids = columns.ids;
    this.versions = columns.versions;
    this.starts = columns.starts;
    this.lengths = columns.lengths;
    this.flags = columns.flags;
    this.hashes = columns.hashes;
    this.seen = columns.seen;
    this.segs = segs;
    this.size = columns.size;
    this.fetched = new Uint8Array(this.size);
    let live = 0;
    for (let i = 0; i < this.size; i++) live += this.flags[i]! & LIVE;
    this.liveSize = live;
  }

  static empty(versionFloor: number): StateIndex {
    return new StateIndex(new IndexColumns(0), new Uint8Array(0), versionFloor);
  }

  /** The state of the given segments, oldest first: for each cart, the line of the newest segment that has one. */
  static merge(segments: readonly IndexColumns[], versionFloor: number): StateIndex {
    if (segments.length === 1) return new StateIndex(segments[0]!, new Uint8Array(segments[0]!.size), versionFloor);
    if (segments.length > 255) throw new Error('at most 255 segments');
    let total = 0;
    for (const segment of segments) total += segment.size;
    const out = new IndexColumns(total);
    const segs = new Uint8Array(total);
    const heads = segments.map(() => 0);
    let n = 0;
    for (;;) {
      let min = Number.POSITIVE_INFINITY;
      let from = -1;
      for (let s = 0; s < segments.length; s++) {
        const at = heads[s]!;
        const column = segments[s]!;
        if (at >= column.size) continue;
        const id = column.ids[at]!;
        if (id <= min) {
          // Equal ids: the later segment wins (<=), and the earlier ones skip their line below.
          min = id;
          from = s;
        }
      }
      if (from < 0) break;
      for (let s = 0; s < segments.length; s++) if (heads[s]! < segments[s]!.size && segments[s]!.ids[heads[s]!] === min && s !== from) heads[s]!++;
      const column = segments[from]!;
      const i = heads[from]!++;
      out.ids[n] = column.ids[i]!;
      out.versions[n] = column.versions[i]!;
      out.starts[n] = column.starts[i]!;
      out.lengths[n] = column.lengths[i]!;
      out.flags[n] = column.flags[i]!;
      out.hashes.set(column.hashes.subarray(i * 16, i * 16 + 16), n * 16);
      out.seen.set(column.seen.subarray(i * 16, i * 16 + 16), n * 16);
      segs[n] = from;
      n++;
    }
    out.size = n;
    return new StateIndex(out, segs.subarray(0, n), versionFloor);
  }

  isLive(i: number): boolean {
    return (this.flags[i]! & LIVE) !== 0;
  }

  /** The entry of a cart id, or -1. Fast when ids are asked for in ascending order, as the API lists them. */
  findId(id: number): number {
    const ids = this.ids;
    const n = this.size;
    const next = this.cursor;
    if (next < n && ids[next] === id) {
      this.cursor = next + 1;
      return next;
    }
    let lo = 0;
    let hi = n - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const value = ids[mid]!;
      if (value === id) {
        this.cursor = mid + 1;
        return mid;
      }
      if (value < id) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  /** Whether entry `i` is live with a content hash starting with the 16 bytes of `digest` (a binary string). */
  sameHash(i: number, digest: string): boolean {
    return (this.flags[i]! & LIVE) !== 0 && sameBytes(this.hashes, i * 16, digest);
  }

  /** Whether entry `i`'s record digest starts with the 16 bytes of `digest` (a binary string). */
  sameSeen(i: number, digest: string): boolean {
    return (this.flags[i]! & HAS_SEEN) !== 0 && sameBytes(this.seen, i * 16, digest);
  }
}

function sameBytes(bytes: Uint8Array, at: number, digest: string): boolean {
  for (let k = 0; k < 16; k++) if (bytes[at + k] !== digest.charCodeAt(k)) return false;
  return true;
}
