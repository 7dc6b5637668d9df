import type { ChangeType } from './change.js';
import { type CartChange, type EventMessage, eventId, eventMessage } from './events.js';
import type { TextArena } from './text-arena.js';

export const TYPES: readonly ChangeType[] = ['cart_created', 'cart_modified', 'cart_deleted'];
export const CREATED = 0;
export const MODIFIED = 1;
export const DELETED = 2;

/**
 * The events of one cycle, in ascending cart id order, as columns and off-heap texts: what the cycle
 * that detects the changes builds from memory, and what the recovery of a cycle a crash cut short
 * rebuilds from its segment and the committed state (io/pending.ts). Both give the same columns, so
 * the events come out byte for byte the same.
 */
export class ChangePlan {
  count = 0;
  ids: Float64Array;
  versions: Float64Array;
  types: Uint8Array;
  userIds: Float64Array;
  /** SHA-256 of the after-image, 32 bytes each (unused for a delete). */
  afterHashes: Buffer;
  /** Text number in `afters`, or -1 (a delete). */
  afterOf: Int32Array;
  /** Text number in `befores`, or -1 (a creation). */
  beforeOf: Int32Array;

  constructor(
    capacity: number,
    readonly afters: TextArena,
    public befores: TextArena,
  ) {
    this.ids = new Float64Array(capacity);
    this.versions = new Float64Array(capacity);
    this.types = new Uint8Array(capacity);
    this.userIds = new Float64Array(capacity);
    this.afterHashes = Buffer.alloc(capacity * 32);
    this.afterOf = new Int32Array(capacity).fill(-1);
    this.beforeOf = new Int32Array(capacity).fill(-1);
  }

  /** Appends an event; returns its position. The hash is copied from `hashes` at `hashAt` (32 bytes) for a live after. */
  push(id: number, version: number, type: number, userId: number, after: number, hashes: Uint8Array | null, hashAt: number): number {
    const p = this.count++;
    this.ids[p] = id;
    this.versions[p] = version;
    this.types[p] = type;
    this.userIds[p] = userId;
    this.afterOf[p] = after;
    if (hashes) {
      // A loop costs less than a view per event to copy 32 bytes.
      const to = this.afterHashes;
      for (let k = 0, at = p * 32; k < 32; k++) to[at + k] = hashes[hashAt + k]!;
    }
    return p;
  }

  /** Event `p` as the change events are built from. */
  change(p: number): CartChange {
    const after = this.afterOf[p]!;
    const before = this.beforeOf[p]!;
    return {
      type: TYPES[this.types[p]!]!,
      cartId: this.ids[p]!,
      userId: this.userIds[p]!,
      version: this.versions[p]!,
      before: before >= 0 ? this.befores.text(before) : null,
      after: after >= 0 ? this.afters.text(after) : null,
      afterHash: after >= 0 ? this.afterHashes.toString('hex', p * 32, p * 32 + 32) : null,
    };
  }

  /** The id of event `p`: `eventId(this.change(p))`, without decoding its texts. */
  eventId(p: number): string {
    const after = this.afterOf[p]!;
    return eventId({
      cartId: this.ids[p]!,
      version: this.versions[p]!,
      type: TYPES[this.types[p]!]!,
      afterHash: after >= 0 ? this.afterHashes.toString('hex', p * 32, p * 32 + 32) : null,
    });
  }

  /** The messages, `windowSize` at a time, built as they are asked for. */
  *windows(detectedAt: string, windowSize = 1000): Generator<EventMessage[]> {
    for (let at = 0; at < this.count; at += windowSize) {
      const window: EventMessage[] = [];
      for (let p = at; p < Math.min(this.count, at + windowSize); p++) window.push(eventMessage(this.change(p), detectedAt));
      yield window;
    }
  }

  counts(): { created: number; modified: number; deleted: number } {
    const counts = { created: 0, modified: 0, deleted: 0 };
    for (let p = 0; p < this.count; p++) {
      const type = this.types[p];
      if (type === CREATED) counts.created++;
      else if (type === MODIFIED) counts.modified++;
      else counts.deleted++;
    }
    return counts;
  }
}
