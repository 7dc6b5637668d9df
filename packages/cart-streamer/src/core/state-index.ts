import { sameDigest } from './digest.js';
import { type CartLineFields, SEEN_RULES, type StateHeader, hexToBytes } from './state-format.js';

/**
 * What a cycle needs of the committed state, held in typed arrays (about 50 bytes a cart, no
 * per-cart object): the ids in file order (ascending), each cart's version, whether it is live,
 * the first 16 bytes of its content hash, and the digest of the record as last fetched. Snapshots
 * stay on disk; the cycle streams the file again for the few carts that changed.
 */
export class StateIndex {
  readonly ids: Float64Array;
  readonly versions: Float64Array;
  readonly live: Uint8Array;
  /** First 16 bytes of each cart's SHA-256 (zero for a tombstone). */
  readonly hashes: Uint8Array;
  /** 16-byte digests of the records as last fetched; `hasSeen` says which are set. */
  readonly seen: Uint8Array;
  readonly hasSeen: Uint8Array;
  /** Set by the cycle: the cart was in this fetch. */
  readonly fetched: Uint8Array;
  private count = 0;
  private liveCount = 0;
  private cursor = 0;

  constructor(readonly header: StateHeader) {
    const n = header.carts;
    this.ids = new Float64Array(n);
    this.versions = new Float64Array(n);
    this.live = new Uint8Array(n);
    this.hashes = new Uint8Array(n * 16);
    this.seen = new Uint8Array(n * 16);
    this.hasSeen = new Uint8Array(n);
    this.fetched = new Uint8Array(n);
  }

  static empty(versionFloor: number): StateIndex {
    return new StateIndex({ state_version: 2, detected_at: null, version_floor: versionFloor, carts: 0, seen_rules: SEEN_RULES });
  }

  get size(): number {
    return this.count;
  }

  get liveSize(): number {
    return this.liveCount;
  }

  /**
   * Adds the next line (its fields as parsed from `buf`); returns why it does not fit, or null.
   * Ids must ascend.
   */
  add(buf: Uint8Array, line: CartLineFields): string | null {
    const at = this.count;
    if (at >= this.ids.length) return `more cart lines than the ${this.ids.length} the header announces`;
    if (at > 0 && line.id <= this.ids[at - 1]!) return `cart ${line.id} comes after cart ${this.ids[at - 1]}: ids must ascend`;
    this.ids[at] = line.id;
    this.versions[at] = line.version;
    if (line.hashAt >= 0) {
      this.live[at] = 1;
      this.liveCount++;
      hexToBytes(buf, line.hashAt, 16, this.hashes, at * 16);
    }
    if (line.seenAt >= 0 && this.header.seen_rules === SEEN_RULES) {
      this.hasSeen[at] = 1;
      hexToBytes(buf, line.seenAt, 16, this.seen, at * 16);
    }
    this.count++;
    return null;
  }

  /** Call once every line is added: checks the count. */
  finish(): string | null {
    if (this.count !== this.ids.length) return `${this.count} cart lines where the header announces ${this.ids.length}`;
    return null;
  }

  /** The entry of a cart id, or -1. Fast when ids are asked for in ascending order, as the API lists them. */
  findId(id: number): number {
    const ids = this.ids;
    const n = this.count;
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

  /** Whether entry `i`'s content hash starts with the 16 bytes of `hash` at `offset`. */
  sameHash(i: number, hash: Uint8Array, offset = 0): boolean {
    return this.live[i] === 1 && sameDigest(this.hashes, i * 16, hash, offset);
  }

  sameSeen(i: number, digest: Uint8Array, offset = 0): boolean {
    return this.hasSeen[i] === 1 && sameDigest(this.seen, i * 16, digest, offset);
  }
}
