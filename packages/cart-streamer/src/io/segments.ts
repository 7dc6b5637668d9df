import { hash } from 'node:crypto';
import { HAS_SEEN, IndexColumns, LIVE, decodeIndex, encodeIndex } from '../core/segment-index.js';
import type { StateIndex } from '../core/state-index.js';
import {
  SEEN_RULES,
  type StateHeader,
  cartLinePrefix,
  emptyCartLineFields,
  formatHeader,
  formatTombstoneLine,
  formatTrailer,
  hexToBytes,
  parseCartLine,
} from '../core/state-format.js';
import { indexPath } from '../core/manifest.js';
import { type ChangePlan, DELETED } from '../core/plan.js';
import { TextArena } from '../core/text-arena.js';
import { type StateFileRef, forEachCartLine, invalidStateFile, openStateFile } from './state-file.js';
import type { FileStorage, FileWriter } from './storage.js';

/**
 * Writes one state segment as a stream (lines in ascending id order), and its index next to it.
 * Both appear only on `finish`, whole: the segment first, then the index.
 */
export class SegmentWriter {
  readonly columns: IndexColumns;
  private lines = 0;
  /** Lines are assembled here and handed to the file a block at a time (one write per block, not several per line). */
  private block = Buffer.allocUnsafe(BLOCK);
  private used = 0;
  /** File offset of `block[0]`. */
  private offset = 0;

  private constructor(
    private readonly storage: FileStorage,
    private readonly path: string,
    private readonly writer: FileWriter,
    private readonly header: StateHeader,
    private readonly signal?: AbortSignal,
  ) {
    this.columns = new IndexColumns(Math.max(16, header.carts));
  }

  static async create(storage: FileStorage, path: string, header: StateHeader, signal?: AbortSignal): Promise<SegmentWriter> {
    const writer = await storage.create(path, { digest: true });
    const segment = new SegmentWriter(storage, path, writer, header, signal);
    segment.used = segment.block.write(formatHeader(header), 0, 'utf8');
    return segment;
  }

  /*
   * The line writers below return a promise only when the block was full and had to go to the file
   * first: a line that fits is written at once, with no promise per line (a million lines a cycle).
   * Callers await what they get: `const wait = segment.cart(...); if (wait) await wait;`.
   */

  /** A live cart's line: its 32-byte hash at `hashAt`, its 16-byte record digest at `seenAt` (or none), its canonical JSON. */
  cart(id: number, version: number, hashes: Buffer, hashAt: number, seen: Buffer | null, seenAt: number, cart: Uint8Array): Promise<void> | undefined {
    // The prefix is ASCII (numbers and hex digits): one byte per character.
    const prefix = cartLinePrefix(id, version, hashes.toString('hex', hashAt, hashAt + 32), seen ? seen.toString('hex', seenAt, seenAt + 16) : null);
    const put = () => {
      const block = this.block;
      const at = this.used;
      let used = at + block.write(prefix, at, 'latin1');
      block.set(cart, used);
      used += cart.length;
      block[used++] = 0x7d; // }
      this.columns.push(id, version, this.offset + at, used - at, seen ? LIVE | HAS_SEEN : LIVE, hashes, hashAt, seen ?? undefined, seenAt);
      block[used++] = 0x0a;
      this.used = used;
      this.lines++;
    };
    return this.withRoom(prefix.length + cart.length + 2, put);
  }

  tombstone(id: number, version: number): Promise<void> | undefined {
    const line = formatTombstoneLine(id, version);
    return this.withRoom(line.length, () => {
      const at = this.used;
      this.used = at + this.block.write(line, at, 'latin1');
      this.columns.push(id, version, this.offset + at, line.length - 1, 0);
      this.lines++;
    });
  }

  /** Entry `i` of the committed state as it is: its line copied byte for byte (`line`, no newline). */
  copy(index: StateIndex, i: number, line: Uint8Array): Promise<void> | undefined {
    return this.withRoom(line.length + 1, () => {
      const at = this.used;
      this.block.set(line, at);
      this.block[at + line.length] = 0x0a;
      this.used = at + line.length + 1;
      this.columns.push(index.ids[i]!, index.versions[i]!, this.offset + at, line.length, index.flags[i]!, index.hashes, i * 16, index.seen, i * 16);
      this.lines++;
    });
  }

