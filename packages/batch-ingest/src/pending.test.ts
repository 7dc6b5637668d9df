import { Writable } from 'node:stream';
import { createLogger, partitionPrefix } from '@fakestore/shared-core';
import { makeTempDir, type TempDir } from '@fakestore/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeSinks, writeProductsPartition } from '../test/support/fakes.js';
import { markQueued } from './core/journal.js';
import { createJournalStore } from './io/journal-store.js';
import { pushPending } from './pending.js';
import type { JournalStore } from './types.js';

const keyOf = (runId: string, date: string) => ({ entity: 'products', date, runId });
const older = keyOf('0b9f6c1e-8a43-4c1b-9d6e-2f1a3b4c5d6e', '2026-11-25');
const newer = keyOf('1b9f6c1e-8a43-4c1b-9d6e-2f1a3b4c5d6e', '2026-11-26');
const logger = createLogger({ name: 'test', level: 'silent', destination: new Writable({ write: (_c, _e, done) => done() }) });

describe('pushPending', () => {
  let dir: TempDir;
  let journal: JournalStore;

  beforeEach(async () => {
    dir = await makeTempDir();
    journal = createJournalStore(`${dir.path}/_pending/push-journal.json`);
    for (const key of [older, newer]) {
      await writeProductsPartition(dir.path, key);
      await journal.update((j) => markQueued(j, key, new Date(`${key.date}T13:00:00.000Z`)));
    }
  });
  afterEach(() => dir.remove());

  it('given GCP is reachable, then every pending partition is pushed, oldest first, and the journal empties', async () => {
    const { sinks, loads } = fakeSinks();

    const report = await pushPending({ dataDir: dir.path, sinks, journal, logger });

    expect(report).toEqual({ pushed: [partitionPrefix(older), partitionPrefix(newer)], pending: [], broken: [] });
    expect(loads.map((load) => load.jobId)).toEqual(['fakestore_batch_products_0b9f6c1e_8a43_4c1b_9d6e_2f1a3b4c5d6e', 'fakestore_batch_products_1b9f6c1e_8a43_4c1b_9d6e_2f1a3b4c5d6e']);
    expect((await journal.read()).entries).toEqual([]);
  });

  it('given a partition gone from the lake, then it is reported broken and stays listed, the others still go', async () => {
    await dir.remove();
    await writeProductsPartition(dir.path, newer);
    await journal.update((j) => markQueued(markQueued(j, older, new Date('2026-11-25T13:00:00.000Z')), newer, new Date('2026-11-26T13:00:00.000Z')));

    const report = await pushPending({ dataDir: dir.path, sinks: fakeSinks().sinks, journal, logger });

    expect(report.pushed).toEqual([partitionPrefix(newer)]);
    expect(report.broken).toEqual([{ prefix: partitionPrefix(older), error: expect.stringMatching(/no complete _manifest\.json/) as unknown }]);
    expect((await journal.read()).entries).toMatchObject([{ prefix: partitionPrefix(older), attempts: 1 }]);
  });

  it('given GCP fails, then each failure is counted with its reason and nothing leaves the journal', async () => {
    const report = await pushPending({ dataDir: dir.path, sinks: fakeSinks({ failUpload: true }).sinks, journal, logger });

    expect(report.pending).toHaveLength(2);
    expect((await journal.read()).entries.map((entry) => [entry.attempts, entry.last_error])).toEqual([
      [1, 'Cloud Storage: uploading failed: connect ECONNREFUSED'],
      [1, 'Cloud Storage: uploading failed: connect ECONNREFUSED'],
    ]);
  });

  it('given stopAtFirstFailure, then after the first refusal the rest is left untried', async () => {
    const { sinks } = fakeSinks({ failUpload: true });

    const report = await pushPending({ dataDir: dir.path, sinks, journal, logger, stopAtFirstFailure: true });

    expect(report.pending.map((item) => item.error)).toEqual(['Cloud Storage: uploading failed: connect ECONNREFUSED', 'not tried: an earlier push failed']);
    expect((await journal.read()).entries.map((entry) => entry.attempts)).toEqual([1, 0]);
  });
});
