import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import {
  DATA_FILE,
  type LoadJobResult,
  MANIFEST_FILE,
  type PartitionKey,
  type PushStage,
  REJECTS_FILE,
  bronzeTableFor,
  partitionPrefix,
  quarantinePrefix,
  readLocalManifest,
} from '@fakestore/shared-core';
import { isEntityName } from './core/entities.js';
import { loadJobId } from './core/job-id.js';
import { markStageDone } from './core/journal.js';
import type { GcpSinks, JournalStore } from './types.js';

/** A partition that cannot be pushed as it is (missing, unfinished or corrupt): retrying will not help. */
export class PartitionError extends Error {
  override readonly name = 'PartitionError';
}

export interface PushContext {
  dataDir: string;
  sinks: GcpSinks;
  journal: JournalStore;
}

export interface PushResult {
  destinations: string[];
  load?: LoadJobResult;
}

async function sha256OfFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path), hash);
  return hash.digest('hex');
}

const exists = (path: string) => access(path).then(() => true, () => false);

/** The partition's files, once its data matches the manifest's checksum. */
export async function verifyPartition(dataDir: string, key: PartitionKey) {
  const prefix = partitionPrefix(key);
  const manifest = await readLocalManifest(dataDir, key);
  if (!manifest) throw new PartitionError(`${prefix}: no complete _manifest.json in ${dataDir}; the partition is missing or unfinished`);
  const dataPath = join(dataDir, prefix, DATA_FILE);
  const actual = await sha256OfFile(dataPath).catch(() => 'missing');
  if (actual !== manifest.sha256) {
    throw new PartitionError(`${prefix}: data.jsonl does not match its manifest (sha256 ${actual}, manifest ${manifest.sha256}); not pushed`);
  }
  const rejectsPath = join(dataDir, quarantinePrefix(key), REJECTS_FILE);
  return {
    manifest,
    dataPath,
    manifestPath: join(dataDir, prefix, MANIFEST_FILE),
    rejectsPath: manifest.quarantined_count > 0 && (await exists(rejectsPath)) ? rejectsPath : undefined,
  };
}

/**
 * Pushes one lake partition: Cloud Storage (data, quarantine, manifest last), then the BigQuery
 * load job. Stages already done are skipped; each stage is recorded in the journal as it
 * succeeds. Safe to repeat: uploads never overwrite, the job id is derived from the run.
 */
export async function pushPartition(key: PartitionKey, stagesDone: readonly PushStage[], ctx: PushContext): Promise<PushResult> {
  const entity = key.entity;
  if (!isEntityName(entity)) throw new PartitionError(`${partitionPrefix(key)}: unknown entity "${entity}"`);
  const files = await verifyPartition(ctx.dataDir, key);
  const { store, loader, projectId, datasetId } = ctx.sinks;
  const prefix = partitionPrefix(key);
  const dataName = `${prefix}/${DATA_FILE}`;
  const table = bronzeTableFor(entity);
  const destinations = [store.uri(dataName)];

  if (!stagesDone.includes('gcs')) {
    await store.uploadFile(files.dataPath, dataName, { contentType: 'application/x-ndjson' });
    if (files.rejectsPath) {
      await store.uploadFile(files.rejectsPath, `${quarantinePrefix(key)}/${REJECTS_FILE}`, { contentType: 'application/x-ndjson' });
    }
    await store.uploadFile(files.manifestPath, `${prefix}/${MANIFEST_FILE}`, { contentType: 'application/json' });
    await ctx.journal.update((journal) => markStageDone(journal, key, 'gcs'));
  }
  if (files.rejectsPath) destinations.push(store.uri(`${quarantinePrefix(key)}/${REJECTS_FILE}`));
  destinations.push(`bigquery:${projectId}.${datasetId}.${table}`);

  let load: LoadJobResult | undefined;
  if (!stagesDone.includes('bigquery')) {
    await loader.ensureTable(table);
    load = await loader.load({ jobId: loadJobId(entity, key.runId), table, sourceUris: [store.uri(dataName)] });
    await ctx.journal.update((journal) => markStageDone(journal, key, 'bigquery'));
  }
  return { destinations, ...(load && { load }) };
}
