import { changeBetween } from '../core/change.js';
import type { CartChange } from '../core/events.js';
import { type CartLineFields, emptyCartLineFields, parseCartLine } from '../core/state-format.js';
import type { LineCursor } from './lines.js';
import { type StateFileRef, forEachCartLine, invalidStateFile, openStateFile } from './state-file.js';

/**
 * The changes between the committed state and an outbox (the state a cycle will commit), in cart
 * id order, handed over `windowSize` at a time: a line whose version moved is a change, its
 * before image the committed line's cart and its after image the outbox line's. Both files are
 * streamed side by side. This is the only way events are made, for a fresh cycle and for one a
 * crash left unfinished alike, so a restart re-emits the very same bytes.
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
  const detectedAt = opened.header.detected_at;
  if (detectedAt === null) {
    await opened.cursor.close();
    throw invalidStateFile(outbox, 'its first line has no detected_at');
  }
  const before = await openCommitted(state);
  const old = emptyCartLineFields();
  /** `old` holds a committed line not matched with an outbox line yet. */
  let pending = false;
  let exhausted = before === null;
  let window: CartChange[] = [];
  let events = 0;

  const readOld = async (): Promise<boolean> => {
    if (!before || exhausted) return false;
    if (!(await before.cursor.nextLine())) throw invalidStateFile(state, 'it ends without its last line');
    const { buf, start, end } = before.cursor;
    if (buf[start + 2] === 0x65 /* {"end" */) {
      exhausted = true;
      return false;
    }
    if (parseCartLine(buf, start, end, old) === null) throw invalidStateFile(state, `line ${before.cursor.lineNumber} is not a cart line`);
    return true;
  };
  /** Whether the committed state has a line for `id` (then in `old`). Ids ascend in both files. */
  const advanceTo = async (id: number): Promise<boolean> => {
    if (!pending) pending = await readOld();
    if (!pending) return false;
    if (old.id < id) throw invalidStateFile(outbox, `it has no line for cart ${old.id}, which the state file has`);
    if (old.id > id) return false;
    pending = false;
    return true;
  };

  try {
    await forEachCartLine(outbox, opened.cursor, async (now: CartLineFields, buf) => {
      const had = await advanceTo(now.id);
      if (had && old.version === now.version) return;
      if (had && old.version > now.version) throw invalidStateFile(outbox, `cart ${now.id} goes back from version ${old.version} to ${now.version}`);
      const oldBuf = before?.cursor.buf;
      const beforeLive = had && old.hashAt >= 0;
      if (now.hashAt < 0 && !beforeLive) throw invalidStateFile(outbox, `cart ${now.id} is deleted at version ${now.version} but was not there before`);
      const type = changeBetween(had ? { version: old.version, live: beforeLive } : undefined, { version: now.version, live: now.hashAt >= 0 });
      window.push({
        type,
        cartId: now.id,
        userId: now.userId >= 0 ? now.userId : old.userId,
        version: now.version,
        before: beforeLive && oldBuf ? oldBuf.toString('utf8', old.cartStart, old.cartEnd) : null,
        after: now.hashAt >= 0 ? buf.toString('utf8', now.cartStart, now.cartEnd) : null,
        afterHash: now.hashAt >= 0 ? buf.toString('latin1', now.hashAt, now.hashAt + 64) : null,
      });
      events++;
      if (window.length >= windowSize) {
        const full = window;
        window = [];
        await onChanges(full, detectedAt);
      }
    }, { carts: opened.header.carts });
    if (pending || (await readOld())) throw invalidStateFile(outbox, `it has no line for cart ${old.id}, which the state file has`);
    if (window.length > 0) await onChanges(window, detectedAt);
  } finally {
    await before?.cursor.close();
  }
  return { detectedAt, events };
}

async function openCommitted(state: StateFileRef): Promise<{ cursor: LineCursor } | null> {
  const opened = await openStateFile(state);
  if (opened === null) return null;
  if (opened.format !== 2) throw invalidStateFile(state, 'it is not of the streamed format (it should have been migrated)');
  return { cursor: opened.cursor };
}
