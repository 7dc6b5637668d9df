import type { LegacyState } from '../core/legacy-state.js';
import { stateBackupFile } from '../core/paths.js';
import { canonicalJson, sha256Hex } from '../core/snapshot.js';
import { SEEN_RULES, formatCartLine, formatHeader, formatTombstoneLine, formatTrailer } from '../core/state-format.js';
import { randomBytes } from 'node:crypto';
import { type Manifest, formatManifest, newSegmentFile, segmentPath } from '../core/manifest.js';
import { LIVE } from '../core/segment-index.js';
import { scanSegment, writeIndex } from './segments.js';
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

/**
 * Moves a state of format 2 (one JSON-lines file) to format 3: its bytes become the first base
 * segment as they are (checked in full first), indexed, and the manifest replaces the file in one
 * conditional write. A crash before that write leaves the format-2 file in place (the copy is
 * dropped as unnamed at the next start), so the migration simply runs again.
 */
export async function migrateToSegments(storage: FileStorage, stateFile: string, generation: string | null): Promise<{ manifest: Manifest; segment: string }> {
  const scanned = await scanSegment({ storage, path: stateFile, what: 'state file' });
  const file = newSegmentFile(stateFile, 1, 'base', randomBytes(3).toString('hex'));
  const segment = segmentPath(stateFile, { file });
  const source = await storage.read(stateFile);
  if (source === null) throw new Error(`${stateFile} disappeared during its migration`);
  const copy = await storage.create(segment);
  try {
    for await (const chunk of source) if (!copy.write(chunk)) await copy.drain();
    await copy.commit();
  } catch (error) {
    await copy.abort();
    throw error;
  }
  await writeIndex(storage, segment, scanned.columns, scanned.sha256);
  const { columns, header } = scanned;
  let maxVersion = 0;
  let live = 0;
  for (let i = 0; i < columns.size; i++) {
    maxVersion = Math.max(maxVersion, columns.versions[i]!);
    live += columns.flags[i]! & LIVE;
  }
  const manifest: Manifest = {
    state_version: 3,
    commit: 1,
    detected_at: header.detected_at,
    version_floor: header.version_floor,
    max_version: maxVersion,
    last_batch_id: null,
    carts: columns.size,
    live,
    seen_rules: SEEN_RULES,
    segments: [{ file, kind: 'base', carts: columns.size, sha256: scanned.sha256 }],
  };
  await storage.writeIfGeneration(stateFile, formatManifest(manifest), generation);
  return { manifest, segment };
}
