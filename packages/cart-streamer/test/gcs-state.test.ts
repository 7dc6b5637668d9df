import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { type CliResult, runCli } from '@fakestore/test-utils';
import { beforeEach, describe, expect, it } from 'vitest';
import { cleanEnv, eventFiles, summaries, useStreamer } from './support/streamer.js';
import { useFakeGcs, withFakeGcs } from './support/gcs.js';

/**
 * The streamer with its state in a bucket (the real Storage client against fake-gcs-server) and
 * its event log local: the crash guarantee of local state, and the generation guard that replaces
 * the lock file.
 */
describe.skipIf(!withFakeGcs)('cart-streamer with gs:// state', () => {
  const h = useStreamer();
  const gcs = useFakeGcs();
  let bucket: string;
  beforeEach(async () => { bucket = await gcs.bucket(); });

  const stateUri = () => `gs://${bucket}/streamer/carts_state.json`;
  const run = (args: string[], env: Record<string, string> = {}): Promise<CliResult> =>
    runCli('cart-streamer', [...args, '--api-url', h.sim().url, '--state-file', stateUri(), '--events-dir', h.ws().eventsDir], {
      cwd: h.ws().dir,
      env: cleanEnv({ STORAGE_EMULATOR_HOST: gcs.url(), ...env }),
    });
  const object = (name: string) => gcs.object(bucket, `streamer/${name}`);
  const manifest = async () => JSON.parse((await object('carts_state.json'))!.toString('utf8')) as { commit: number; carts: number; last_batch_id: string | null };
  const eventIds = async () => (await eventFiles(h.ws().eventsDir)).flatMap((f) => f.rows.map((r) => r.attributes['ce-id']));

  it('given an empty bucket, a cycle announces every cart and commits the state there, a second finds no change, and no lock file is made', async () => {
    const first = await run(['--once']);
    expect(first.code, first.stderr).toBe(0);
    expect(summaries(first.stdout)[0]).toMatchObject({ fetched: 7, created: 7, published: 7 });
    expect(await manifest()).toMatchObject({ commit: 1, carts: 7 });
    expect(await object('carts_state.outbox.json')).toBeNull();

    const second = await run(['--once']);
    expect(second.code, second.stderr).toBe(0);
    expect(summaries(second.stdout)[0]).toMatchObject({ fetched: 7, created: 0, modified: 0, published: 0 });
    expect(await manifest()).toMatchObject({ commit: 1 });
    expect(existsSync(join(h.ws().dir, 'state'))).toBe(false);
  });

  it('given a run killed between publishing and committing, a restart re-emits the same events byte for byte and commits (no lock to wait out)', async () => {
    const killed = await run(['--once'], { CART_STREAMER_TEST_CRASH_AFTER_PUBLISH: '1' });
    expect(killed.signal).toBe('SIGKILL');
    expect(await object('carts_state.json')).toBeNull();
    expect(await object('carts_state.outbox.json')).not.toBeNull();
    const published = await eventFiles(h.ws().eventsDir);
    expect(published.flatMap((f) => f.rows)).toHaveLength(7);

    const restart = await run(['--once']);
    expect(restart.code, restart.stderr).toBe(0);
    expect(summaries(restart.stdout)[0]).toMatchObject({ recovered: 7, published: 7, created: 0 });
    const after = await eventFiles(h.ws().eventsDir);
    expect(after.map((f) => f.file)).toEqual(published.map((f) => f.file));
    const strip = (rows: (typeof published)[number]['rows']) => rows.map(({ attributes, data }) => ({ attributes, data }));
    expect(after.map((f) => strip(f.rows))).toEqual(published.map((f) => strip(f.rows)));
    expect(await manifest()).toMatchObject({ commit: 1, carts: 7 });
    expect(await object('carts_state.outbox.json')).toBeNull();
  });

  it('given --reset-state, the state object is moved aside in the bucket and every cart is announced again, at higher versions', async () => {
    expect((await run(['--once'])).code).toBe(0);
    const reset = await run(['--once', '--reset-state']);
    expect(reset.code, reset.stderr).toBe(0);
    expect(summaries(reset.stdout)[0]).toMatchObject({ created: 7, published: 7 });
    const names = await gcs.list(bucket, 'streamer/');
    expect(names.filter((name) => /^streamer\/carts_state\.json\.bak-\d{8}T\d{9}Z$/.test(name))).toHaveLength(1);
    const versions = (await eventFiles(h.ws().eventsDir)).map((f) => f.rows.map((r) => (JSON.parse(r.data) as { version: number }).version));
    expect(versions).toHaveLength(2);
    expect(Math.min(...versions[1]!)).toBeGreaterThan(Math.max(...versions[0]!));
  });

  it('given two streamers on one state, the one whose commit comes second exits 1 with one line, even looping, and the state holds the winner\'s commit', async () => {
    expect((await run(['--once'])).code).toBe(0);
    await h.admin('PUT', '/__admin/carts/2', { userId: 1, date: '2020-01-02', products: [{ productId: 1, quantity: 9 }] });

    // The loser reads the state, then its fetch is held by the simulator while the winner runs a whole cycle.
    await h.admin('POST', '/__admin/faults', { count: 1, path: '/carts', latencyMs: 4000 });
    const loser = run(['--poll-interval', '60']);
    await heldFetchTaken(h.sim().url);
    const winner = await run(['--once']);
    expect(winner.code, winner.stderr).toBe(0);
    expect(summaries(winner.stdout)[0]).toMatchObject({ modified: 1, published: 1 });

    const lost = await loser;
    expect(lost.code).toBe(1);
    expect(lost.stderr).toMatch(new RegExp(`^cart-streamer: another writer \\(another cart-streamer on the same state\\?\\) committed ${escape(stateUri())} since this cycle read it, so this instance stops without committing \\(.+\\)\\. .+ Run one streamer per state\\.\\n$`));
    expect(lost.stderr.split('\n')).toHaveLength(2);
    expect(await manifest()).toMatchObject({ commit: 2 });
    // Its outbox followed commit 1: it could never be committed, so the loser removed it.
    expect(await object('carts_state.outbox.json')).toBeNull();
    // Both saw the same change from the same state: the loser's event is the winner's (same id).
    const ids = await eventIds();
    expect(ids).toHaveLength(7 + 2);
    expect(new Set(ids).size).toBe(8);

    const next = await run(['--once']);
    expect(next.code, next.stderr).toBe(0);
    expect(summaries(next.stdout)[0]).toMatchObject({ published: 0, recovered: 0 });
  });
});

/** Waits until the simulator's queued fault was taken: the held request has arrived. */
async function heldFetchTaken(simUrl: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const { faults } = (await (await fetch(`${simUrl}/__admin/faults`)).json()) as { faults: unknown[] };
    if (faults.length === 0) return;
    await sleep(25);
  }
  throw new Error('the streamer never fetched /carts');
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
