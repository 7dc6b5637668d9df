import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from '../core/location.js';
import { UsageError, describeIssues, type Logger } from '@fakestore/shared-core';
import { type Manifest, MANIFEST_PREFIX, type SegmentRef, formatManifest, manifestSchema, newSegmentFile, segmentPath, segmentsDir, indexPath } from '../core/manifest.js';
import { CREATED, ChangePlan, DELETED, MODIFIED } from '../core/plan.js';
import type { FetchDiffResult } from '../core/fetch-diff.js';
import { SEEN_RULES } from '../core/state-format.js';
import { StateIndex } from '../core/state-index.js';
import { TextArena } from '../core/text-arena.js';
import { coldStartFloor } from '../core/versions.js';
import { SegmentWriter, loadSegmentIndex, readBefores } from './segments.js';
import { type StateFileRef, invalidStateFile } from './state-file.js';
import type { FileStorage } from './storage.js';
import { maxLoggedVersion, readVersionMark } from './version-mark.js';

/** When the deltas would hold more lines than this share of the base, a cycle writes a new base instead. */
export const COMPACT_SHARE = 0.25;
/** At most this many segments: past it, a cycle writes a new base. */
export const MAX_SEGMENTS = 16;

export interface StoreDeps {
  storage: FileStorage;
  stateFile: string;
  outboxFile: string;
  versionMarkFile: string;
  eventsDir: string;
  logger: Logger;
}

/** The committed state a cycle starts from. */
export interface CommittedState {
  /** `null`: there is no state (a cold start). */
  manifest: Manifest | null;
  /** The manifest's generation when read: the commit is conditioned on it. */
  generation: string | null;
  index: StateIndex;
  /** The paths of the manifest's segments, in its order (`index.segs` numbers them). */
  segments: string[];
}

export const stateRef = (deps: Pick<StoreDeps, 'storage' | 'stateFile'>): StateFileRef => ({ storage: deps.storage, path: deps.stateFile, what: 'state file' });
export const outboxRef = (deps: Pick<StoreDeps, 'storage' | 'outboxFile'>): StateFileRef => ({ storage: deps.storage, path: deps.outboxFile, what: 'outbox' });

/**
 * What a state or outbox file holds, by its first bytes: a manifest (format 3), something else (a
 * state or outbox of format 1 or 2, or damage: state-file.ts tells), or nothing (`null`).
 */
export async function peekStateFile(ref: StateFileRef): Promise<'manifest' | 'other' | null> {
  let source: AsyncIterable<Uint8Array> | null;
  let head = '';
  try {
    source = await ref.storage.read(ref.path);
    if (source === null) return null;
    const chunks = source[Symbol.asyncIterator]();
    const first = await chunks.next();
    await chunks.return?.();
    if (first.done !== true) head = Buffer.from(first.value).toString('latin1', 0, MANIFEST_PREFIX.length);
  } catch (error) {
    throw new UsageError(`cannot read the ${ref.what} ${ref.path} (${errorCode(error)})`, { cause: error });
  }
  return head === MANIFEST_PREFIX ? 'manifest' : 'other';
}

