import { createHash } from 'node:crypto';
import { z } from 'zod';

/**
 * What the streamer needs to know of each line of a state segment, in columns (typed arrays, no
 * object per cart): the id, the version, whether the cart is live and whether its `seen` digest is
 * valid, the first 16 bytes of its content hash and of its `seen` digest, and where its line is in
 * the segment (byte offset and length, newline excluded). About 61 bytes a cart.
 *
 * Written next to each segment as `{segment}.idx` when the segment is written, so that a cycle loads
 * the state as a few typed arrays instead of parsing every JSON line (0.1 s instead of 3 s at a
 * million carts). The segment's JSON lines stay the truth a person reads: an index that is missing
 * or does not match its segment is rebuilt from it.
 */
export class IndexColumns {
  ids: Float64Array;
  versions: Float64Array;
  starts: Float64Array;
  lengths: Uint32Array;
  flags: Uint8Array;
  hashes: Uint8Array;
  seen: Uint8Array;
  size = 0;

  constructor(capacity: number) {
    this.ids = new Float64Array(capacity);
    this.versions = new Float64Array(capacity);
    this.starts = new Float64Array(capacity);
    this.lengths = new Uint32Array(capacity);
    this.flags = new Uint8Array(capacity);
    this.hashes = new Uint8Array(capacity * 16);
    this.seen = new Uint8Array(capacity * 16);
  }

  /**
   * Appends an entry and returns its row: with LIVE, the 16 bytes of `hash` at `hashAt` are its hash;
   * with HAS_SEEN, those of `seen` at `seenAt` its digest (else left zero, for the caller to fill).
   */
  push(id: number, version: number, start: number, length: number, flags: number, hash?: Uint8Array, hashAt = 0, seen?: Uint8Array, seenAt = 0): number {
    const i = this.size;
    if (i === this.ids.length) this.grow();
    this.ids[i] = id;
    this.versions[i] = version;
    this.starts[i] = start;
    this.lengths[i] = length;
    this.flags[i] = flags;
    if (hash && flags & LIVE) copy16(hash, hashAt, this.hashes, i * 16);
    if (seen && flags & HAS_SEEN) copy16(seen, seenAt, this.seen, i * 16);
    this.size++;
    return i;
  }

  private grow(): void {
    const size = Math.max(1024, this.ids.length * 2);
    const grown = new IndexColumns(size);
    grown.ids.set(this.ids);
    grown.versions.set(this.versions);
    grown.starts.set(this.starts);
    grown.lengths.set(this.lengths);
    grown.flags.set(this.flags);
    grown.hashes.set(this.hashes);
    grown.seen.set(this.seen);
    Object.assign(this, { ids: grown.ids, versions: grown.versions, starts: grown.starts, lengths: grown.lengths, flags: grown.flags, hashes: grown.hashes, seen: grown.seen });
  }
}

export const LIVE = 1;
export const HAS_SEEN = 2;

