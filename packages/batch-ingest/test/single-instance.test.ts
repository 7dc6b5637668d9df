import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { withInstanceLock } from '@fakestore/shared-core';
import { describe, expect, it } from 'vitest';
import { partitions, useHarness } from './support/harness.js';

const harness = useHarness();
const lockPath = () => join(harness.dataDir(), '.batch-ingest.lock');
const refusal = () =>
  `batch-ingest: another batch-ingest process holds ${lockPath()}: wait for it to finish, or remove that directory if no batch-ingest is running ` +
  '(the lock of a killed process expires 20 s after its last refresh)\n';
/** Runs `work` while the test itself holds the data dir's lock, as another batch-ingest would. */
const whileLocked = <T>(work: () => Promise<T>) => withInstanceLock({ dir: harness.dataDir(), tool: 'batch-ingest' }, work);

describe('batch-ingest, one process per data dir', () => {
  it('given a run in flight, a second run on the same data dir exits 1 with one line naming the lock, fetches and writes nothing; the first completes', async () => {
    await harness.fault({ count: 1, path: '/products', latencyMs: 1500 });
    const first = await harness.start(['--local-only']);

    const second = await harness.run(['--local-only']);

    expect(second.code).toBe(1);
    expect(second.stderr).toBe(refusal());
    expect(second.stdout).toBe('');
    expect(await first.exited).toBe(0);
    expect((await harness.requests()).filter((request) => request.path === '/products')).toHaveLength(1);
    for (const entity of ['products', 'users']) expect(await partitions(harness.dataDir(), entity)).toHaveLength(1);
    expect(existsSync(lockPath())).toBe(false);
  });

  it('given the data dir locked, push-pending is refused the same way (it rewrites the same journal); once released, both run', async () => {
    const push = await whileLocked(() => harness.pushPending(['--project-id', 'test-project', '--bucket-name', 'lake']));

    expect(push.code).toBe(1);
    expect(push.stderr).toBe(refusal());
    expect((await harness.pushPending(['--project-id', 'test-project', '--bucket-name', 'lake'])).code).toBe(0);
    expect((await harness.run(['--local-only'])).code).toBe(0);
  });

  it('given the data dir locked, --help and bad flags still answer as usual: they never need the lock', async () => {
    const [help, bad] = await whileLocked(() => Promise.all([harness.run(['--help']), harness.run(['--entities', 'carts'])]));

    expect(help.code).toBe(0);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--entities: unknown entity "carts"');
    expect(bad.stderr).not.toContain('.batch-ingest.lock');
  });

  it('given a run stopped with SIGTERM, its lock is gone at once and the next run needs no wait', async () => {
    await harness.fault({ count: 1, path: '/products', latencyMs: 10_000 });
    const stopped = await harness.start(['--local-only']);
    expect(existsSync(lockPath())).toBe(true);

    expect(await stopped.stop('SIGTERM')).toBe('SIGTERM');

    expect(existsSync(lockPath())).toBe(false);
    expect((await harness.run(['--local-only'])).code).toBe(0);
  });
});
