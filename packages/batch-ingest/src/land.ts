import { join, resolve } from 'node:path';
import {
  type PartitionFiles,
  type PartitionKey,
  REJECTS_FILE,
  quarantinePrefix,
  writeFileAtomic,
  writeLocalPartition,
} from '@fakestore/shared-core';
import type { EntitySpec } from './entities.js';
import { EntityError, extractEntity } from './extract.js';
import { buildManifest, buildPartition } from './partition.js';
import { tool } from './tool.js';
import type { RunDependencies } from './types.js';

export interface LandInput {
  spec: EntitySpec;
  dataDir: string;
  runId: string;
  /** Start of the run: the partition date and every record's `_ingested_at`. */
  runStartedAt: Date;
}

export interface Landed {
  key: PartitionKey;
  files: PartitionFiles;
  fetched: number;
  valid: number;
  quarantined: number;
  bytes: number;
}

/** Extract, validate, write the lake partition (manifest last). Throws when nothing usable landed. */
export async function landEntity(input: LandInput, deps: Pick<RunDependencies, 'http' | 'now' | 'onDownloadProgress'>): Promise<Landed> {
  const now = deps.now ?? (() => new Date());
  const { spec, runId, runStartedAt } = input;
  const startedAt = now();
  const extracted = await extractEntity(
    deps.http,
    spec,
    deps.onDownloadProgress && ((loaded, total) => deps.onDownloadProgress?.(spec.name, loaded, total)),
  );
  const key: PartitionKey = { entity: spec.name, date: runStartedAt.toISOString().slice(0, 10), runId };
  const meta = { runId, ingestedAt: runStartedAt.toISOString(), source: extracted.url };
  const validateStarted = performance.now();
  const content = buildPartition(extracted.records, spec.schema, meta);
  const validateMs = Math.round(performance.now() - validateStarted);

  if (content.rowCount === 0) {
    const path = join(input.dataDir, quarantinePrefix(key), REJECTS_FILE);
    await writeFileAtomic(path, content.rejects);
    throw new EntityError(
      `GET ${extracted.url}: all ${content.quarantinedCount} ${spec.name} failed validation; nothing loaded (see ${resolve(path)})`,
    );
  }

  const writeStarted = performance.now();
  const files = await writeLocalPartition({
    dataDir: input.dataDir,
    key,
    data: content.data,
    rejects: content.rejects,
    manifest: () =>
      buildManifest({
        key,
        sourceUrl: extracted.url,
        content,
        startedAt,
        finishedAt: now(),
        timings: { fetch: extracted.durationMs, validate: validateMs, write: Math.round(performance.now() - writeStarted) },
        fetchAttempts: extracted.attempts,
        tool,
      }),
  });
  return {
    key,
    files,
    fetched: extracted.records.length,
    valid: content.rowCount,
    quarantined: content.quarantinedCount,
    bytes: content.bytes,
  };
}