  /** Writes the last line, puts the segment then its index in place; returns the segment's checksum. */
  async finish(): Promise<string> {
    if (this.lines !== this.header.carts) throw new Error(`internal: ${this.lines} lines written to a segment announced with ${this.header.carts}`);
    await this.flush();
    const sha256 = this.writer.digest();
    this.writer.write(formatTrailer({ end: true, carts: this.lines, sha256 }));
    if (this.signal?.aborted) throw this.signal.reason;
    await this.writer.commit();
    await writeIndex(this.storage, this.path, this.columns, sha256);
    return sha256;
  }

  abort(): Promise<void> {
    return this.writer.abort();
  }

  /** Runs `put` once `bytes` more fit in the block: at once when they do, else after handing the block to the file. */
  private withRoom(bytes: number, put: () => void): Promise<void> | undefined {
    if (this.used + bytes <= this.block.length) {
      put();
      return undefined;
    }
    return this.flush().then(() => {
      if (bytes > this.block.length) this.block = Buffer.allocUnsafe(bytes);
      put();
    });
  }

  private async flush(): Promise<void> {
    if (this.used === 0) return;
    const full = !this.writer.write(this.block.subarray(0, this.used));
    // The writer copies what it is given: the block is reused.
    this.offset += this.used;
    this.used = 0;
    if (full) {
      if (this.signal?.aborted) throw this.signal.reason;
      await this.writer.drain();
    }
  }
}

const BLOCK = 1 << 20;

/** Writes the index of a segment that is in place (its generation goes into the index). */
export async function writeIndex(storage: FileStorage, segment: string, columns: IndexColumns, segmentSha256: string): Promise<void> {
  const generation = await storage.generation(segment);
  if (generation === null) throw new Error(`internal: the segment ${segment} is not in place`);
  const writer = await storage.create(indexPath(segment));
  try {
    for (const part of encodeIndex(columns, segmentSha256, generation)) writer.write(part);
    await writer.commit();
  } catch (error) {
    await writer.abort();
    throw error;
  }
}

/**
 * A segment's index, read from its `.idx` file; when that is missing or does not match the
 * segment (`sha256`, from the manifest), rebuilt from the segment's lines (checked in full) and
 * written again. `rebuilt` says which happened.
 */
export async function loadSegmentIndex(ref: StateFileRef, sha256: string): Promise<{ columns: IndexColumns; rebuilt?: string }> {
  const source = await ref.storage.read(indexPath(ref.path));
  let problem = 'it is missing';
  const generation = source === null ? null : await ref.storage.generation(ref.path);
  if (source !== null) {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of source) {
      chunks.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
      size += chunk.byteLength;
    }
    // One aligned buffer, so the columns can be typed-array views of it.
    const bytes = Buffer.from(new ArrayBuffer(size));
    let at = 0;
    for (const chunk of chunks) {
      bytes.set(chunk, at);
      at += chunk.length;
    }
    const decoded = decodeIndex(bytes, sha256, generation);
    if (typeof decoded !== 'string') return { columns: decoded };
    problem = decoded;
  }
  const scanned = await scanSegment(ref);
  if (scanned.sha256 !== sha256) throw invalidStateFile(ref, 'its checksum is not the one the state names (the segment was replaced)');
  await writeIndex(ref.storage, ref.path, scanned.columns, sha256);
  return { columns: scanned.columns, rebuilt: problem };
}

/** Reads a state-format file whole (checking every line and its checksum) into index columns. */
export async function scanSegment(ref: StateFileRef): Promise<{ header: StateHeader; columns: IndexColumns; sha256: string }> {
  const opened = await openStateFile(ref, { verify: true });
  if (opened === null) throw invalidStateFile(ref, 'it is missing');
  if (opened.format !== 2) throw invalidStateFile(ref, 'it is not a state segment');
  const columns = new IndexColumns(Math.max(16, opened.header.carts));
  const cursor = opened.cursor;
  let last = 0;
  const sha256 = await forEachCartLine(ref, cursor, (fields, buf) => {
    if (fields.id <= last) throw invalidStateFile(ref, `line ${cursor.lineNumber}: cart ${fields.id} comes after cart ${last}: ids must ascend`);
    last = fields.id;
    const flags = (fields.hashAt >= 0 ? LIVE : 0) | (fields.seenAt >= 0 && opened.header.seen_rules === SEEN_RULES ? HAS_SEEN : 0);
    const row = columns.push(fields.id, fields.version, cursor.offset, cursor.end - cursor.start, flags);
    if (flags & LIVE) hexToBytes(buf, fields.hashAt, 16, columns.hashes, row * 16);
    if (flags & HAS_SEEN) hexToBytes(buf, fields.seenAt, 16, columns.seen, row * 16);
  }, { carts: opened.header.carts, verify: true });
  return { header: opened.header, columns, sha256 };
}

