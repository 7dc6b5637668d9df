import { z } from 'zod';

/**
 * The state file (format 2): JSON lines a person can read (`head`, `grep '"id":42,'`), sorted by
 * cart id, so that a cycle reads and writes it as a stream and never holds it whole:
 *
 *     {"state_version":2,"detected_at":"2026-11-26T12:00:00.000Z","version_floor":1,"carts":2,"seen_rules":1}
 *     {"id":1,"version":3,"hash":"<sha256 of cart>","seen":"<digest of the record as fetched>","cart":{"id":1,...}}
 *     {"id":2,"version":2,"hash":null,"seen":null,"cart":null}
 *     {"end":true,"carts":2,"sha256":"<sha256 of every line above>"}
 *
 * One line per cart the streamer knows: `cart` is the canonical snapshot (the next event's
 * `before`), `hash` its SHA-256 (part of event ids), `seen` a digest of the record's bytes as the
 * API last sent them, `version` the version of its last event. A deleted cart stays as a tombstone
 * (`cart: null`) so its version keeps counting. The last line proves the file complete and intact.
 * The pending outbox of a cycle has the same format: it is the state that cycle will commit.
 */
export const STATE_FORMAT = 2;

export interface StateHeader {
  state_version: typeof STATE_FORMAT;
  /** When the cycle that wrote this state fetched the carts (`null` for a migrated state). */
  detected_at: string | null;
  /** The version given to a cart this state has no line for (see versions.ts). */
  version_floor: number;
  /** Lines of carts that follow. */
  carts: number;
  /**
   * The rules the `seen` digests were taken under (SEEN_RULES). A record byte-identical to the one
   * a digest was taken of passed the same validation then, so it is known valid and unchanged; when
   * the rules change, the digests are ignored and every record is validated again.
   */
  seen_rules: number;
}

/** Bump whenever cart validation or canonicalisation changes. */
export const SEEN_RULES = 1;

export const stateHeaderSchema = z.strictObject({
  state_version: z.literal(STATE_FORMAT),
  detected_at: z.iso.datetime().nullable(),
  version_floor: z.number().int().positive(),
  carts: z.number().int().nonnegative(),
  seen_rules: z.number().int().nonnegative(),
});

export interface StateTrailer {
  end: true;
  carts: number;
  /** SHA-256 hex of every byte of the file before this line. */
  sha256: string;
}

export const stateTrailerSchema = z.strictObject({
  end: z.literal(true),
  carts: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});

export function formatHeader(header: StateHeader): string {
  return `${JSON.stringify(header)}\n`;
}

export function formatTrailer(trailer: StateTrailer): string {
  return `${JSON.stringify(trailer)}\n`;
}

/** A live cart's line; `cart` is its canonical JSON, `hash` its SHA-256 hex, `seen` a 32-hex digest or null. */
export function formatCartLine(id: number, version: number, hash: string, seen: string | null, cart: string): string {
  return `${cartLinePrefix(id, version, hash, seen)}${cart}}\n`;
}

/** A cart line up to its `cart` value: the caller appends the cart JSON and `}\n`. */
export function cartLinePrefix(id: number, version: number, hash: string, seen: string | null): string {
  return `{"id":${id},"version":${version},"hash":"${hash}","seen":${seen === null ? 'null' : `"${seen}"`},"cart":`;
}

export function formatTombstoneLine(id: number, version: number): string {
  return `{"id":${id},"version":${version},"hash":null,"seen":null,"cart":null}\n`;
}

/** Where the fields of one cart line are, as byte offsets into the buffer it was read from. */
export interface CartLineFields {
  id: number;
  version: number;
  /** Offset of the 64 hex digits of `hash`, or -1 for a tombstone. */
  hashAt: number;
  /** Offset of the 32 hex digits of `seen`, or -1. */
  seenAt: number;
  /** The canonical cart JSON is [cartStart, cartEnd); both -1 for a tombstone. */
  cartStart: number;
  cartEnd: number;
  /** `userId` of the cart, or -1 for a tombstone. */
  userId: number;
}

const Q = 0x22;

/**
 * Reads a cart line in place (no string is made), checking it byte by byte against the format
 * above; `null` when it does not fit. `end` excludes the newline. The cart JSON itself is taken as
 * written (the trailer's checksum vouches for it); only its id and userId are read.
 */
