import { resolve } from 'node:path';
import {
  type HttpClient,
  type JsonArrayRecord,
  type JsonArrayStreamInfo,
  type PartitionFiles,
  type PartitionKey,
  type PartitionWriter,
  openPartitionWriter,
  utcDate,
} from '@fakestore/shared-core';
import type { EntitySpec } from './core/entities.js';
import { type SortCounts, buildManifest, createPartitionSorter } from './core/partition.js';
import { tool } from './tool.js';

/** An entity failed as a whole; the message is one line naming the URL and what was wrong. */
export class EntityError extends Error {
  override readonly name = 'EntityError';
}

export interface LandInput {
  spec: EntitySpec;
  dataDir: string;
  runId: string;
  /** Start of the run: the partition date and every record's `_ingested_at`. */
  runStartedAt: Date;
}

export interface LandDependencies {
  /** The shared client's streaming mode: retries re-run the consumer, whose writes stay in temp files until then. */
  http: Pick<HttpClient, 'streamJsonArray'>;
  now?: () => Date;
  /** Bytes of the response so far (each attempt starts again from 0). */
  onProgress?: (loaded: number, total: number | undefined) => void;
}

export interface Landed extends SortCounts {
  key: PartitionKey;
  files: PartitionFiles;
  bytes: number;
}

/**
 * One entity, end to end as a stream: the response is read record by record, each record judged
 * and written to the partition's temp files as it arrives; the partition becomes visible (data,
 * rejects, manifest last) only once the whole list arrived. Throws when nothing usable landed.
 */
export async function landEntity(input: LandInput, deps: LandDependencies): Promise<Landed> {
  const now = deps.now ?? (() => new Date());
  const { spec, runId, runStartedAt, dataDir } = input;
  const startedAt = now();
  const key: PartitionKey = { entity: spec.name, date: utcDate(runStartedAt), runId };
  let writer: PartitionWriter | undefined;
  let validateMs = 0;

  /**
   * One attempt: a fresh writer each time, so a retry starts clean. The iteration ends normally only
   * once the whole array arrived intact, so what it wrote is complete when this returns.
   */
  const consume = async (records: AsyncIterable<JsonArrayRecord>, info: JsonArrayStreamInfo): Promise<{ writer: PartitionWriter; counts: SortCounts }> => {
    await writer?.abort();
    const current = await openPartitionWriter(dataDir, key);
    writer = current;
    const sorter = createPartitionSorter(spec.schema, { runId, ingestedAt: runStartedAt.toISOString(), source: info.url });
    validateMs = 0;
    for await (const record of records) {
      const started = performance.now();
      const { to, line } = sorter.sort(record.value);
      validateMs += performance.now() - started;
      const written = to === 'data' ? current.addRow(line) : current.addReject(line);
      if (written) await written;
    }
    return { writer: current, counts: { ...sorter.counts } };
  };

  let streamed;
  try {
    streamed = await deps.http.streamJsonArray(spec.path, consume, deps.onProgress ? { onProgress: deps.onProgress } : {});
  } catch (error) {
    await writer?.abort();
    throw error;
  }
  const { counts } = streamed.data;
  writer = streamed.data.writer;

  if (counts.fetched === 0) {
    await writer.abort();
    throw new EntityError(`GET ${streamed.url}: got an empty array, expected a non-empty JSON array of ${spec.name}`);
  }
  if (counts.valid === 0) {
    const rejectsPath = await writer.commitRejectsOnly();
    throw new EntityError(
      `GET ${streamed.url}: all ${counts.quarantined} ${spec.name} failed validation; nothing loaded (see ${resolve(rejectsPath ?? dataDir)})`,
    );
  }

  const writeStarted = performance.now();
  let bytes = 0;
  const files = await writer.commit((stats) => {
    bytes = stats.bytes;
    return buildManifest({
      key,
      sourceUrl: streamed.url,
      stats,
      startedAt,
      finishedAt: now(),
      timings: { fetch: streamed.durationMs, validate: Math.round(validateMs), write: Math.round(performance.now() - writeStarted) },
      fetchAttempts: streamed.attempts,
      tool,
    });
  });
  return { ...counts, key, files, bytes };
}
