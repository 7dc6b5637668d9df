import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { outboxFile } from '../src/core/paths.js';
import { ageLockPastStaleWindow, eventFiles, readStateFile, streamerLockPath, summaries, typeCartVersion, useStreamer } from './support/streamer.js';

const h = useStreamer();
const crash = { CART_STREAMER_TEST_CRASH_AFTER_PUBLISH: '1' };

/** A SIGKILLed run leaves its lock behind; a restart takes it over once it is stale (single-instance.test.ts). */
const afterStaleWindow = () => ageLockPastStaleWindow(streamerLockPath(h.ws()));

describe('cart-streamer after a crash between publishing and committing', () => {
  it('given a run killed after publishing, a restart re-emits the same events byte for byte and commits', async () => {
    const killed = await h.run(['--once'], crash);
    expect(killed.signal).toBe('SIGKILL');
    expect(existsSync(h.ws().stateFile)).toBe(false);
    expect(existsSync(outboxFile(h.ws().stateFile))).toBe(true);
    const published = await eventFiles(h.ws().eventsDir);
    expect(published[0]!.rows).toHaveLength(7);

    await afterStaleWindow();
    const restart = await h.run(['--once']);
    expect(restart.code).toBe(0);
    expect(summaries(restart.stdout)[0]).toMatchObject({ recovered: 7, published: 7, created: 0 });
    const after = await eventFiles(h.ws().eventsDir);
    // The batch keeps its file name, so the local log holds it once; ids, attributes and data are identical.
    expect(after.map((f) => f.file)).toEqual(published.map((f) => f.file));
    const strip = (rows: typeof published[number]['rows']) => rows.map(({ attributes, data }) => ({ attributes, data }));
    expect(strip(after[0]!.rows)).toEqual(strip(published[0]!.rows));
    expect(existsSync(outboxFile(h.ws().stateFile))).toBe(false);
    const state = await readStateFile(h.ws().stateFile);
    expect(Object.keys(state.carts)).toHaveLength(7);
  });

  it('given a change made while the process was down, the restart first finishes the old cycle, then emits the new change: nothing lost', async () => {
    await h.run(['--once']);
    await h.admin('PUT', '/__admin/carts/2', { userId: 1, date: '2020-01-02', products: [{ productId: 1, quantity: 9 }] });
    expect((await h.run(['--once'], crash)).signal).toBe('SIGKILL');
    await h.admin('PUT', '/__admin/carts/2', { userId: 1, date: '2020-01-02', products: [{ productId: 1, quantity: 10 }] });
    await afterStaleWindow();
    const restart = await h.run(['--once']);
    expect(restart.code).toBe(0);
    const rows = (await eventFiles(h.ws().eventsDir)).slice(1).flatMap((f) => f.rows);
    expect(rows.map(typeCartVersion)).toEqual([['cart_modified', 2, 2], ['cart_modified', 2, 3]]);
    const quantities = rows.map((r) => (JSON.parse(r.data) as { after: { products: { quantity: number }[] } }).after.products[0]!.quantity);
    expect(quantities).toEqual([9, 10]);
  });
});
