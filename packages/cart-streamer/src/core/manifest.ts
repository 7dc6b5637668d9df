import { basename, dirname, extname, join } from './location.js';
import { z } from 'zod';

/**
 * The state (format 3): a small manifest at `--state-file` that names the state's segments, oldest
 * first. Each segment is a JSON-lines file sorted by cart id, in the line format of state-format.ts
 * (which was the whole state in format 2); a later segment's line for a cart replaces an earlier one.
 * The first segment is a base (a line for every cart ever seen), the others are deltas (the lines a
 * cycle changed). A cycle writes a delta in proportion to what changed; when the deltas grow past a
 * share of the base, the cycle writes a new base instead (compaction) and the old segments go.
 *
 *     {"state_version":3,"commit":12,"detected_at":"…","version_floor":1,"max_version":9,
 *      "last_batch_id":"…","carts":1000000,"live":999000,"seen_rules":1,
 *      "segments":[{"file":"carts_state.segments/00000001-base-3f2a1c.jsonl","kind":"base","carts":1000000,"sha256":"…"},
 *                  {"file":"carts_state.segments/00000012-delta-9be04d.jsonl","kind":"delta","carts":10000,"sha256":"…"}]}
 *
 * Segments are immutable and never reused: a new one gets a new name. The commit of a cycle is one
 * replace of the manifest, conditioned on the generation it was read at (FileStorage's
 * writeIfGeneration), so nothing is ever committed over a state the cycle did not start from.
 */
export const MANIFEST_FORMAT = 3;

export const segmentRefSchema = z.strictObject({
  /** Relative to the state file's folder. */
  file: z.string().regex(/^[A-Za-z0-9._-]+\/[A-Za-z0-9._-]+\.jsonl$/),
  kind: z.enum(['base', 'delta']),
  carts: z.number().int().nonnegative(),
  /** The segment's checksum, as its last line holds it. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});

export type SegmentRef = z.output<typeof segmentRefSchema>;

export const manifestSchema = z.strictObject({
  state_version: z.literal(MANIFEST_FORMAT),
  /** Counts commits: the outbox of a cycle names the commit it follows (`parent`). */
  commit: z.number().int().nonnegative(),
  /** When the cycle that made this state fetched the carts (`null` for a migrated or reset state). */
  detected_at: z.iso.datetime().nullable(),
  /** The version given to a cart the segments have no line for (see versions.ts). */
  version_floor: z.number().int().positive(),
  /** The highest version of any line. */
  max_version: z.number().int().nonnegative(),
  /** The batch that this commit published (`null` when none). */
  last_batch_id: z.string().nullable(),
  /** Carts with a line (tombstones included), and the live ones. */
  carts: z.number().int().nonnegative(),
  live: z.number().int().nonnegative(),
  /** The rules the `seen` digests were taken under (state-format.ts). */
  seen_rules: z.number().int().nonnegative(),
  segments: z.array(segmentRefSchema).max(255),
  /** Only in an outbox: the commit this pending state follows. */
  parent: z.number().int().nonnegative().optional(),
});

export type Manifest = z.output<typeof manifestSchema>;

/** One line of JSON; the key order above (so a manifest is recognised by its first bytes). */
export function formatManifest(manifest: Manifest): string {
  const { parent, ...rest } = manifest;
  return `${JSON.stringify(parent === undefined ? rest : { ...rest, parent })}\n`;
}

/** How a manifest's text starts: what tells it from a state of format 1 or 2. */
export const MANIFEST_PREFIX = `{"state_version":${MANIFEST_FORMAT},`;

/** `state/carts_state.json` -> `state/carts_state.segments`. */
export function segmentsDir(stateFile: string): string {
  const ext = extname(stateFile);
  return join(dirname(stateFile), `${basename(stateFile, ext)}.segments`);
}

/** The path of a segment named in a manifest. */
export function segmentPath(stateFile: string, ref: Pick<SegmentRef, 'file'>): string {
  return join(dirname(stateFile), ref.file);
}

/** A segment's index: `….jsonl` -> `….idx`. */
export function indexPath(segment: string): string {
  return segment.replace(/\.jsonl$/, '.idx');
}

/** A new segment's file name, relative to the state folder: `{stem}.segments/{commit, 8 digits}-{kind}-{nonce}.jsonl`. */
export function newSegmentFile(stateFile: string, commit: number, kind: SegmentRef['kind'], nonce: string): string {
  return `${basename(segmentsDir(stateFile))}/${String(commit).padStart(8, '0')}-${kind}-${nonce}.jsonl`;
}