/** The first line of an index file (JSON, so `head -1` tells what it is). */
export const indexHeaderSchema = z.strictObject({
  cart_index: z.literal(1),
  carts: z.number().int().nonnegative(),
  /** The checksum of the segment this indexes (its last line's `sha256`). */
  segment_sha256: z.string().regex(/^[0-9a-f]{64}$/),
  /**
   * The segment file's generation when it was indexed (FileStorage.generation: locally inode, mtime
   * and size). A segment edited by hand has another one, so its index is not trusted: the segment is
   * checked in full against its checksum instead, and the edit is found (exit 2).
   */
  segment_generation: z.string().min(1),
  /** SHA-256 of the binary part. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});

const pad8 = (n: number) => (n + 7) & ~7;

/** Byte offsets of the columns in the binary part (little-endian, each 8-byte aligned). */
function layout(n: number) {
  const ids = 0;
  const versions = ids + 8 * n;
  const starts = versions + 8 * n;
  const lengths = starts + 8 * n;
  const flags = pad8(lengths + 4 * n);
  const hashes = pad8(flags + n);
  const seen = hashes + 16 * n;
  return { ids, versions, starts, lengths, flags, hashes, seen, end: seen + 16 * n };
}

/** The bytes of an index file: a JSON header line padded to 8 bytes, then the columns. */
export function encodeIndex(columns: IndexColumns, segmentSha256: string, segmentGeneration: string): Buffer[] {
  const n = columns.size;
  const at = layout(n);
  const body = Buffer.alloc(at.end);
  const put = (array: ArrayBufferView, offset: number, bytes: number) => body.set(new Uint8Array(array.buffer, array.byteOffset, bytes), offset);
  put(columns.ids, at.ids, 8 * n);
  put(columns.versions, at.versions, 8 * n);
  put(columns.starts, at.starts, 8 * n);
  put(columns.lengths, at.lengths, 4 * n);
  put(columns.flags, at.flags, n);
  put(columns.hashes, at.hashes, 16 * n);
  put(columns.seen, at.seen, 16 * n);
  const sha256 = createHash('sha256').update(body).digest('hex');
  const line = JSON.stringify({ cart_index: 1, carts: n, segment_sha256: segmentSha256, segment_generation: segmentGeneration, sha256 });
  const header = Buffer.from(`${line}${' '.repeat(pad8(line.length + 1) - line.length - 1)}\n`);
  return [header, body];
}

/**
 * Reads an index file's bytes (`bytes` must start at an 8-byte aligned address); the columns are
 * views of it. A string says why it cannot be used.
 */
export function decodeIndex(bytes: Buffer, segmentSha256: string, segmentGeneration: string | null): IndexColumns | string {
  const nl = bytes.indexOf(10);
  if (nl < 0 || (nl + 1) % 8 !== 0) return 'it has no header line';
  let header: z.output<typeof indexHeaderSchema>;
  try {
    const parsed = indexHeaderSchema.safeParse(JSON.parse(bytes.toString('utf8', 0, nl)));
    if (!parsed.success) return 'its header line is not an index header';
    header = parsed.data;
  } catch {
    return 'its header line is not JSON';
  }
  if (header.segment_sha256 !== segmentSha256) return 'it indexes another version of the segment';
  if (header.segment_generation !== segmentGeneration) return 'the segment file was replaced or changed since it was indexed';
  const n = header.carts;
  const at = layout(n);
  const body = bytes.subarray(nl + 1);
  if (body.length !== at.end) return `it has ${body.length} bytes of columns where ${n} carts take ${at.end}`;
  if (createHash('sha256').update(body).digest('hex') !== header.sha256) return 'its checksum does not match its content';
  if (body.byteOffset % 8 !== 0) return 'internal: the index bytes are not aligned';
  const view = <T>(Type: new (buffer: ArrayBufferLike, offset: number, length: number) => T, offset: number, length: number) => new Type(body.buffer, body.byteOffset + offset, length);
  const columns = new IndexColumns(0);
  columns.ids = view(Float64Array, at.ids, n);
  columns.versions = view(Float64Array, at.versions, n);
  columns.starts = view(Float64Array, at.starts, n);
  columns.lengths = view(Uint32Array, at.lengths, n);
  columns.flags = view(Uint8Array, at.flags, n);
  columns.hashes = view(Uint8Array, at.hashes, 16 * n);
  columns.seen = view(Uint8Array, at.seen, 16 * n);
  columns.size = n;
  for (let i = 1; i < n; i++) if (!(columns.ids[i]! > columns.ids[i - 1]!)) return `its ids do not ascend at entry ${i}`;
  return columns;
}

/** 16 bytes from `from` at `at` to `to` at `toAt`: a loop costs less than the view `set` needs (two per line). */
function copy16(from: Uint8Array, at: number, to: Uint8Array, toAt: number): void {
  for (let k = 0; k < 16; k++) to[toAt + k] = from[at + k]!;
}
