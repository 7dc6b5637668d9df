import { hash } from 'node:crypto';
import { cartSchema, describeIssues } from '@fakestore/shared-core';
import { rejectedCartId } from './reject.js';
import { toSnapshot } from './snapshot.js';
import type { StateIndex } from './state-index.js';
import { TextArena } from './text-arena.js';

/** A fetched record that failed validation: quarantined with the reason, never treated as deleted. */
export interface RecordReject {
  record: unknown;
  /** Position in the fetch. */
  index: number;
  reason: string;
}

/** The carts of a fetch whose content differs from the state: new, changed or back after a delete. */
export interface FetchedChanges {
  count: number;
  ids: Float64Array;
  /** State entry of each change, or -1 for a cart the state has no line for. */
  entries: Float64Array;
  /** SHA-256 of each change's canonical JSON, 32 bytes each. */
  hashes: Uint8Array;
  /** Digest of each change's record as fetched, 16 bytes each. */
  seen: Uint8Array;
  /** The canonical JSON of change `n` is text `n`. */
  carts: TextArena;
  /** Change numbers in ascending id order. */
  order: Uint32Array;
}

export interface FetchDiffResult {
  changes: FetchedChanges;
  /** Unchanged carts whose record bytes differ from the last fetch (e.g. `__v` or line order): entry -> new digest. */
  staleSeen: Map<number, Uint8Array>;
  /** Records in the fetch, valid or not. */
  fetched: number;
  rejected: number;
  /** Ids of rejected records that could be read: those carts are present, so not deleted. */
  presentIds: Set<number>;
  /** Rejected records without a readable id: no delete is certain then. */
  unidentified: number;
}

/**
 * Compares the records of a fetch, one at a time as they arrive, with the committed state. A
 * record byte-identical to the one the state last saw for its cart is unchanged (one hash, no
 * parse); any other record is validated with the shared cart schema, canonicalised and hashed
 * once, and compared by content. Only changed carts are kept (their canonical JSON, off-heap).
 * A cart listed twice is refused: the fetch is not a consistent snapshot.
 */
export class FetchDiff {
  private count = 0;
  private fetched = 0;
  private rejected = 0;
  private unidentified = 0;
  private readonly presentIds = new Set<number>();
  private readonly staleSeen = new Map<number, Uint8Array>();
  private ids = new Float64Array(1024);
  private entries = new Float64Array(1024);
  private hashes = new Uint8Array(1024 * 32);
  private seen = new Uint8Array(1024 * 16);
  private readonly carts = new TextArena();
  private ascending = true;

  constructor(private readonly index: StateIndex) {}

  /**
   * One record, as parsed from the response. Its digest is taken of its JSON text (`text`, when the
   * source has the bytes as received; else `JSON.stringify` of it, the same for the same record).
   * Returns the reject when it fails validation.
   */
  add(record: unknown, text: string = JSON.stringify(record) ?? 'undefined'): RecordReject | null {
    const position = this.fetched++;
    const digest = hash('sha256', text, 'buffer');
    // Byte-identical to the record this cart had last time: valid and unchanged, nothing more to do.
    const id = (record as { id?: unknown } | null)?.id;
    const known = typeof id === 'number' ? this.index.findId(id) : -1;
    if (known >= 0 && this.index.sameSeen(known, digest)) {
      this.markFetched(known);
      return null;
    }
    const parsed = cartSchema.safeParse(record);
    if (!parsed.success) {
      this.rejected++;
      const id = rejectedCartId(record);
      if (id === undefined) this.unidentified++;
      else this.presentIds.add(id);
      return { record, index: position, reason: describeIssues(parsed.error.issues, record) };
    }
    const cart = parsed.data;
    const canonical = JSON.stringify(toSnapshot(cart));
    const contentHash = hash('sha256', canonical, 'buffer');
    const entry = known >= 0 && cart.id === id ? known : this.index.findId(cart.id);
    if (entry >= 0) {
      this.markFetched(entry);
      if (this.index.sameHash(entry, contentHash)) {
        if (!this.index.sameSeen(entry, digest)) this.staleSeen.set(entry, digest.subarray(0, 16));
        return null;
      }
    }
    this.keepChange(cart.id, entry, contentHash, digest, canonical);
    return null;
  }

  finish(): FetchDiffResult {
    const n = this.count;
    const order = new Uint32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    if (!this.ascending) {
      const ids = this.ids;
      order.sort((a, b) => ids[a]! - ids[b]!);
    }
    for (let k = 1; k < n; k++) {
      if (this.ids[order[k]!] === this.ids[order[k - 1]!]) throw duplicate(this.ids[order[k]!]!);
    }
    return {
      changes: {
        count: n,
        ids: this.ids.subarray(0, n),
        entries: this.entries.subarray(0, n),
        hashes: this.hashes.subarray(0, n * 32),
        seen: this.seen.subarray(0, n * 16),
        carts: this.carts,
        order,
      },
      staleSeen: this.staleSeen,
      fetched: this.fetched,
      rejected: this.rejected,
      presentIds: this.presentIds,
      unidentified: this.unidentified,
    };
  }

  private markFetched(entry: number): void {
    if (this.index.fetched[entry]) throw duplicate(this.index.ids[entry]!);
    this.index.fetched[entry] = 1;
  }

  private keepChange(id: number, entry: number, contentHash: Buffer, digest: Buffer, canonical: string): void {
    const n = this.count;
    if (n === this.ids.length) this.grow();
    if (n > 0 && id <= this.ids[n - 1]!) this.ascending = false;
    this.ids[n] = id;
    this.entries[n] = entry;
    this.hashes.set(contentHash.subarray(0, 32), n * 32);
    this.seen.set(digest.subarray(0, 16), n * 16);
    this.carts.add(canonical);
    this.count++;
  }

  private grow(): void {
    const size = this.ids.length * 2;
    this.ids = resized(this.ids, size);
    this.entries = resized(this.entries, size);
    const hashes = new Uint8Array(size * 32);
    hashes.set(this.hashes);
    this.hashes = hashes;
    const seen = new Uint8Array(size * 16);
    seen.set(this.seen);
    this.seen = seen;
  }
}

function resized(array: Float64Array, size: number): Float64Array<ArrayBuffer> {
  const grown = new Float64Array(size);
  grown.set(array);
  return grown;
}

function duplicate(id: number): Error {
  return new Error(`cart ${id} appears twice in one fetch`);
}
