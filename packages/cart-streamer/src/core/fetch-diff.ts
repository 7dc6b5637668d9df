import { hash } from 'node:crypto';
import { cartSchema, describeIssues } from '@fakestore/shared-core';
import { canonicalCartJson, isValidCart } from './cart-check.js';
import { rejectedCartId } from './reject.js';
import type { StateIndex } from './state-index.js';
import { TextArena } from './text-arena.js';

/** A fetched record that failed validation: quarantined with the reason, never treated as deleted. */
export interface RecordReject {
  record: unknown;
  /** Position in the fetch. */
  index: number;
  reason: string;
}

/** One record of the fetch: its bytes as received when the source has them, and its value (parsed when read). */
export interface FetchedRecord {
  raw?: Buffer | undefined;
  readonly value: unknown;
}

/**
 * The carts of a fetch whose state line must change: new, changed or back after a delete (`moved`:
 * an event, at the next version), or the same content sent as other bytes (`__v`, line order: only
 * the `seen` digest changes, no event).
 */
export interface FetchedUpdates {
  count: number;
  ids: Float64Array;
  /** State entry of each update, or -1 for a cart the state has no line for. */
  entries: Float64Array;
  /** 1 when the content changed (an event), 0 when only the record's bytes did. */
  moved: Uint8Array;
  userIds: Float64Array;
  /** SHA-256 of each update's canonical JSON, 32 bytes each. */
  hashes: Buffer;
  /** Digest of each update's record as fetched, 16 bytes each. */
  seen: Buffer;
  /** The canonical JSON of update `n` is text `n`. */
  carts: TextArena;
  /** Update numbers in ascending id order. */
  order: Uint32Array;
}

export interface FetchDiffResult {
  updates: FetchedUpdates;
  /** Records in the fetch, valid or not. */
  fetched: number;
  rejected: number;
  /** Ids of rejected records that could be read: those carts are present, so not deleted. */
  presentIds: Set<number>;
  /** Rejected records without a readable id: no delete is certain then. */
  unidentified: number;
}

/**
 * Compares the records of a fetch, one at a time as they arrive, with the committed state. A record
 * byte-identical to the one its cart had last time (same SHA-256 of the bytes, found by the id its
 * bytes start with) is unchanged and known valid: one digest, no parse, no validation. Any other
 * record is parsed, validated (cart-check.ts: what the shared cart schema accepts), canonicalised
 * and hashed once, and compared by content. Only the updates are kept (canonical JSON off-heap).
 * A cart listed twice is refused: the fetch is not a consistent snapshot.
 */
export class FetchDiff {
  private count = 0;
  private fetched = 0;
  private rejected = 0;
  private unidentified = 0;
  private readonly presentIds = new Set<number>();
  private ids = new Float64Array(1024);
  private entries = new Float64Array(1024);
  private moved = new Uint8Array(1024);
  private userIds = new Float64Array(1024);
  private hashes = Buffer.alloc(1024 * 32);
  private seen = Buffer.alloc(1024 * 16);
  private readonly carts = new TextArena();
  private ascending = true;

  constructor(private readonly index: StateIndex) {}

  /** One record; returns its reject when it fails validation. Reading `value` may throw (bad JSON): the fetch fails then. */
  add(record: FetchedRecord): RecordReject | null {
    const position = this.fetched++;
    const index = this.index;
    const raw = record.raw;
    let digest = '';
    let entry = -1;
    if (raw !== undefined) {
      digest = hash('sha256', raw, 'binary');
      const id = leadingId(raw);
      if (id > 0) {
        entry = index.findId(id);
        if (entry >= 0 && index.sameSeen(entry, digest)) {
          this.markFetched(entry);
          return null;
        }
      }
    }
    const value = record.value;
    // Without the bytes (a source that parsed them), the digest is of JSON.stringify: the same for the same record.
    if (raw === undefined) digest = hash('sha256', JSON.stringify(value) ?? 'undefined', 'binary');
    if (!isValidCart(value)) {
      this.rejected++;
      const id = rejectedCartId(value);
      if (id === undefined) this.unidentified++;
      else this.presentIds.add(id);
      const parsed = cartSchema.safeParse(value);
      return { record: value, index: position, reason: parsed.success ? 'record: not a cart' : describeIssues(parsed.error.issues, value) };
    }
    const canonical = canonicalCartJson(value);
    const contentHash = hash('sha256', canonical, 'binary');
    if (entry < 0 || index.ids[entry] !== value.id) entry = index.findId(value.id);
    if (entry >= 0) {
      this.markFetched(entry);
      if (index.sameHash(entry, contentHash)) {
        if (!index.sameSeen(entry, digest)) this.keep(value.id, entry, 0, value.userId, contentHash, digest, canonical);
        return null;
      }
    }
    this.keep(value.id, entry, 1, value.userId, contentHash, digest, canonical);
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
      updates: {
        count: n,
        ids: this.ids.subarray(0, n),
        entries: this.entries.subarray(0, n),
        moved: this.moved.subarray(0, n),
        userIds: this.userIds.subarray(0, n),
        hashes: this.hashes.subarray(0, n * 32),
        seen: this.seen.subarray(0, n * 16),
        carts: this.carts,
        order,
      },
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

  private keep(id: number, entry: number, moved: number, userId: number, contentHash: string, digest: string, canonical: string): void {
    const n = this.count;
    if (n === this.ids.length) this.grow();
    if (n > 0 && id <= this.ids[n - 1]!) this.ascending = false;
    this.ids[n] = id;
    this.entries[n] = entry;
    this.moved[n] = moved;
    this.userIds[n] = userId;
    this.hashes.write(contentHash, n * 32, 32, 'latin1');
    this.seen.write(digest, n * 16, 16, 'latin1');
    this.carts.add(canonical);
    this.count++;
  }

  private grow(): void {
    const size = this.ids.length * 2;
    const grow = <T extends Float64Array | Uint8Array>(array: T, make: (size: number) => T): T => {
      const grown = make(size);
      grown.set(array);
      return grown;
    };
    this.ids = grow(this.ids, (s) => new Float64Array(s));
    this.entries = grow(this.entries, (s) => new Float64Array(s));
    this.moved = grow(this.moved, (s) => new Uint8Array(s));
    this.userIds = grow(this.userIds, (s) => new Float64Array(s));
    const hashes = Buffer.alloc(size * 32);
    hashes.set(this.hashes);
    this.hashes = hashes;
    const seen = Buffer.alloc(size * 16);
    seen.set(this.seen);
    this.seen = seen;
  }
}

/**
 * The id a record's bytes start with (`{"id":123,` or `{"id":123}`), or -1: how the API writes a
 * cart. It only picks the state line to compare the bytes with; anything else is parsed.
 */
export function leadingId(raw: Buffer): number {
  // {"id":
  if (raw.length < 8 || raw[0] !== 0x7b || raw[1] !== 0x22 || raw[2] !== 0x69 || raw[3] !== 0x64 || raw[4] !== 0x22 || raw[5] !== 0x3a) return -1;
  let value = 0;
  let i = 6;
  for (; i < raw.length && i < 22; i++) {
    const c = raw[i]!;
    if (c < 0x30 || c > 0x39) break;
    value = value * 10 + (c - 0x30);
  }
  if (i === 6 || (raw[6] === 0x30 && i > 7) || (raw[i] !== 0x2c && raw[i] !== 0x7d)) return -1;
  return Number.isSafeInteger(value) ? value : -1;
}

function duplicate(id: number): Error {
  return new Error(`cart ${id} appears twice in one fetch`);
}
