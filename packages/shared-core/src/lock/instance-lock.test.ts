import { existsSync } from 'node:fs';
import { mkdir, rmdir, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { type TempDir, makeTempDir } from '@fakestore/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LockHeldError, LockLostError, exitCodeFor } from '../errors.js';
import { type InstanceLock, acquireInstanceLock, exitOnLockLost, instanceLockPath, withInstanceLock } from './instance-lock.js';

let temp: TempDir;
const held: InstanceLock[] = [];
beforeEach(async () => { temp = await makeTempDir('instance-lock-'); });
afterEach(async () => {
  await Promise.all(held.splice(0).map((lock) => lock.release()));
  await temp.remove();
});

/** Acquires, and releases after the test whatever happened in it. */
async function take(options: Parameters<typeof acquireInstanceLock>[0]): Promise<InstanceLock> {
  const lock = await acquireInstanceLock(options);
  held.push(lock);
  return lock;
}

async function refusal(promise: Promise<unknown>): Promise<LockHeldError> {
  const error = await promise.then(() => undefined, (reason: unknown) => reason);
  expect(error).toBeInstanceOf(LockHeldError);
  return error as LockHeldError;
}

/** Polls until `check` holds, for at most `timeoutMs`. */
async function eventually(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not true within ${timeoutMs} ms`);
    await sleep(50);
  }
}

describe('instance lock', () => {
  it('given a free folder, acquiring creates {dir}/.{tool}.lock, creating the folder too', async () => {
    const dir = join(temp.path, 'not', 'yet', 'there');

    const lock = await take({ dir, tool: 'batch-ingest' });

    expect(lock.path).toBe(join(dir, '.batch-ingest.lock'));
    expect((await stat(lock.path)).isDirectory()).toBe(true);
  });

  it('given a held lock, a second acquire is refused at once with one line naming the lock and what to do, exit 1', async () => {
    await take({ dir: temp.path, tool: 'batch-ingest' });

    const error = await refusal(acquireInstanceLock({ dir: temp.path, tool: 'batch-ingest' }));

    const path = join(temp.path, '.batch-ingest.lock');
    expect(error.message).toBe(
      `another batch-ingest process holds ${path}: wait for it to finish, or remove that directory if no batch-ingest is running ` +
        '(the lock of a killed process expires 20 s after its last refresh)',
    );
    expect(error.message).not.toContain('\n');
    expect(error.lockPath).toBe(path);
    expect(exitCodeFor(error)).toBe(1);
  });

  it('given a relative folder, names the lock by its absolute path, so the message works from any folder', () => {
    expect(instanceLockPath({ dir: 'data', tool: 'batch-ingest' })).toBe(join(process.cwd(), 'data', '.batch-ingest.lock'));
  });

  it('given a subcommand with its own lock, it neither blocks nor is blocked by the tool lock in the same folder', async () => {
    await take({ dir: temp.path, tool: 'cart-streamer' });

    const replay = await take({ dir: temp.path, tool: 'cart-streamer', command: 'replay-dlq' });

    expect(replay.path).toBe(join(temp.path, '.cart-streamer-replay-dlq.lock'));
    const error = await refusal(acquireInstanceLock({ dir: temp.path, tool: 'cart-streamer', command: 'replay-dlq' }));
    expect(error.message).toMatch(/^another cart-streamer replay-dlq process holds .*\.cart-streamer-replay-dlq\.lock: .* if no cart-streamer replay-dlq is running /);
  });

  it('given a folder that cannot be created, fails with one line naming the lock and the cause', async () => {
    await writeFile(join(temp.path, 'a-file'), '');
    const dir = join(temp.path, 'a-file', 'data');

    await expect(acquireInstanceLock({ dir, tool: 'batch-ingest' })).rejects.toThrow(
      new RegExp(`^cannot take the lock ${join(dir, '.batch-ingest.lock')}: ENOTDIR: `),
    );
  });

  it('after release, the lock directory is gone and the next acquire succeeds; a second release does nothing', async () => {
    const first = await acquireInstanceLock({ dir: temp.path, tool: 'batch-ingest' });

    await first.release();
    await first.release();

    expect(existsSync(first.path)).toBe(false);
    await take({ dir: temp.path, tool: 'batch-ingest' });
  });

  it('withInstanceLock releases when the work fails, and passes the failure on', async () => {
    const failing = withInstanceLock({ dir: temp.path, tool: 'batch-ingest' }, () => Promise.reject(new Error('entity failed')));

    await expect(failing).rejects.toThrow('entity failed');
    expect(existsSync(join(temp.path, '.batch-ingest.lock'))).toBe(false);
    expect(await withInstanceLock({ dir: temp.path, tool: 'batch-ingest' }, () => Promise.resolve(3))).toBe(3);
  });

  it('given a lock left by a killed holder (not refreshed for longer than the stale window), the next acquire takes it over', async () => {
    const path = join(temp.path, '.cart-streamer.lock');
    await mkdir(path);
    const lastRefresh = new Date(Date.now() - 21_000);
    await utimes(path, lastRefresh, lastRefresh);

    const lock = await take({ dir: temp.path, tool: 'cart-streamer' });

    expect(lock.path).toBe(path);
    expect((await stat(path)).mtimeMs).toBeGreaterThan(lastRefresh.getTime() + 20_000);
  });

  it('given a lock refreshed within the stale window, it is not taken over', async () => {
    const path = join(temp.path, '.cart-streamer.lock');
    await mkdir(path);
    const lastRefresh = new Date(Date.now() - 15_000);
    await utimes(path, lastRefresh, lastRefresh);

    await refusal(acquireInstanceLock({ dir: temp.path, tool: 'cart-streamer' }));
  });

  it('while held, the holder keeps refreshing the lock, so a long run never looks abandoned', async () => {
    const lock = await take({ dir: temp.path, tool: 'cart-streamer', staleMs: 2_000, updateMs: 1_000 });
    const acquired = (await stat(lock.path)).mtimeMs;

    await eventually(async () => (await stat(lock.path)).mtimeMs > acquired, 3_000);
  });

  it.each([
    ['removed', 'it was removed', (path: string) => rmdir(path)],
    [
      'taken over by another process',
      'another process took it over (it counts as abandoned after 2 s without a refresh)',
      // What a takeover does: remove the stale directory, make a new one, stamp its own mtime.
      async (path: string) => {
        await rmdir(path);
        await mkdir(path);
        const theirs = new Date(Date.now() + 60_000);
        await utimes(path, theirs, theirs);
      },
    ],
  ] as const)('given the lock %s under a holder, the holder is told it lost the lock, in one line', async (_case, why, tamper) => {
    let reportLost: (error: LockLostError) => void = () => undefined;
    const lost = new Promise<LockLostError>((resolve) => { reportLost = resolve; });
    const lock = await take({ dir: temp.path, tool: 'cart-streamer', staleMs: 2_000, updateMs: 1_000, onLost: (error) => reportLost(error) });

    await tamper(lock.path);

    const error = await lost;
    expect(error).toBeInstanceOf(LockLostError);
    expect(error.message).toBe(
      `lost the lock ${lock.path} while running (${why}); stopping at once so that two cart-streamer processes never write the same files`,
    );
  });

  it('by default, a lost lock prints one line prefixed with the tool and exits 1', () => {
    const written: string[] = [];
    const exits: number[] = [];
    const onLost = exitOnLockLost('batch-ingest', { write: (text) => written.push(text), exit: (code) => exits.push(code) });

    onLost(new LockLostError('lost the lock /x/.batch-ingest.lock while running (it was removed); stopping', { lockPath: '/x/.batch-ingest.lock' }));

    expect(written).toEqual(['batch-ingest: lost the lock /x/.batch-ingest.lock while running (it was removed); stopping\n']);
    expect(exits).toEqual([1]);
  });
});
