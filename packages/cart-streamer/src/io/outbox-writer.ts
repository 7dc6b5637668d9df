import type { FetchDiffResult } from '../core/fetch-diff.js';
import {
  type StateHeader,
  SEEN_RULES,
  cartLinePrefix,
  emptyCartLineFields,
  formatCartLine,
  formatHeader,
  formatTombstoneLine,
  formatTrailer,
  parseCartLine,
  parseIdVersion,
} from '../core/state-format.js';
import type { StateIndex } from '../core/state-index.js';
import { type StateFileRef, invalidStateFile, openStateFile } from './state-file.js';

export interface OutboxPlan {
  index: StateIndex;
  diff: FetchDiffResult;
  /** Tombstone the live carts missing from the fetch (the mass-delete guard said yes). */
  deleteVanished: boolean;
  detectedAt: string;
}

export interface WrittenOutbox {
  carts: number;
  /** Lines whose version moved: the events this outbox will publish. */
  events: number;
  /** The highest version in the file. */
  maxVersion: number;
}

/**
 * Writes the state a cycle will commit (its outbox) as a stream: the committed state's lines in
 * id order, copied byte for byte where nothing changed, with the changed carts, the deleted ones
 * (tombstones) and the new ones (at the state's version floor) merged in. Nothing is held whole.
 * The file appears only once complete and synced.
 */
export async function writeOutbox(state: StateFileRef, outbox: StateFileRef, plan: OutboxPlan, signal?: AbortSignal): Promise<WrittenOutbox> {
  const { index, diff } = plan;
  const { changes } = diff;
  let added = 0;
  for (let k = 0; k < changes.count; k++) if (changes.entries[k]! < 0) added++;
  const header: StateHeader = {
    state_version: 2,
    detected_at: plan.detectedAt,
    version_floor: index.header.version_floor,
    carts: index.size + added,
    seen_rules: SEEN_RULES,
  };
  const writer = await outbox.storage.create(outbox.path, { digest: true });
  let events = 0;
  let maxVersion = 0;
  let lines = 0;
  let next = 0; // position in changes.order
  const hashes = Buffer.from(changes.hashes.buffer, changes.hashes.byteOffset, changes.hashes.byteLength);
  const seens = Buffer.from(changes.seen.buffer, changes.seen.byteOffset, changes.seen.byteLength);
  const hex = (bytes: Uint8Array, at: number, length: number) => Buffer.from(bytes.buffer, bytes.byteOffset + at, length).toString('hex');
  const write = async (text: string | Uint8Array) => {
    lines++;
    if (!writer.write(text)) {
      if (signal?.aborted) throw signal.reason;
      await writer.drain();
    }
  };
  const writeChange = async (k: number, version: number) => {
    events++;
    maxVersion = Math.max(maxVersion, version);
    // formatCartLine, with the canonical JSON copied as bytes from the arena.
    const line = cartLinePrefix(changes.ids[k]!, version, hashes.toString('hex', k * 32, k * 32 + 32), seens.toString('hex', k * 16, k * 16 + 16));
    writer.write(line);
    writer.write(changes.carts.bytes(k));
    await write('}\n');
  };
  /** New carts (no line in the state) with ids below `id`. */
  const writeNewBelow = async (id: number) => {
    while (next < changes.count) {
      const k = changes.order[next]!;
      if (changes.ids[k]! >= id || changes.entries[k]! >= 0) break;
      await writeChange(k, index.header.version_floor);
      next++;
    }
  };

  try {
    writer.write(formatHeader(header));
    if (index.size > 0) {
      const opened = await openStateFile(state);
      if (opened?.format !== 2) throw invalidStateFile(state, 'it changed while the cycle ran');
      const cursor = opened.cursor;
      const at = { id: 0, version: 0 };
      const fields = emptyCartLineFields();
      try {
        for (let i = 0; ; i++) {
          if (!(await cursor.nextLine())) throw invalidStateFile(state, 'it ends without its last line');
          const { buf, start, end } = cursor;
          if (buf[start + 2] === 0x65 /* {"end" */) {
            if (i !== index.size) throw invalidStateFile(state, 'it changed while the cycle ran');
            break;
          }
          // The index was read from this very file (we hold the lock): the id and version are only checked.
          if (!parseIdVersion(buf, start, end, at) || at.id !== index.ids[i] || at.version !== index.versions[i]) {
            throw invalidStateFile(state, `it changed while the cycle ran (line ${i + 2})`);
          }
          await writeNewBelow(at.id);
          const k = next < changes.count ? changes.order[next]! : -1;
          if (k >= 0 && changes.entries[k] === i) {
            next++;
            await writeChange(k, at.version + 1);
          } else if (plan.deleteVanished && index.live[i] === 1 && index.fetched[i] === 0 && !diff.presentIds.has(at.id)) {
            events++;
            maxVersion = Math.max(maxVersion, at.version + 1);
            await write(formatTombstoneLine(at.id, at.version + 1));
          } else {
            maxVersion = Math.max(maxVersion, at.version);
            const seen = diff.staleSeen.get(i);
            if (seen && parseCartLine(buf, start, end, fields) !== null && fields.hashAt >= 0) {
              await write(formatCartLine(at.id, at.version, buf.toString('latin1', fields.hashAt, fields.hashAt + 64), hex(seen, 0, 16),
                buf.toString('utf8', fields.cartStart, fields.cartEnd)));
            } else {
              await write(buf.subarray(start, end + 1));
            }
          }
        }
      } finally {
        await cursor.close();
      }
    }
    await writeNewBelow(Number.POSITIVE_INFINITY);
    if (next !== changes.count) throw new Error(`internal: ${changes.count - next} change(s) were not written to the outbox`);
    writer.write(formatTrailer({ end: true, carts: lines, sha256: writer.digest() }));
    if (signal?.aborted) throw signal.reason;
    await writer.commit();
  } catch (error) {
    await writer.abort();
    throw error;
  }
  return { carts: lines, events, maxVersion };
}
