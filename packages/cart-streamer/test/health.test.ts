import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { freePort } from '@fakestore/test-utils';
import { describe, expect, it } from 'vitest';
import { eventually, getHealth, getMetrics, httpPortOf } from './support/health.js';
import { sampleValue } from './support/prometheus-text.js';
import { eventFiles, startStreamer, summaries, useStreamer } from './support/streamer.js';

const h = useStreamer();

/** Every request to /carts answers 503 (a Cloudflare page) until the faults are cleared. */
const apiDown = () => h.admin('POST', '/__admin/faults', { count: 100_000, path: '/carts', status: 503 });
const apiBack = () => h.admin('DELETE', '/__admin/faults');
const lines = (text: string) => text.split('\n').filter((line) => line !== '');
const FAILED_FETCH = /^GET http:\/\/127\.0\.0\.1:\d+\/carts failed after 3 attempts: 503 Service Unavailable$/;

describe('cart-streamer --http-port: /healthz and /metrics of the real CLI', () => {
  it('given a good cycle, then GET /healthz answers 200 with the last success; unknown paths 404, other methods 405; SIGTERM then exits 0 at once, an open connection notwithstanding', async () => {
    const streamer = await startStreamer(h, ['--poll-interval', '60', '--http-port', '0']);
    const port = httpPortOf(streamer);
    await eventually('the first cycle', () => (summaries(streamer.stdout()).length > 0 ? true : undefined));
    const { status, body } = await getHealth(port);
    expect(status).toBe(200);
    expect(body).toMatchObject({ status: 'ok', last_outcome: 'ok', consecutive_failures: 0, last_error: null, cycle_started_at: null });
    expect(body.reason).toMatch(/^last successful cycle ended [\d.]+ s ago \(limit 180 s\)$/);
    expect(Date.parse(body.last_success_at ?? '')).toBeGreaterThan(Date.now() - 60_000);
    expect((await fetch(`http://127.0.0.1:${port}/carts`)).status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${port}/healthz`, { method: 'POST' })).status).toBe(405);

    const started = Date.now();
    streamer.child.kill('SIGTERM');
    expect(await streamer.exited).toBe(0);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(streamer.stderr()).toBe('');
  });

  it('given the first cycle still fetching, then /healthz already answers 200 "starting" (the server starts before the first cycle)', async () => {
    await h.admin('POST', '/__admin/faults', { count: 1, path: '/carts', latencyMs: 3000 });
    const streamer = await startStreamer(h, ['--poll-interval', '60', '--http-port', '0']);
    const { status, body } = await getHealth(httpPortOf(streamer));
    expect(status).toBe(200);
    expect(body).toMatchObject({ status: 'starting', last_success_at: null, last_outcome: null });
    expect(body.cycle_started_at).not.toBeNull();
    expect(body.reason).toMatch(/^the first cycle is running \([\d.]+ s of a 3780 s startup grace\)$/);
  });

  it('given the API down for longer than 3 poll intervals, then /healthz answers 503 with the reason and the last error; once it is back, 200 again', async () => {
    const streamer = await startStreamer(h, ['--poll-interval', '0.3', '--http-port', '0', '--max-consecutive-failures', '0']);
    const port = httpPortOf(streamer);
    await eventually('the first cycle', () => (summaries(streamer.stdout()).length > 0 ? true : undefined));
    await apiDown();
    // A failing fetch retries for a while: the first 503 may come while that cycle is still in flight.
    const down = await eventually('/healthz 503 after a failed cycle', async () => {
      const health = await getHealth(port);
      return health.status === 503 && health.body.consecutive_failures > 0 ? health.body : undefined;
    });
    expect(down).toMatchObject({ status: 'unhealthy', last_outcome: 'failed' });
    expect(down.consecutive_failures).toBeGreaterThanOrEqual(1);
    expect(down.last_error).toMatch(FAILED_FETCH);
    expect(down.reason).toMatch(
      /^the last successful cycle ended [\d.]+ s ago, more than 3 (poll intervals|cycle durations) \([\d.]+ s\); the last (cycle|\d+ cycles) failed: GET http:\/\/127\.0\.0\.1:\d+\/carts failed after 3 attempts: 503 Service Unavailable(; a cycle has been running for [\d.]+ s)?$/,
    );
    const metrics = await getMetrics(port);
    expect(sampleValue(metrics, 'cart_streamer_cycles_total', { outcome: 'failed' })).toBeGreaterThanOrEqual(1);
    expect(sampleValue(metrics, 'cart_streamer_consecutive_failures')).toBeGreaterThanOrEqual(1);
    expect(sampleValue(metrics, 'cart_streamer_healthy')).toBe(0);

    await apiBack();
    const back = await eventually('/healthz 200', async () => {
      const health = await getHealth(port);
      return health.status === 200 ? health.body : undefined;
    });
    expect(back).toMatchObject({ status: 'ok', last_outcome: 'ok', consecutive_failures: 0 });
    expect(back.last_error).toMatch(FAILED_FETCH);
    streamer.child.kill('SIGTERM');
    expect(await streamer.exited).toBe(0);
  });

  it('given cycles running, then /metrics parses, its counters move, and its events by type match the event log', async () => {
    const streamer = await startStreamer(h, ['--poll-interval', '0.3', '--http-port', '0']);
    const port = httpPortOf(streamer);
    const first = await eventually('a first ok cycle in /metrics', async () => {
      const metrics = await getMetrics(port);
      return sampleValue(metrics, 'cart_streamer_cycles_total', { outcome: 'ok' }) >= 1 ? metrics : undefined;
    });
    expect(sampleValue(first, 'cart_streamer_events_total', { type: 'cart_created' })).toBe(7);
    expect(sampleValue(first, 'cart_streamer_events_published_total')).toBe(7);
    expect(sampleValue(first, 'cart_streamer_carts_fetched')).toBe(7);
    expect(sampleValue(first, 'cart_streamer_last_success_timestamp_seconds')).toBeGreaterThan(Date.now() / 1000 - 60);
    expect(first.get('process_resident_memory_bytes')?.type).toBe('gauge');

    await h.admin('PUT', '/__admin/carts/1', { userId: 1, date: '2020-03-02', products: [{ productId: 9, quantity: 9 }] });
    await h.admin('PUT', '/__admin/carts/8', { userId: 2, date: '2021-06-15', products: [{ productId: 3, quantity: 2 }] });
    await h.admin('DELETE', '/__admin/carts/2');
    const later = await eventually('the changes in /metrics', async () => {
      const metrics = await getMetrics(port);
      return sampleValue(metrics, 'cart_streamer_events_total', { type: 'cart_deleted' }) >= 1 ? metrics : undefined;
    });
    const fromLog: Record<string, number> = { cart_created: 0, cart_modified: 0, cart_deleted: 0 };
    for (const row of (await eventFiles(h.ws().eventsDir)).flatMap((file) => file.rows)) fromLog[row.attributes['ce-type']!] = (fromLog[row.attributes['ce-type']!] ?? 0) + 1;
    expect(fromLog).toEqual({ cart_created: 8, cart_modified: 1, cart_deleted: 1 });
    for (const [type, count] of Object.entries(fromLog)) expect(sampleValue(later, 'cart_streamer_events_total', { type }), type).toBe(count);
    expect(sampleValue(later, 'cart_streamer_events_published_total')).toBe(10);
    const ok = sampleValue(later, 'cart_streamer_cycles_total', { outcome: 'ok' });
    expect(ok).toBeGreaterThan(sampleValue(first, 'cart_streamer_cycles_total', { outcome: 'ok' }));
    expect(sampleValue(later, 'cart_streamer_cycle_duration_seconds_count', { outcome: 'ok' })).toBe(ok);
    expect(sampleValue(later, 'cart_streamer_carts_fetched')).toBe(7);
    expect(sampleValue(later, 'cart_streamer_cycles_total', { outcome: 'failed' })).toBe(0);
    streamer.child.kill('SIGTERM');
    expect(await streamer.exited).toBe(0);
  });

  it('given --max-consecutive-failures 2 and the API down, then it exits 1 after 2 failed cycles with one stderr line and the last error', async () => {
    await apiDown();
    const result = await h.run(['--poll-interval', '0.1', '--max-consecutive-failures', '2', '--http-port', '0']);
    expect(result.code).toBe(1);
    expect(lines(result.stderr)).toHaveLength(1);
    expect(result.stderr).toMatch(
      /^cart-streamer: 2 cycles in a row failed \(--max-consecutive-failures 2\); exiting so that a supervisor restarts the streamer\. Last error: GET http:\/\/127\.0\.0\.1:\d+\/carts failed after 3 attempts: 503 Service Unavailable\n$/,
    );
    expect(result.stdout.split('\n').filter((line) => line.includes('"msg":"cycle failed')).length).toBe(2);
    expect(existsSync(h.ws().stateFile)).toBe(false);
  });

  it('given the default, then CART_MAX_CONSECUTIVE_FAILURES sets it from the environment', async () => {
    await apiDown();
    const result = await h.run(['--poll-interval', '0.1'], { CART_MAX_CONSECUTIVE_FAILURES: '1' });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^cart-streamer: a cycle failed \(--max-consecutive-failures 1\); exiting so that a supervisor restarts the streamer\. Last error: GET /);
  });

  it('given a failed cycle, when SIGTERM arrives, then it exits 1 with one line saying the last cycle failed', async () => {
    await apiDown();
    const streamer = await startStreamer(h, ['--poll-interval', '60', '--http-port', '0']);
    await eventually('a failed cycle', () => (streamer.stdout().includes('"msg":"cycle failed') ? true : undefined));
    const { status, body } = await getHealth(httpPortOf(streamer));
    // Within 3 poll intervals of the start, one failure is not yet unhealthy; the body says it.
    expect(status).toBe(200);
    expect(body).toMatchObject({ status: 'ok', last_outcome: 'failed', consecutive_failures: 1 });
    expect(body.reason).toMatch(/; the last cycle failed: GET http:\/\/127\.0\.0\.1:\d+\/carts failed after 3 attempts: 503 Service Unavailable$/);
    streamer.child.kill('SIGTERM');
    expect(await streamer.exited).toBe(1);
    expect(streamer.stderr()).toMatch(/^cart-streamer: stopped after a failed cycle: GET http:\/\/127\.0\.0\.1:\d+\/carts failed after 3 attempts: 503 Service Unavailable\n$/);
  });

  it('given PORT in the environment (as Cloud Run sets it), then it serves there; --http-port wins over it', async () => {
    const port = await freePort();
    const streamer = await startStreamer(h, ['--poll-interval', '60'], { PORT: String(port) });
    expect(httpPortOf(streamer)).toBe(port);
    expect([200, 503]).toContain((await getHealth(port)).status);
    streamer.child.kill('SIGTERM');
    await streamer.exited;

    const other = await startStreamer(h, ['--poll-interval', '60', '--http-port', '0'], { PORT: String(port) });
    expect(httpPortOf(other)).not.toBe(port);
  });

  it('given a port in use, then it exits 1 with one line naming the port, before touching the state', async () => {
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const port = (holder.address() as { port: number }).port;
    try {
      const result = await h.run(['--http-port', String(port), '--http-host', '127.0.0.1']);
      expect(result.code).toBe(1);
      expect(result.stderr).toBe(`cart-streamer: cannot serve /healthz and /metrics on 127.0.0.1:${port}: the port is already in use; stop the process that holds it, or choose another --http-port (PORT), 0 for any free one\n`);
      expect(existsSync(h.ws().stateFile)).toBe(false);
      expect(summaries(result.stdout)).toEqual([]);

      // --once serves nothing, so the same port is no obstacle to it.
      const once = await h.run(['--once', '--http-port', String(port), '--http-host', '127.0.0.1']);
      expect(once.code).toBe(0);
      expect(once.stdout).not.toContain('http_port');
    } finally {
      holder.close();
    }
  });

  it('given a bad port or address, then exit 2 naming the flag and the variable', async () => {
    const result = await h.run(['--http-port', '70000', '--http-host', 'not a host']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--http-port / PORT: must be at most 65535');
    expect(result.stderr).toContain('--http-host / CART_HTTP_HOST: must be an IP address or a host name');
  });
});
