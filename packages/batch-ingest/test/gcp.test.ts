import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { freePort, realDataSet } from '@fakestore/test-utils';
import { describe, expect, it } from 'vitest';
import { hasGcpEmulators, useGcpEmulators } from './support/gcp.js';
import { logLines, partitions, useHarness } from './support/harness.js';

const md5 = (text: string) => createHash('md5').update(text).digest('base64');
const readJournal = async (dataDir: string) =>
  JSON.parse(await readFile(join(dataDir, '_pending', 'push-journal.json'), 'utf8')) as { entries: { prefix: string; stages_done: string[]; last_error?: string }[] };

describe.skipIf(!hasGcpEmulators)('batch-ingest, gcp mode, against fake-gcs-server and bigquery-emulator', () => {
  const harness = useHarness();
  const gcp = useGcpEmulators();

  /** The one partition of an entity in the local lake, and whether GCS holds the same bytes under the same names. */
  async function landed(entity: 'products' | 'users') {
    const [partition] = await partitions(harness.dataDir(), entity);
    const manifestText = await readFile(join(harness.dataDir(), partition!.prefix, '_manifest.json'), 'utf8');
    const [data, manifest] = await Promise.all([gcp.object(`${partition!.prefix}/data.jsonl`), gcp.object(`${partition!.prefix}/_manifest.json`)]);
    return {
      runId: partition!.manifest!.run_id,
      inGcs: data?.md5Hash === md5(partition!.data) && manifest?.md5Hash === md5(manifestText),
      absentFromGcs: data === undefined && manifest === undefined,
      prefix: partition!.prefix,
    };
  }

  it('given both reachable, then the lake files go to gs:// under the same names and each entity loads once into bronze', async () => {
    const result = await harness.run(gcp.flags(), gcp.env());

    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    for (const [entity, count] of [['products', 20], ['users', 10]] as const) {
      const partition = await landed(entity);
      expect(partition.inGcs).toBe(true);
      expect(await gcp.rowsOfRun(`${entity}_raw`, partition.runId)).toBe(count);
    }
    expect(await gcp.table('users_raw')).toMatchObject({ timePartitioning: { type: 'DAY', field: '_ingested_at' }, clustering: { fields: ['_run_id'] } });
    const usersObject = await gcp.objectText(`${(await landed('users')).prefix}/data.jsonl`);
    for (const user of realDataSet('users')) expect(usersObject).not.toContain(String(user.password));
    const summary = logLines(result.stdout).find((line) => line.msg === 'run summary');
    expect(summary).toMatchObject({ mode: 'gcp', exit_code: 0 });
    expect((await readJournal(harness.dataDir())).entries).toEqual([]);
  });

  it('given storage is down, then exit 3 with the journal; once it is back, push-pending pushes each partition exactly once', async () => {
    const down = ['--gcs-endpoint', `http://127.0.0.1:${await freePort()}`, '--bigquery-endpoint', gcp.bigqueryUrl(), '--gcp-timeout-ms', '3000'];

    const degraded = await harness.run(down, gcp.env());

    expect(degraded.code).toBe(3);
    expect(degraded.stderr).toMatch(/^batch-ingest: degraded: products and users of this run landed in the local lake .*'batch-ingest push-pending'/);
    const journal = await readJournal(harness.dataDir());
    expect(journal.entries).toHaveLength(2);
    expect(journal.entries.every((entry) => entry.stages_done.length === 0 && /ECONNREFUSED/.test(entry.last_error ?? ''))).toBe(true);
    expect((await landed('products')).absentFromGcs).toBe(true);

    const pushed = await harness.pushPending(gcp.flags(), gcp.env());

    expect(pushed.stderr).toBe('');
    expect(pushed.code).toBe(0);
    expect((await readJournal(harness.dataDir())).entries).toEqual([]);
    const products = await landed('products');
    const users = await landed('users');
    expect([products.inGcs, users.inGcs]).toEqual([true, true]);
    expect([await gcp.rowsOfRun('products_raw', products.runId), await gcp.rowsOfRun('users_raw', users.runId)]).toEqual([20, 10]);

    const again = await harness.pushPending(gcp.flags(), gcp.env());

    expect(again.code).toBe(0);
    expect(logLines(again.stdout).map((line) => line.msg)).toContain('nothing pending');
    expect([await gcp.rowsOfRun('products_raw', products.runId), await gcp.rowsOfRun('users_raw', users.runId)]).toEqual([20, 10]);
  });

  it('given BigQuery is down, then the upload is recorded as done and push-pending only loads', async () => {
    const down = ['--gcs-endpoint', gcp.gcsUrl(), '--bigquery-endpoint', `http://127.0.0.1:${await freePort()}`, '--gcp-timeout-ms', '1500'];

    const degraded = await harness.run([...down, '--entities', 'users'], gcp.env());

    expect(degraded.code).toBe(3);
    expect((await readJournal(harness.dataDir())).entries).toMatchObject([{ stages_done: ['gcs'] }]);
    expect((await landed('users')).inGcs).toBe(true);

    const pushed = await harness.pushPending(gcp.flags(), gcp.env());

    expect(pushed.code).toBe(0);
    expect(await gcp.rowsOfRun('users_raw', (await landed('users')).runId)).toBe(10);
  });

  it('given a partition is pending, then the next normal run pushes it first', async () => {
    const down = ['--gcs-endpoint', `http://127.0.0.1:${await freePort()}`, '--bigquery-endpoint', gcp.bigqueryUrl()];
    expect((await harness.run([...down, '--entities', 'users'], gcp.env())).code).toBe(3);
    const pendingRun = (await landed('users')).runId;

    const next = await harness.run([...gcp.flags(), '--entities', 'products'], gcp.env());

    expect(next.code).toBe(0);
    expect(logLines(next.stdout).find((line) => line.msg === 'run summary')).toMatchObject({ earlier_pending: { pushed: 1, pending: 0, broken: 0 } });
    expect(await gcp.rowsOfRun('users_raw', pendingRun)).toBe(10);
    expect((await readJournal(harness.dataDir())).entries).toEqual([]);
  });
});
