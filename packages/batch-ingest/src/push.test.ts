import { appendFile } from 'node:fs/promises';
import type { PushStage } from '@fakestore/shared-core';
import { makeTempDir, type TempDir } from '@fakestore/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeSinks, writeProductsPartition } from '../test/support/fakes.js';
import { markQueued } from './core/journal.js';
import { createJournalStore } from './io/journal-store.js';
import { PartitionError, pushPartition } from './push.js';
import type { GcpSinks, JournalStore } from './types.js';

const key = { entity: 'products', date: '2026-11-26', runId: '0b9f6c1e-8a43-4c1b-9d6e-2f1a3b4c5d6e' };
const prefix = `raw/products/date=2026-11-26/run_id=${key.runId}`;

describe('pushPartition', () => {
  let dir: TempDir;
  let journal: JournalStore;

  beforeEach(async () => {
    dir = await makeTempDir();
    journal = createJournalStore(`${dir.path}/_pending/push-journal.json`);
    await writeProductsPartition(dir.path, key);
    await journal.update((j) => markQueued(j, key, new Date('2026-11-26T12:00:00.000Z')));
  });
  afterEach(() => dir.remove());

  const push = (sinks: GcpSinks, done: PushStage[] = []) => pushPartition(key, done, { dataDir: dir.path, sinks, journal });

  it('uploads data and quarantine before the manifest, then loads the data URI under the derived job id', async () => {
    const { sinks, calls, loads } = fakeSinks();
    const result = await push(sinks);

    expect(calls).toEqual([
      `upload ${prefix}/data.jsonl`,
      `upload raw/_quarantine/products/date=2026-11-26/run_id=${key.runId}/rejects.jsonl`,
      `upload ${prefix}/_manifest.json`,
      'ensure products_raw',
      'load fakestore_batch_products_0b9f6c1e_8a43_4c1b_9d6e_2f1a3b4c5d6e',
    ]);
    expect(loads[0]).toEqual({ jobId: 'fakestore_batch_products_0b9f6c1e_8a43_4c1b_9d6e_2f1a3b4c5d6e', table: 'products_raw', sourceUris: [`gs://lake/${prefix}/data.jsonl`] });
    expect(result.destinations).toContain('bigquery:my-project.bronze_data.products_raw');
    expect((await journal.read()).entries).toEqual([]);
  });

  it('given the gcs stage done, then only the load runs', async () => {
    const { sinks, calls } = fakeSinks();
    await push(sinks, ['gcs']);
    expect(calls).toEqual(['ensure products_raw', 'load fakestore_batch_products_0b9f6c1e_8a43_4c1b_9d6e_2f1a3b4c5d6e']);
  });

  it('given an upload failure, then it throws and the journal keeps the partition with no stage done', async () => {
    const { sinks } = fakeSinks({ failUpload: true });
    await expect(push(sinks)).rejects.toThrow(/ECONNREFUSED/);
    expect((await journal.read()).entries).toMatchObject([{ prefix, stages_done: [] }]);
  });

  it('given data that no longer matches its manifest, then nothing is pushed and the error says why', async () => {
    await appendFile(`${dir.path}/${prefix}/data.jsonl`, '{"tampered":true}\n');
    const { sinks, calls } = fakeSinks();
    const error = await push(sinks).catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(PartitionError);
    expect((error as Error).message).toMatch(/data\.jsonl does not match its manifest/);
    expect(calls).toEqual([]);
  });

  it('given no partition at all, then a PartitionError', async () => {
    const { sinks } = fakeSinks();
    await expect(pushPartition({ ...key, runId: '1b9f6c1e-8a43-4c1b-9d6e-2f1a3b4c5d6e' }, [], { dataDir: dir.path, sinks, journal })).rejects.toBeInstanceOf(PartitionError);
  });
});

