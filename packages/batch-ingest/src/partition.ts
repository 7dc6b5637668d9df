import {
  DATA_FILE,
  type EnvelopeMeta,
  type Manifest,
  type PartitionKey,
  sha256Hex,
  toEnvelope,
  toJsonLines,
  validateRecords,
} from '@fakestore/shared-core';
import type { z } from 'zod';

/** What one entity's lake partition holds, built from the fetched records. Pure. */
export interface PartitionContent {
  /** data.jsonl: one envelope per valid record, secrets stripped. */
  data: string;
  /** rejects.jsonl: one envelope per invalid record, with `_reason` and `_index`; '' when none. */
  rejects: string;
  rowCount: number;
  quarantinedCount: number;
  bytes: number;
  sha256: string;
}

/**
 * Validates every record and serialises the valid ones, exactly as the API sent them (minus
 * secrets), and the invalid ones with the reason. Valid records keep their original key order:
 * the schema only judges, it does not rewrite.
 */
export function buildPartition(records: readonly unknown[], schema: z.ZodType, meta: EnvelopeMeta): PartitionContent {
  const { rejects } = validateRecords(schema, records);
  const rejected = new Set(rejects.map((reject) => reject.index));
  const valid = records.filter((_, index) => !rejected.has(index));
  const data = toJsonLines(valid.map((record) => toEnvelope(record, meta)));
  const rejectLines = toJsonLines(
    rejects.map(({ record, index, reason }) => {
      const { payload, ...envelope } = toEnvelope(record, meta);
      return { ...envelope, _index: index, _reason: reason, payload };
    }),
  );
  return {
    data,
    rejects: rejectLines,
    rowCount: valid.length,
    quarantinedCount: rejects.length,
    bytes: Buffer.byteLength(data),
    sha256: sha256Hex(data),
  };
}

export interface ManifestInput {
  key: PartitionKey;
  sourceUrl: string;
  content: PartitionContent;
  startedAt: Date;
  finishedAt: Date;
  timings: { fetch: number; validate: number; write: number };
  fetchAttempts: number;
  tool: { name: string; version: string };
}

/** The `_manifest.json` of a finished partition. */
export function buildManifest(input: ManifestInput): Manifest {
  const { key, content, timings } = input;
  return {
    manifest_version: 1,
    status: 'complete',
    entity: key.entity,
    date: key.date,
    run_id: key.runId,
    source_url: input.sourceUrl,
    data_file: DATA_FILE,
    row_count: content.rowCount,
    quarantined_count: content.quarantinedCount,
    bytes: content.bytes,
    sha256: content.sha256,
    started_at: input.startedAt.toISOString(),
    finished_at: input.finishedAt.toISOString(),
    timings_ms: { ...timings, total: Math.max(0, input.finishedAt.getTime() - input.startedAt.getTime()) },
    fetch_attempts: input.fetchAttempts,
    tool: input.tool,
  };
}
