import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { withInstanceLock } from '@fakestore/shared-core';
import type { RunningProcess } from '@fakestore/test-utils';
import { describe, expect, it } from 'vitest';
import { ageLockPastStaleWindow, eventFiles, startStreamer, streamerLockPath, summaries, useStreamer } from './support/streamer.js';

const h = useStreamer();
const crash = { CART_STREAMER_TEST_CRASH_AFTER_PUBLISH: '1' };

const refusal = (holder: string, lockPath: string) =>
  `cart-streamer: another ${holder} process holds ${lockPath}: wait for it to finish, or remove that directory if no ${holder} is running ` +
  '(the lock of a killed process expires 20 s after its last refresh)\n';

async function firstCycleDone(streamer: RunningProcess): Promise<void> {
  for (let i = 0; i < 200 && summaries(streamer.stdout()).length === 0; i += 1) await sleep(25);
  expect(summaries(streamer.stdout()), 'the first cycle never finished').toHaveLength(1);
}

describe('cart-streamer, one streamer per state folder', () => {
  it('given a streamer polling, a second one on the same state folder, looping or --once, exits 1 with one line naming the lock and publishes nothing; once the first stops, a run succeeds', async () => {
    const first = await startStreamer(h, ['--poll-interval', '60']);
    await firstCycleDone(first);
    await h.admin('DELETE', '/__admin/carts/1');

    for (const args of [['--once'], ['--poll-interval', '60']]) {
      const second = await h.run(args);
      expect(second.code).toBe(1);
      expect(second.stderr).toBe(refusal('cart-streamer', streamerLockPath(h.ws())));
      expect(second.stdout).toBe('');
    }
    expect(await eventFiles(h.ws().eventsDir)).toHaveLength(1);

    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(existsSync(streamerLockPath(h.ws()))).toBe(false);
    const next = await h.run(['--once']);
    expect(next.code).toBe(0);
    expect(summaries(next.stdout)[0]).toMatchObject({ deleted: 1, published: 1 });
  });

  it('given a streamer killed with SIGKILL, a restart within the stale window is refused; once its lock is older than that, the restart takes it over and finishes the cycle', async () => {
    expect((await h.run(['--once'], crash)).signal).toBe('SIGKILL');
    expect(existsSync(streamerLockPath(h.ws()))).toBe(true);

    const tooSoon = await h.run(['--once']);
    expect(tooSoon.code).toBe(1);
    expect(tooSoon.stderr).toBe(refusal('cart-streamer', streamerLockPath(h.ws())));

    await ageLockPastStaleWindow(streamerLockPath(h.ws()));
    const restart = await h.run(['--once']);
    expect(restart.code).toBe(0);
    expect(summaries(restart.stdout)[0]).toMatchObject({ recovered: 7, published: 7 });
  });
});

describe('cart-streamer replay-dlq, one per events folder', () => {
  it('given a streamer polling on the same folders, replay-dlq still runs: the streamer only adds dead-letter files of its own batches', async () => {
    const streamer = await startStreamer(h, ['--poll-interval', '60']);
    await firstCycleDone(streamer);

    const replay = await h.replay([]);

    expect(replay.code).toBe(0);
    expect(replay.stdout).toMatch(/no dead letters to replay/);
  });

  it('given another replay-dlq holding the events folder, exits 1 with one line naming its lock; once released, it runs', async () => {
    const replayLock = { dir: h.ws().eventsDir, tool: 'cart-streamer', command: 'replay-dlq' };
    const refused = await withInstanceLock(replayLock, () => h.replay([]));

    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(refusal('cart-streamer replay-dlq', join(h.ws().eventsDir, '.cart-streamer-replay-dlq.lock')));
    expect((await h.replay([])).code).toBe(0);
  });
});
