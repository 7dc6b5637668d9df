import type { LegacyState } from '../core/legacy-state.js';
import { stateBackupFile } from '../core/paths.js';
import { canonicalJson, sha256Hex } from '../core/snapshot.js';
import { SEEN_RULES, formatCartLine, formatHeader, formatTombstoneLine, formatTrailer } from '../core/state-format.js';
import type { FileStorage } from './storage.js';

export interface Migration {
  carts: number;
  maxVersion: number;
  /** Where the format-1 file is kept. */
  backup: string;
}

/**
 * Rewrites a format-1 state (one JSON document) as the streamed format, keeping every cart's
 * version and snapshot, so the first cycle after an upgrade announces only real changes. The old
 * file is kept as `*.bak-{stamp}`; the new one replaces it atomically, so a crash in between
 * leaves the old state in place and the next start migrates again.
 */
export async function migrateLegacyState(storage: FileStorage, stateFile: string, legacy: LegacyState, legacyText: string, at: string): Promise<Migration> {
  const backup = stateBackupFile(stateFile, at);
  const keep = await storage.create(backup);
  keep.write(legacyText);
  await keep.commit();

  const ids = Object.keys(legacy.carts).map(Number).sort((a, b) => a - b);
  const writer = await storage.create(stateFile, { digest: true });
  let maxVersion = 0;
  try {
    writer.write(formatHeader({ state_version: 2, detected_at: null, version_floor: 1, carts: ids.length, seen_rules: SEEN_RULES }));
    for (const id of ids) {
      const entry = legacy.carts[String(id)]!;
      maxVersion = Math.max(maxVersion, entry.version);
      if (entry.snapshot) {
        const cart = canonicalJson({ ...entry.snapshot, id });
        if (!writer.write(formatCartLine(id, entry.version, sha256Hex(cart), null, cart))) await writer.drain();
      } else if (!writer.write(formatTombstoneLine(id, entry.version))) {
        await writer.drain();
      }
    }
    writer.write(formatTrailer({ end: true, carts: ids.length, sha256: writer.digest() }));
    await writer.commit();
  } catch (error) {
    await writer.abort();
    throw error;
  }
  return { carts: ids.length, maxVersion, backup };
}