/** A manifest (state or outbox) and its generation; `invalidStateFile` when it is not one. */
export async function readManifest(ref: StateFileRef): Promise<{ manifest: Manifest; generation: string } | null> {
  const read = await ref.storage.readGeneration(ref.path);
  if (read === null) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(read.text);
  } catch (error) {
    throw invalidStateFile(ref, `not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) throw invalidStateFile(ref, describeIssues(parsed.error.issues, raw));
  if ((ref.what === 'outbox') !== (parsed.data.parent !== undefined)) {
    throw invalidStateFile(ref, ref.what === 'outbox' ? 'it holds a state, not an outbox (no parent)' : 'it holds an outbox, not a state');
  }
  return { manifest: parsed.data, generation: read.generation };
}

/** The state a manifest names: each segment's index, merged. */
export async function openState(deps: StoreDeps, manifest: Manifest, generation: string | null): Promise<CommittedState> {
  const segments = manifest.segments.map((ref) => segmentPath(deps.stateFile, ref));
  const columns = [];
  for (const [n, ref] of manifest.segments.entries()) {
    const segment: StateFileRef = { storage: deps.storage, path: segments[n]!, what: 'state segment' };
    const loaded = await loadSegmentIndex(segment, ref.sha256);
    if (loaded.rebuilt) deps.logger.warn({ segment: segment.path }, `rebuilt the index of ${segment.path} from its lines (${loaded.rebuilt})`);
    if (loaded.columns.size !== ref.carts) throw invalidStateFile(segment, `it has ${loaded.columns.size} carts where the state names ${ref.carts}`);
    columns.push(loaded.columns);
  }
  const index = columns.length === 0 ? StateIndex.empty(manifest.version_floor) : StateIndex.merge(columns, manifest.version_floor);
  if (index.size !== manifest.carts) throw invalidStateFile(stateRef(deps), `its segments hold ${index.size} carts where it names ${manifest.carts}`);
  return { manifest, generation, index, segments };
}

/**
 * A state started from nothing: every cart at the version floor, above every version ever used
 * (the version mark, or the event log when the mark is gone too: versions.ts).
 */
export async function coldState(deps: StoreDeps): Promise<CommittedState> {
  const mark = await readVersionMark(deps.storage, deps.versionMarkFile);
  const logged = mark === null ? await maxLoggedVersion(deps.storage, deps.eventsDir) : null;
  const floor = coldStartFloor(mark, logged);
  if (floor > 1) {
    const from = mark !== null ? `the version mark ${deps.versionMarkFile}` : `the event log under ${deps.eventsDir}`;
    deps.logger.warn({ version_floor: floor }, `no state file: every cart is announced as created, at version ${floor} (above the versions of ${from}), so versions never go backwards`);
  }
  return { manifest: null, generation: null, index: StateIndex.empty(floor), segments: [] };
}

export interface NextState {
  /** The outbox: the manifest this cycle will commit, with `parent`. */
  pending: Manifest;
  plan: ChangePlan;
}

/**
 * Writes the state a cycle will commit: a new segment (a delta with the changed lines, or a new base
 * with every line when the deltas have grown: compaction), then the outbox, the manifest naming it.
 * Builds the cycle's events as it goes (the plan), the before-images read by location.
 */
export async function writeNextState(
  deps: StoreDeps,
  committed: CommittedState,
  diff: FetchDiffResult,
  deletes: readonly number[],
  detectedAt: string,
  signal?: AbortSignal,
): Promise<NextState> {
  const { index } = committed;
  const { updates } = diff;
  // Every changed line in id order: update k as k, the delete of entry e as -(e + 1).
  const lines = new Float64Array(updates.count + deletes.length);
  let added = 0;
  let events = deletes.length;
  {
    let u = 0;
    let d = 0;
    let n = 0;
    while (u < updates.count || d < deletes.length) {
      const k = u < updates.count ? updates.order[u]! : -1;
      if (d >= deletes.length || (k >= 0 && updates.ids[k]! < index.ids[deletes[d]!]!)) {
        lines[n++] = k;
        if (updates.entries[k]! < 0) added++;
        if (updates.moved[k] === 1) events++;
        u++;
      } else {
        lines[n++] = -(deletes[d++]! + 1);
      }
    }
  }

  const plan = new ChangePlan(events, updates.carts, new TextArena());
  const beforeEntries: number[] = [];
  const beforeAt: number[] = [];
  const touched = new Uint8Array(index.size);
  let maxVersion = committed.manifest?.max_version ?? 0;
  const versionOf = (code: number): number => {
    if (code < 0) return index.versions[-code - 1]! + 1;
    const entry = updates.entries[code]!;
    if (updates.moved[code] === 0) return index.versions[entry]!;
    return entry >= 0 ? index.versions[entry]! + 1 : index.versionFloor;
  };
  for (const code of lines) {
    const version = versionOf(code);
    maxVersion = Math.max(maxVersion, version);
    if (code < 0) {
      const entry = -code - 1;
      touched[entry] = 1;
      beforeAt.push(plan.push(index.ids[entry]!, version, DELETED, 0, -1, null, 0));
      beforeEntries.push(entry);
      continue;
    }
    const entry = updates.entries[code]!;
    if (entry >= 0) touched[entry] = 1;
    if (updates.moved[code] === 0) continue;
    const live = entry >= 0 && index.isLive(entry);
    const p = plan.push(updates.ids[code]!, version, live ? MODIFIED : CREATED, updates.userIds[code]!, code, updates.hashes, code * 32);
    if (live) {
      beforeAt.push(p);
      beforeEntries.push(entry);
    }
  }
  await readBefores(deps.storage, committed.segments, index, plan, beforeEntries, beforeAt);

  const manifest = committed.manifest;
  const base = manifest?.segments[0];
  const deltaLines = (manifest?.segments ?? []).slice(1).reduce((sum, ref) => sum + ref.carts, 0);
  const compact = !base || manifest.segments.length >= MAX_SEGMENTS || deltaLines + lines.length > base.carts * COMPACT_SHARE;
  const commit = (manifest?.commit ?? 0) + 1;
  const file = newSegmentFile(deps.stateFile, commit, compact ? 'base' : 'delta', randomBytes(3).toString('hex'));
  const carts = index.size + added;
  const writer = await SegmentWriter.create(deps.storage, segmentPath(deps.stateFile, { file }), {
    state_version: 2,
    detected_at: detectedAt,
    version_floor: index.versionFloor,
    carts: compact ? carts : lines.length,
    seen_rules: SEEN_RULES,
  }, signal);
  /** A promise only when the writer had to wait (see SegmentWriter). */
  const writeLine = (code: number): Promise<void> | undefined => {
    const version = versionOf(code);
    if (code < 0) return writer.tombstone(index.ids[-code - 1]!, version);
    return writer.cart(updates.ids[code]!, version, updates.hashes, code * 32, updates.seen, code * 16, updates.carts.bytes(code));
  };
  let sha256: string;
  try {
    if (compact) await writeBase(deps.storage, committed, lines, touched, writer, writeLine, (code) => (code < 0 ? index.ids[-code - 1]! : updates.ids[code]!));
    else {
      for (const code of lines) {
        const wait = writeLine(code);
        if (wait) await wait;
      }
    }
    sha256 = await writer.finish();
  } catch (error) {
    await writer.abort();
    throw error;
  }

  const counts = plan.counts();
  const segment: SegmentRef = { file, kind: compact ? 'base' : 'delta', carts: compact ? carts : lines.length, sha256 };
  const pending: Manifest = {
    state_version: 3,
    commit,
    detected_at: detectedAt,
    version_floor: index.versionFloor,
    max_version: maxVersion,
    last_batch_id: null,
    carts,
    live: index.liveSize + counts.created - counts.deleted,
    seen_rules: SEEN_RULES,
    segments: compact ? [segment] : [...manifest.segments, segment],
    parent: commit - 1,
  };
  const outbox = await deps.storage.create(deps.outboxFile);
  outbox.write(formatManifest(pending));
  await outbox.commit();
  return { pending, plan };
}

/**
 * A new base: every cart of the committed state in id order, its line copied byte for byte from the
 * segment it is in unless this cycle changed it, with the new carts merged in.
 */
async function writeBase(
  storage: FileStorage,
  committed: CommittedState,
  lines: Float64Array,
  touched: Uint8Array,
  writer: SegmentWriter,
  writeLine: (code: number) => Promise<void> | undefined,
  idOf: (code: number) => number,
): Promise<void> {
  const { index } = committed;
  // Per segment, the lines kept from it, in file order (ids ascend in a segment and in the index alike).
  const copies = committed.segments.map((path, s) => {
    const ranges: [number, number][] = [];
    for (let i = 0; i < index.size; i++) if (index.segs[i] === s && touched[i] === 0) ranges.push([index.starts[i]!, index.starts[i]! + index.lengths[i]!]);
    return { path, lines: storage.readRanges(path, ranges)[Symbol.asyncIterator]() };
  });
  let next = 0;
  let wait: Promise<void> | undefined;
  try {
    for (let i = 0; i < index.size; i++) {
      const id = index.ids[i]!;
      while (next < lines.length && idOf(lines[next]!) < id) if ((wait = writeLine(lines[next++]!))) await wait;
      if (next < lines.length && idOf(lines[next]!) === id) {
        if ((wait = writeLine(lines[next++]!))) await wait;
        continue;
      }
      const copy = copies[index.segs[i]!]!;
      const line = await copy.lines.next();
      if (line.done === true) throw invalidStateFile({ storage, path: copy.path, what: 'state segment' }, 'it ends before the lines its index names');
      if ((wait = writer.copy(index, i, line.value))) await wait;
    }
    while (next < lines.length) if ((wait = writeLine(lines[next++]!))) await wait;
  } finally {
    // A reader whose last range was read is still open until it is told it is done.
    for (const copy of copies) await copy.lines.return?.();
  }
}

/**
 * The commit: the manifest replaced by the outbox's state (with the batch it published), in one
 * write conditioned on the generation the cycle read; then the outbox removed and the segments no
 * longer named dropped. A crash in between leaves an outbox whose commit the manifest already has:
 * the next start only removes it.
 */
export async function commitState(deps: StoreDeps, committed: CommittedState, pending: Manifest, batchId: string | null): Promise<Manifest> {
  const { parent: _parent, ...next } = pending;
  const manifest: Manifest = { ...next, last_batch_id: batchId };
  await deps.storage.writeIfGeneration(deps.stateFile, formatManifest(manifest), committed.generation);
  await deps.storage.remove(deps.outboxFile);
  if (committed.segments.length > 0 && !pending.segments.some((ref) => segmentPath(deps.stateFile, ref) === committed.segments[0])) {
    await collectSegments(deps);
  }
  return manifest;
}

/**
 * Removes the segment files that no manifest names: not the state, not a pending outbox, not a
 * backup (`--reset-state` keeps the old state restorable). Returns what it removed.
 */
export async function collectSegments(deps: StoreDeps): Promise<string[]> {
  const dir = segmentsDir(deps.stateFile);
  const files = await deps.storage.list(dir);
  if (files.length === 0) return [];
  const folder = dirname(deps.stateFile);
  const roots = [deps.stateFile, deps.outboxFile];
  for (const name of await deps.storage.list(folder)) {
    if (!name.includes('/') && (name.startsWith(`${basename(deps.stateFile)}.bak-`) || name.startsWith(`${basename(deps.outboxFile)}.bak-`))) roots.push(join(folder, name));
  }
  const named = new Set<string>();
  for (const root of roots) {
    const ref: StateFileRef = { storage: deps.storage, path: root, what: root === deps.outboxFile ? 'outbox' : 'state file' };
    if ((await peekStateFile(ref)) !== 'manifest') continue;
    const text = await deps.storage.readText(root);
    let segments: unknown;
    try {
      segments = (JSON.parse(text ?? '{}') as { segments?: unknown }).segments;
    } catch {
      continue;
    }
    if (!Array.isArray(segments)) continue;
    for (const ref of segments as { file?: unknown }[]) {
      if (typeof ref.file !== 'string') continue;
      const path = segmentPath(deps.stateFile, { file: ref.file });
      named.add(path);
      named.add(indexPath(path));
    }
  }
  const removed: string[] = [];
  for (const name of files) {
    const path = join(dir, name);
    if (named.has(path) || !/\.(jsonl|idx)$/.test(name)) continue;
    await deps.storage.remove(path);
    removed.push(path);
  }
  return removed;
}

function errorCode(error: unknown): string {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : error instanceof Error ? error.message : String(error);
}
