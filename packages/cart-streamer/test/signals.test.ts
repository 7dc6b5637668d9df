import { existsSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { type StreamerHarness, eventFiles, readStateFile, startStreamer, summaries, useStreamer } from './support/streamer.js';

const h = useStreamer();

/** Resolves once the simulator has received a GET /carts (the fetch is in flight). */
async function fetchInFlight(harness: StreamerHarness): Promise<void> {
  for (let i = 0; i < 200; i += 1) {
    const log = await (await fetch(`${harness.sim().url}/__admin/requests`)).json() as { requests: { path: string }[] };
    if (log.requests.some((r) => r.path.startsWith('/carts'))) return;
    await sleep(25);
  }
  throw new Error('the streamer never fetched /carts');
}

describe('cart-streamer on SIGTERM / SIGINT', () => {
  it('given a fetch in flight, SIGTERM finishes the cycle (publish and commit) and exits 0', async () => {
    await h.admin('POST', '/__admin/faults', { count: 1, path: '/carts', latencyMs: 1500 });
    const streamer = await startStreamer(h, ['--poll-interval', '60']);
    await fetchInFlight(h);
    streamer.child.kill('SIGTERM');
    expect(await streamer.exited).toBe(0);
    expect(summaries(streamer.stdout())[0]).toMatchObject({ created: 7, published: 7 });
    const state = await readStateFile(h.ws().stateFile);
    const published = (await eventFiles(h.ws().eventsDir)).flatMap((f) => f.rows);
    expect(published).toHaveLength(Object.keys(state.carts).length);
  });

  it('given a fetch in flight, a second signal exits at once with 130 and leaves no torn state; the next run starts clean', async () => {
    await h.admin('POST', '/__admin/faults', { count: 1, path: '/carts', latencyMs: 10_000 });
    const streamer = await startStreamer(h, ['--poll-interval', '60']);
    await fetchInFlight(h);
    streamer.child.kill('SIGINT');
    for (let i = 0; i < 200 && !streamer.stdout().includes('SIGINT received'); i += 1) await sleep(25);
    expect(streamer.stdout(), 'the first SIGINT was never acknowledged').toContain('SIGINT received: finishing the cycle in flight');
    streamer.child.kill('SIGINT');
    expect(await streamer.exited).toBe(130);
    expect(existsSync(h.ws().stateFile)).toBe(false);
    await h.admin('DELETE', '/__admin/faults');
    const next = await h.run(['--once']);
    expect(next.code).toBe(0);
    expect(summaries(next.stdout)[0]).toMatchObject({ created: 7 });
  });

  it('while waiting between cycles, SIGTERM exits 0 at once', async () => {
    const streamer = await startStreamer(h, ['--poll-interval', '60']);
    for (let i = 0; i < 200 && summaries(streamer.stdout()).length === 0; i += 1) await sleep(25);
    expect(summaries(streamer.stdout()), 'the first cycle never finished: the signal would not land between cycles').toHaveLength(1);
    const started = Date.now();
    streamer.child.kill('SIGTERM');
    expect(await streamer.exited).toBe(0);
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
