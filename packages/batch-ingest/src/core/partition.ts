import {
  DATA_FILE,
  type EnvelopeMeta,
  type Manifest,
  type PartitionKey,
  type PartitionStats,
  describeIssues,
  envelopeLineWriter,
  withoutSecrets,
} from '@fakestore/shared-core';
import type { z } from 'zod';
import { createIdSet } from './id-set.js';

/** The `_reason` of a record whose id an earlier record of the same response already had. */
export const DUPLICATE_ID = 'duplicate_id';

/** Where one record goes, and the line it becomes there. */
export interface SortedRecord {
  to: 'data' | 'rejects';
  /** One JSON line, newline included. */
  line: string;
}

export interface SortCounts {
  /** Records seen. */
  fetched: number;
  valid: number;
  /** Rejects of every kind, duplicates included. */
  quarantined: number;
  duplicates: number;
}

export interface PartitionSorter {
  /** Judges the next record of the response, in order. */
  sort(record: unknown): SortedRecord;
  readonly counts: Readonly<SortCounts>;
}

/**
 * Sorts the records of one response, one at a time as they stream in, into data.jsonl lines and
 * rejects.jsonl lines. Pure: no I/O, so the same code serves a million streamed records and a test's
 * three.
 *
 * - A record the schema accepts becomes a record envelope, exactly as the API sent it minus secrets:
 *   the schema only judges, it does not rewrite (key order, integer prices, string coordinates stay).
 * - One it rejects goes to the quarantine with the reason (field names and kinds, never values).
 * - A valid record whose `id` a valid record before it already had is quarantined with reason
 *   `duplicate_id`: **the first one wins**. By the time the second arrives the first is already on
 *   its way to disk, so keeping the first is the only choice a stream can make without holding the
 *   whole response back; it is also the one a re-run reproduces (the API's order), where "the last"
 *   would change with every page boundary or retry. The response carries no timestamp that could
 *   tell which copy is newer. An invalid record never claims an id, so a broken copy cannot hide a
 *   good one.
 */
export function createPartitionSorter(schema: z.ZodType, meta: EnvelopeMeta): PartitionSorter {
  const dataLine = envelopeLineWriter(meta);
  const rejectLine = rejectLineWriter(meta);
  const ids = createIdSet();
  const counts: SortCounts = { fetched: 0, valid: 0, quarantined: 0, duplicates: 0 };
  return {
    counts,
    sort(record) {
      const index = counts.fetched++;
      const result = schema.safeParse(record);
      if (!result.success) {
        counts.quarantined++;
        return { to: 'rejects', line: rejectLine(record, index, describeIssues(result.error.issues, record)) };
      }
      if (!ids.add(idOf(result.data))) {
        counts.quarantined++;
        counts.duplicates++;
        return { to: 'rejects', line: rejectLine(record, index, DUPLICATE_ID) };
      }
      counts.valid++;
      return { to: 'data', line: dataLine(record) };
    },
  };
}

/** The record's `id`: a number or string once the schema accepted it; anything else counts as its JSON text. */
function idOf(record: unknown): number | string {
  const id = (record as { id?: unknown }).id;
  return typeof id === 'number' || typeof id === 'string' ? id : JSON.stringify(id ?? null);
}

/**
 * A rejects.jsonl line: the envelope fields, the record's position in the response (`_index`,
 * from 0), the reason, and the record as received minus secrets.
 */
export function rejectLineWriter(meta: EnvelopeMeta): (record: unknown, index: number, reason: string) => string {
  return (record, index, reason) =>
    `${JSON.stringify({ _run_id: meta.runId, _ingested_at: meta.ingestedAt, _source: meta.source, _index: index, _reason: reason, payload: withoutSecrets(record) })}\n`;
}

/** What a whole response sorts into, as strings: for tests and small inputs. Pure. */
export function sortRecords(records: Iterable<unknown>, schema: z.ZodType, meta: EnvelopeMeta): SortCounts & { data: string; rejects: string } {
  const sorter = createPartitionSorter(schema, meta);
  const data: string[] = [];
  const rejects: string[] = [];
  for (const record of records) {
    const { to, line } = sorter.sort(record);
    (to === 'data' ? data : rejects).push(line);
  }
  return { ...sorter.counts, data: data.join(''), rejects: rejects.join('') };
}

export interface ManifestInput {
  key: PartitionKey;
  sourceUrl: string;
  stats: PartitionStats;
  startedAt: Date;
  finishedAt: Date;
  /**
   * `fetch`: the streamed download, which validates and writes as it goes; `validate`: the time
   * spent judging records within it; `write`: making the partition final (fsync, renames, manifest).
   */
  timings: { fetch: number; validate: number; write: number };
  fetchAttempts: number;
  tool: { name: string; version: string };
}

/** The `_manifest.json` of a finished partition. */
export function buildManifest(input: ManifestInput): Manifest {
  const { key, stats, timings } = input;
  return {
    manifest_version: 1,
    status: 'complete',
    entity: key.entity,
    date: key.date,
    run_id: key.runId,
    source_url: input.sourceUrl,
    data_file: DATA_FILE,
    row_count: stats.rows,
    quarantined_count: stats.quarantined,
    bytes: stats.bytes,
    sha256: stats.sha256,
    started_at: input.startedAt.toISOString(),
    finished_at: input.finishedAt.toISOString(),
    timings_ms: { ...timings, total: Math.max(0, input.finishedAt.getTime() - input.startedAt.getTime()) },
    fetch_attempts: input.fetchAttempts,
    tool: input.tool,
  };
}