export function parseCartLine(buf: Uint8Array, start: number, end: number, out: CartLineFields): CartLineFields | null {
  let i = expect(buf, start, end, ID);
  if (i < 0) return null;
  if (readUint(buf, i, end) === null) return null;
  const id = uint.value;
  i = expect(buf, uint.next, end, VERSION);
  if (i < 0 || readUint(buf, i, end) === null || uint.value < 1) return null;
  const version = uint.value;
  i = expect(buf, uint.next, end, HASH);
  if (i < 0) return null;
  out.id = id;
  out.version = version;
  if (readHexOrNull(buf, i, end, 64) === null) return null;
  out.hashAt = hexField.at;
  i = expect(buf, hexField.next, end, SEEN);
  if (i < 0 || readHexOrNull(buf, i, end, 32) === null) return null;
  out.seenAt = hexField.at;
  i = expect(buf, hexField.next, end, CART);
  if (i < 0 || buf[end - 1] !== 0x7d) return null;
  if (out.hashAt < 0) {
    if (out.seenAt >= 0 || expect(buf, i, end, NULL) !== end - 1) return null;
    out.cartStart = out.cartEnd = out.userId = -1;
    return out;
  }
  // {"id":<id>,"userId":<n>, ... }
  let j = expect(buf, i, end, CART_ID);
  if (j < 0 || readUint(buf, j, end) === null || uint.value !== id) return null;
  j = expect(buf, uint.next, end, USER_ID);
  if (j < 0 || readUint(buf, j, end) === null || buf[end - 2] !== 0x7d) return null;
  out.cartStart = i;
  out.cartEnd = end - 1;
  out.userId = uint.value;
  return out;
}

/**
 * Only the id and version of a cart line (`{"id":N,"version":V,...`), for passes that skip most
 * lines; `false` when the line does not start that way.
 */
export function parseIdVersion(buf: Uint8Array, start: number, end: number, out: { id: number; version: number }): boolean {
  const i = expect(buf, start, end, ID);
  if (i < 0 || readUint(buf, i, end) === null) return false;
  const id = uint.value;
  const j = expect(buf, uint.next, end, VERSION);
  if (j < 0 || readUint(buf, j, end) === null) return false;
  out.id = id;
  out.version = uint.value;
  return true;
}

export const emptyCartLineFields = (): CartLineFields => ({ id: 0, version: 0, hashAt: -1, seenAt: -1, cartStart: -1, cartEnd: -1, userId: -1 });

const bytes = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));
const ID = bytes('{"id":');
const VERSION = bytes(',"version":');
const HASH = bytes(',"hash":');
const SEEN = bytes(',"seen":');
const CART = bytes(',"cart":');
const NULL = bytes('null');
const CART_ID = bytes('{"id":');
const USER_ID = bytes(',"userId":');

function expect(buf: Uint8Array, at: number, end: number, literal: Uint8Array): number {
  if (at + literal.length > end) return -1;
  for (let k = 0; k < literal.length; k++) if (buf[at + k] !== literal[k]) return -1;
  return at + literal.length;
}

/** Reads `"<digits hex digits>"` or `null` into `hexField` (`at`: where the digits start, or -1). */
function readHexOrNull(buf: Uint8Array, i: number, end: number, digits: number): typeof hexField | null {
  if (buf[i] === Q) {
    if (!isHex(buf, i + 1, digits) || buf[i + digits + 1] !== Q) return null;
    hexField.at = i + 1;
    hexField.next = i + digits + 2;
    return hexField;
  }
  const next = expect(buf, i, end, NULL);
  if (next < 0) return null;
  hexField.at = -1;
  hexField.next = next;
  return hexField;
}

const hexField = { at: -1, next: 0 };

/** Reads an unsigned integer (no leading zero, at most 15 digits) into `uint`; `null` when there is none. */
function readUint(buf: Uint8Array, at: number, end: number): typeof uint | null {
  let value = 0;
  let i = at;
  while (i < end) {
    const c = buf[i]!;
    if (c < 0x30 || c > 0x39) break;
    value = value * 10 + (c - 0x30);
    i++;
  }
  if (i === at || i - at > 15 || (buf[at] === 0x30 && i - at > 1)) return null;
  uint.value = value;
  uint.next = i;
  return uint;
}

/** readUint's result, reused: no object per number read (millions per state file). */
const uint = { value: 0, next: 0 };

function isHex(buf: Uint8Array, at: number, length: number): boolean {
  for (let k = at; k < at + length; k++) {
    const c = buf[k];
    if (c === undefined || !((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66))) return false;
  }
  return true;
}

/** Lowercase hex digits at `at` into bytes (`length` bytes, 2 digits each), written to `into` at `offset`. */
export function hexToBytes(buf: Uint8Array, at: number, length: number, into: Uint8Array, offset: number): void {
  for (let k = 0; k < length; k++) {
    into[offset + k] = (nibble(buf[at + 2 * k]!) << 4) | nibble(buf[at + 2 * k + 1]!);
  }
}

function nibble(c: number): number {
  return c <= 0x39 ? c - 0x30 : c - 0x57;
}