/** The committed lines of some carts, read by location. */
export interface CartLines {
  /** The canonical JSON of entry `entries[n]` is `carts.text(of[n])`; -1 for a tombstone. */
  of: Int32Array;
  carts: TextArena;
  userIds: Float64Array;
}

/**
 * Reads the lines of the given entries of the committed state (their before-images), segment by
 * segment in file order, checking each against the index: same id and version, and the SHA-256 of
 * its cart JSON starting with the hash the index holds, so a damaged or edited segment stops the
 * cycle (exit 2) instead of feeding an event.
 */
export async function readCartLines(storage: FileStorage, segments: readonly string[], index: StateIndex, entries: ArrayLike<number>): Promise<CartLines> {
  const n = entries.length;
  const order = new Uint32Array(n);
  for (let k = 0; k < n; k++) order[k] = k;
  order.sort((a, b) => {
    const ea = entries[a]!;
    const eb = entries[b]!;
    return index.segs[ea]! - index.segs[eb]! || index.starts[ea]! - index.starts[eb]!;
  });
  const of = new Int32Array(n).fill(-1);
  const userIds = new Float64Array(n);
  const carts = new TextArena();
  const fields = emptyCartLineFields();
  let k = 0;
  while (k < n) {
    const seg = index.segs[entries[order[k]!]!]!;
    let end = k;
    while (end < n && index.segs[entries[order[end]!]!] === seg) end++;
    const ranges: [number, number][] = [];
    for (let j = k; j < end; j++) {
      const e = entries[order[j]!]!;
      ranges.push([index.starts[e]!, index.starts[e]! + index.lengths[e]!]);
    }
    const ref: StateFileRef = { storage, path: segments[seg]!, what: 'state segment' };
    let j = k;
    try {
      for await (const line of storage.readRanges(ref.path, ranges)) {
        const at = order[j]!;
        const e = entries[at]!;
        if (parseCartLine(line, 0, line.length, fields) === null || fields.id !== index.ids[e] || fields.version !== index.versions[e]) {
          throw invalidStateFile(ref, `the line of cart ${index.ids[e]} at byte ${index.starts[e]} is not the one its index names`);
        }
        if (fields.hashAt >= 0) {
          const cart = line.subarray(fields.cartStart, fields.cartEnd);
          if (!index.sameHash(e, hash('sha256', cart, 'binary'))) throw invalidStateFile(ref, `the line of cart ${fields.id} was changed (its cart does not match its hash)`);
          of[at] = carts.addBytes(cart);
          userIds[at] = fields.userId;
        }
        j++;
      }
    } catch (error) {
      if (error instanceof Error && error.name === 'UsageError') throw error;
      throw invalidStateFile(ref, error instanceof Error ? error.message : String(error));
    }
    k = end;
  }
  return { of, carts, userIds };
}

/**
 * The before-images of a plan's events: the committed lines of `entries` (read by location, see
 * readCartLines), given to the events at `at` (same order); a delete also takes its user id from it.
 */
export async function readBefores(storage: FileStorage, segments: readonly string[], index: StateIndex, plan: ChangePlan, entries: ArrayLike<number>, at: ArrayLike<number>): Promise<void> {
  const befores = await readCartLines(storage, segments, index, entries);
  plan.befores = befores.carts;
  for (let j = 0; j < at.length; j++) {
    const p = at[j]!;
    plan.beforeOf[p] = befores.of[j]!;
    if (plan.types[p] === DELETED) plan.userIds[p] = befores.userIds[j]!;
  }
}
