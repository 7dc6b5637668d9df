import { mkdir, readdir, utimes, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from '@fakestore/test-utils';
import { describe, expect, it } from 'vitest';
import { eventFiles, listFiles, readStateFile, startStreamer, summaries, typeCartVersion, useStreamer } from './support/streamer.js';
import { PROJECT_ID } from './support/pubsub.js';

/**
 * One test per problem of issue 11's "Also seen": each failed before the streamed cycle.
 */
const h = useStreamer();

describe('cart-streamer, issue 11 "also seen"', () => {
  it('given Pub/Sub unreachable, dead-letters the batch after one --publish-timeout-ms, commits, and exits 3 with one stderr line naming the count and replay-dlq', async () => {
    const closed = await freePort();
    const started = Date.now();
    const result = await h.run(['--once', '--project-id', PROJECT_ID, '--topic', 'carts-events', '--publish-timeout-ms', '1000'], { PUBSUB_EMULATOR_HOST: `127.0.0.1:${closed}` });
    expect(result.code).toBe(3);
    expect(Date.now() - started).toBeLessThan(15_000);
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^cart-streamer: 7 event\(s\) could not be published and were dead-lettered to .*dead-letter.*\.jsonl; once the cause is fixed, run: cart-streamer replay-dlq --events-dir .* --project-id test-project --topic carts-events$/);
    expect(summaries(result.stdout)[0]).toMatchObject({ created: 7, published: 0, dead_lettered: 7 });
    const letters = (await listFiles(join(h.ws().eventsDir, 'dead-letter'))).filter((f) => f.endsWith('.jsonl'));
    expect(letters).toHaveLength(1);
    expect(Object.keys((await readStateFile(h.ws().stateFile)).carts)).toHaveLength(7);
  });

  it('given Pub/Sub unreachable, a first SIGTERM ends the run within one publish timeout, the unpublished events dead-lettered', async () => {
    const closed = await freePort();
    const streamer = await startStreamer(h, ['--poll-interval', '60', '--project-id', PROJECT_ID, '--publish-timeout-ms', '2000'], { PUBSUB_EMULATOR_HOST: `127.0.0.1:${closed}` });
    await sleep(500);
    const signalled = Date.now();
    streamer.child.kill('SIGTERM');
    const code = await streamer.exited;
    // One publish timeout, plus room for a loaded CI machine: far from the minutes of client retries before.
    expect(Date.now() - signalled).toBeLessThan(2000 + 10_000);
    expect(code).toBe(3);
    expect(streamer.stderr()).toMatch(/7 event\(s\) could not be published .* replay-dlq/);
  });

  it('given --reset-state after changes, versions go on counting above the highest one used, so no (cart, version) repeats', async () => {
    await h.run(['--once']);
    await h.admin('PUT', '/__admin/carts/2', { userId: 1, date: '2020-01-02', products: [{ productId: 1, quantity: 9 }] });
    await h.run(['--once']);
    const reset = await h.run(['--once', '--reset-state']);
    expect(reset.code).toBe(0);
    expect(reset.stdout).toMatch(/state reset: .* at version 3 or above/);
    const rows = (await eventFiles(h.ws().eventsDir)).flatMap((f) => f.rows).map(typeCartVersion);
    expect(rows.filter(([, id]) => id === 2)).toEqual([['cart_created', 2, 1], ['cart_modified', 2, 2], ['cart_created', 2, 3]]);
    const keys = rows.map(([, id, version]) => `${id}/${version}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('given the whole state folder lost, seeds versions from the local event log, so they still never go backwards', async () => {
    await h.run(['--once']);
    await h.admin('PUT', '/__admin/carts/2', { userId: 1, date: '2020-01-02', products: [{ productId: 1, quantity: 9 }] });
    await h.run(['--once']);
    await import('node:fs/promises').then((fs) => fs.rm(dirname(h.ws().stateFile), { recursive: true }));
    const again = await h.run(['--once']);
    expect(again.stdout).toMatch(/no state file: every cart is announced as created, at version 3 \(above the versions of the event log/);
    const last = (await eventFiles(h.ws().eventsDir)).at(-1)!.rows.map(typeCartVersion);
    expect(last).toEqual([1, 2, 3, 4, 5, 6, 7].map((id) => ['cart_created', id, 3]));
  });

  it('removes at start the temp files a killed run left (state folder: all; event folders: those older than the lock window)', async () => {
    const day = join(h.ws().eventsDir, 'carts-events', 'date=2026-11-26');
    await mkdir(day, { recursive: true });
    await mkdir(dirname(h.ws().stateFile), { recursive: true });
    const old = join(day, '.20261126T120000000Z-pending.jsonl.0123456789ab.tmp');
    const fresh = join(day, '.20261126T120001000Z-pending.jsonl.ba9876543210.tmp');
    const state = join(dirname(h.ws().stateFile), '.carts_state.outbox.json.00112233aabb.tmp');
    for (const path of [old, fresh, state]) await writeFile(path, 'partial');
    const longAgo = new Date(Date.now() - 60_000);
    await utimes(old, longAgo, longAgo);
    const result = await h.run(['--once']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/removed 2 temp file\(s\) that an interrupted run left behind/);
    expect(await readdir(day)).toEqual([fresh.split('/').at(-1)]);
    expect((await readdir(dirname(h.ws().stateFile))).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});

describe('cart-streamer with a state file of the previous format', () => {
  it('migrates it on the first run with one log line, and announces only what really changed', async () => {
    const carts = (await (await fetch(`${h.sim().url}/carts`)).json()) as { id: number; userId: number; date: string; products: { productId: number; quantity: number }[] }[];
    const legacy = {
      state_version: 1,
      committed_at: '2026-11-25T12:00:00.000Z',
      carts: Object.fromEntries(carts.map((c) => [String(c.id), { version: 1, hash: 'h', snapshot: { id: c.id, userId: c.userId, date: c.date, products: c.products } }])),
    };
    await mkdir(dirname(h.ws().stateFile), { recursive: true });
    await writeFile(h.ws().stateFile, `${JSON.stringify(legacy)}\n`);
    await h.admin('DELETE', '/__admin/carts/3');
    const result = await h.run(['--once']);
    expect(result.code).toBe(0);
    const logged = result.stdout.split('\n').filter((line) => line.includes('migrat'));
    expect(logged).toEqual([expect.stringMatching(/migrated the state file .* of format 1 .*kept as .*bak-.* to the segmented format: 7 carts, versions kept/) as string]);
    expect((await eventFiles(h.ws().eventsDir)).flatMap((f) => f.rows).map(typeCartVersion)).toEqual([['cart_deleted', 3, 2]]);
  });
});

describe('cart-streamer at scale', () => {
  const big = useStreamer({ carts: 150_000, seed: 3 });

  it('given two SIGTERMs during a long cold start, exits 143 within moments of the second; the next run cleans up and completes', async () => {
    const streamer = await startStreamer(big, ['--poll-interval', '60']);
    await sleep(1500);
    streamer.child.kill('SIGTERM');
    for (let i = 0; i < 100 && !streamer.stdout().includes('SIGTERM received'); i += 1) await sleep(20);
    const second = Date.now();
    streamer.child.kill('SIGTERM');
    expect(await streamer.exited).toBe(143);
    expect(Date.now() - second).toBeLessThan(3000); // at once; the margin is for a loaded CI machine
    const next = await big.run(['--once']);
    expect(next.code).toBe(0);
    expect(summaries(next.stdout)[0]).toMatchObject({ fetched: 150_000 });
  }, 180_000);
});
