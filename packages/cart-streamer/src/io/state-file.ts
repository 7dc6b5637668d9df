import { createHash } from 'node:crypto';
import { UsageError, describeIssues } from '@fakestore/shared-core';
import { type LegacyOutbox, type LegacyState, legacyOutboxSchema, legacyStateSchema } from '../core/legacy-state.js';
import {
  type CartLineFields,
  type StateHeader,
  emptyCartLineFields,
  parseCartLine,
  stateHeaderSchema,
  stateTrailerSchema,
} from '../core/state-format.js';
import { LineCursor } from './lines.js';
import type { FileStorage } from './storage.js';

/** A state-format file: the committed state, or the pending outbox (the state a cycle will commit). */
export interface StateFileRef {
  storage: FileStorage;
  path: string;
  what: 'state file' | 'outbox' | 'state segment';
}

/** A state or outbox file that cannot be used: exit 2, the file left as it is. */
export function invalidStateFile(ref: StateFileRef, reason: string): UsageError {
  const fix = ref.what === 'outbox'
    ? 'move it away to drop that cycle, or use --reset-state to start over'
    : 'restore or fix it, or start over with --reset-state (the old state is kept as a backup; every cart is announced as created again, versions go on counting)';
  return new UsageError(`the ${ref.what} ${ref.path} is not valid: ${reason}. It was left untouched: ${fix}`);
}

export type OpenedStateFile =
  | { format: 2; header: StateHeader; cursor: LineCursor }
  | { format: 1; legacy: { kind: 'state'; state: LegacyState } | { kind: 'outbox'; outbox: LegacyOutbox } };

/**
 * Opens a state-format file past its header, or reads a format-1 file whole (to migrate it);
 * `null` when there is none. Anything else is an `invalidStateFile` error.
 */
export async function openStateFile(ref: StateFileRef, options: { verify?: boolean } = {}): Promise<OpenedStateFile | null> {
  let source: AsyncIterable<Uint8Array> | null;
  try {
    source = await ref.storage.read(ref.path);
  } catch (error) {
    throw new UsageError(`cannot read the ${ref.what} ${ref.path} (${errorCode(error)})`, { cause: error });
  }
  if (source === null) return null;
  const cursor = new LineCursor(source, options.verify ? { hash: createHash('sha256') } : {});
  try {
    if (!(await cursor.nextLine())) {
      const rest = cursor.rest();
      if (rest.length === 0) throw invalidStateFile(ref, 'the file is empty');
      return { format: 1, legacy: parseLegacy(ref, rest.toString('utf8')) };
    }
  } catch (error) {
    await cursor.close();
    if (error instanceof UsageError) throw error;
    throw new UsageError(`cannot read the ${ref.what} ${ref.path} (${errorCode(error)})`, { cause: error });
  }
  const first = cursor.text();
  let raw: unknown;
  try {
    raw = JSON.parse(first);
  } catch (error) {
    await cursor.close();
    throw invalidStateFile(ref, `line 1 is not JSON (${messageOf(error)})`);
  }
  if (isObject(raw) && (raw.state_version === 1 || raw.outbox_version === 1)) {
    let text = first;
    while (await cursor.nextLine()) text += `\n${cursor.text()}`;
    text += cursor.rest().toString('utf8');
    return { format: 1, legacy: parseLegacy(ref, text) };
  }
  const header = stateHeaderSchema.safeParse(raw);
  if (!header.success) {
    await cursor.close();
    throw invalidStateFile(ref, `line 1 is not a state header: ${describeIssues(header.error.issues, raw)}`);
  }
  return { format: 2, header: header.data, cursor };
}

/**
 * Calls `onLine` for each cart line of an opened file, then checks its last line: the cart count
 * and (with `verify`) the checksum. A line that does not fit stops with `invalidStateFile`.
 * The fields are reused from line to line: copy what you keep.
 */
export async function forEachCartLine(
  ref: StateFileRef,
  cursor: LineCursor,
  onLine: (fields: CartLineFields, buf: Buffer) => void | Promise<void>,
  options: { carts: number; verify?: boolean },
): Promise<string> {
  const fields = emptyCartLineFields();
  let lines = 0;
  try {
    for (;;) {
      while (!cursor.next()) {
        if (!(await cursor.fill())) {
          throw invalidStateFile(ref, cursor.rest().length > 0 ? `line ${cursor.lineNumber + 1} is cut off` : 'it ends without its last line ({"end":true,...}): the file is incomplete');
        }
      }
      const { buf, start, end } = cursor;
      if (buf[start + 2] === 0x65 /* {"end" */) {
        const digest = cursor.digestBeforeCurrentLine();
        return checkTrailer(ref, cursor, lines, options.carts, digest);
      }
      if (parseCartLine(buf, start, end, fields) === null) {
        throw invalidStateFile(ref, `line ${cursor.lineNumber} is not a cart line: ${preview(cursor.text())}`);
      }
      lines++;
      const pending = onLine(fields, buf);
      if (pending) await pending;
    }
  } finally {
    await cursor.close();
  }
}

/** Checks the last line; returns its checksum. */
function checkTrailer(ref: StateFileRef, cursor: LineCursor, lines: number, carts: number, digest: string | undefined): string {
  let raw: unknown;
  try {
    raw = JSON.parse(cursor.text());
  } catch (error) {
    throw invalidStateFile(ref, `line ${cursor.lineNumber} is not JSON (${messageOf(error)})`);
  }
  const trailer = stateTrailerSchema.safeParse(raw);
  if (!trailer.success) throw invalidStateFile(ref, `line ${cursor.lineNumber} is not the last line: ${describeIssues(trailer.error.issues, raw)}`);
  if (trailer.data.carts !== lines || lines !== carts) {
    throw invalidStateFile(ref, `it has ${lines} cart lines, where its first line announces ${carts} and its last ${trailer.data.carts}`);
  }
  if (digest !== undefined && digest !== trailer.data.sha256) {
    throw invalidStateFile(ref, 'its checksum does not match its content (the file was changed or damaged)');
  }
  if (cursor.next() || cursor.rest().length > 0) throw invalidStateFile(ref, `there is more after its last line (line ${cursor.lineNumber})`);
  return trailer.data.sha256;
}

function parseLegacy(ref: StateFileRef, text: string): { kind: 'state'; state: LegacyState } | { kind: 'outbox'; outbox: LegacyOutbox } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw invalidStateFile(ref, `not JSON (${messageOf(error)})`);
  }
  if (isObject(raw) && raw.outbox_version === 1) {
    const outbox = legacyOutboxSchema.safeParse(raw);
    if (!outbox.success) throw invalidStateFile(ref, describeIssues(outbox.error.issues, raw));
    return { kind: 'outbox', outbox: outbox.data };
  }
  const state = legacyStateSchema.safeParse(raw);
  if (!state.success) throw invalidStateFile(ref, describeIssues(state.error.issues, raw));
  return { kind: 'state', state: state.data };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function preview(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function errorCode(error: unknown): string {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : messageOf(error);
}
