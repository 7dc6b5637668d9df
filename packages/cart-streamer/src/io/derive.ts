import { changeBetween } from '../core/change.js';
import type { CartChange } from '../core/events.js';
import { emptyCartLineFields, parseCartLine, parseIdVersion } from '../core/state-format.js';
import type { LineCursor } from './lines.js';
import { type StateFileRef, invalidStateFile, openStateFile } from './state-file.js';

/**
 * The changes between the committed state and an outbox (the state a cycle will commit), in cart
 * id order, handed over `windowSize` at a time: a line whose version moved is a change, its
 * before image the committed line's cart and its after image the outbox line's. Both files are
 * streamed side by side; lines whose version did not move are skipped after reading their id and
 * version. This is the only way events are made, for a fresh cycle and for one a crash left
 * unfinished alike, so a restart re-emits the very same bytes.
 */
export async function deriveChanges(
  state: StateFileRef,
  outbox: StateFileRef,
  onChanges: (changes: CartChange[], detectedAt: string) => Promise<void>,
  options: { windowSize?: number } = {},
): Promise<{ detectedAt: string; events: number }> {
  const windowSize = options.windowSize ?? 1000;
  const opened = await openStateFile(outbox);
  if (opened === null) throw new Error(`the outbox ${outbox.path} disappeared`);
  if (opened.format !== 2) throw invalidStateFile(outbox, 'it is not an outbox of this format');
  const next = opened.cursor;
  const detectedAt = opened.header.detected_at;
  if (detectedAt === null) {
    await next.close();
    throw invalidStateFile(outbox, 'its first line has no detected_at');
  }
  let before: LineCursor | null = null;
  try {
    before = await openCommitted(state);
  } catch (error) {
    await next.close();
    throw error;
  }
  const oldAt = { id: 0, version: 0 };
  const nowAt = { id: 0, version: 0 };
  const oldFields = emptyCartLineFields();
  const nowFields = emptyCartLineFields();
  /** `before` is on a committed line not matched with an outbox line yet. */
  let pending = false;
  let exhausted = before === null;
  let window: CartChange[] = [];
  let events = 0;
  let lines = 0;

  const readOld = async (): Promise<boolean> => {
    if (!before || exhausted) return false;
    if (!(await before.nextLine())) throw invalidStateFile(state, 'it ends without its last line');
    if (isLastLine(before)) {
      exhausted = true;
      return false;
    }
    if (!parseIdVersion(before.buf, before.start, before.end, oldAt)) throw invalidStateFile(state, `line ${before.lineNumber} is not a cart line`);
    return true;
  };
  const missing = () => invalidStateFile(outbox, `it has no line for cart ${oldAt.id}, which the state file has`);

  try {
    for (;;) {
      if (!(await next.nextLine())) throw invalidStateFile(outbox, 'it ends without its last line ({"end":true,...}): the file is incomplete');
      if (isLastLine(next)) break;
      lines++;
      if (!parseIdVersion(next.buf, next.start, next.end, nowAt)) throw invalidStateFile(outbox, `line ${next.lineNumber} is not a cart line`);
      if (!pending) pending = await readOld();
      if (pending && oldAt.id < nowAt.id) throw missing();
      const had = pending && oldAt.id === nowAt.id;
      if (had) pending = false;
      if (had && oldAt.version === nowAt.version) continue;
      if (had && oldAt.version > nowAt.version) throw invalidStateFile(outbox, `cart ${nowAt.id} goes back from version ${oldAt.version} to ${nowAt.version}`);
      if (parseCartLine(next.buf, next.start, next.end, nowFields) === null) throw invalidStateFile(outbox, `line ${next.lineNumber} is not a cart line`);
      const beforeLive = had && before !== null && parseCartLine(before.buf, before.start, before.end, oldFields) !== null && oldFields.hashAt >= 0;
      const live = nowFields.hashAt >= 0;
      if (!live && !beforeLive) throw invalidStateFile(outbox, `cart ${nowAt.id} is deleted at version ${nowAt.version} but was not there before`);
      window.push({
        type: changeBetween(had ? { version: oldAt.version, live: beforeLive } : undefined, { version: nowAt.version, live }),
        cartId: nowAt.id,
        userId: live ? nowFields.userId : oldFields.userId,
        version: nowAt.version,
        before: beforeLive && before ? before.buf.toString('utf8', oldFields.cartStart, oldFields.cartEnd) : null,
        after: live ? next.buf.toString('utf8', nowFields.cartStart, nowFields.cartEnd) : null,
        afterHash: live ? next.buf.toString('latin1', nowFields.hashAt, nowFields.hashAt + 64) : null,
      });
      events++;
      if (window.length >= windowSize) {
        const full = window;
        window = [];
        await onChanges(full, detectedAt);
      }
    }
    if (lines !== opened.header.carts) throw invalidStateFile(outbox, `it has ${lines} cart lines where its first line announces ${opened.header.carts}`);
    if (pending || (await readOld())) throw missing();
    if (window.length > 0) await onChanges(window, detectedAt);
  } finally {
    await before?.close();
    await next.close();
  }
  return { detectedAt, events };
}

function isLastLine(cursor: LineCursor): boolean {
  return cursor.buf[cursor.start + 2] === 0x65; // {"end"
}

async function openCommitted(state: StateFileRef): Promise<LineCursor | null> {
  const opened = await openStateFile(state);
  if (opened === null) return null;
  if (opened.format !== 2) throw invalidStateFile(state, 'it is not of the streamed format (it should have been migrated)');
  return opened.cursor;
}
