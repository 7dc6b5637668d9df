import { describe, expect, it } from 'vitest';
import { parsePrometheusText, sampleValue } from '../test/support/prometheus-text.js';
import type { CycleReport } from './loop.js';
import { createStreamerMetrics } from './metrics.js';
import type { CycleSummary } from './types.js';

const summary = (over: Partial<CycleSummary> = {}): CycleSummary => ({
  fetched: 7, created: 0, modified: 0, deleted: 0, published: 0, dead_lettered: 0, quarantined: 0, withheld_deletes: 0, cycle_ms: 1, ...over,
});
const report = (outcome: CycleReport['outcome'], over: Partial<CycleReport> = {}): CycleReport => ({
  outcome, startedAt: 1_795_996_000_000, endedAt: 1_795_996_000_250, durationMs: 250, consecutiveFailures: 0, ...over,
});

async function scrape(metrics: ReturnType<typeof createStreamerMetrics>) {
  const { contentType, text } = await metrics.render();
  expect(contentType).toMatch(/^text\/plain; version=0\.0\.4/);
  return parsePrometheusText(text);
}

describe('createStreamerMetrics', () => {
  it('given no cycle yet, then every series of the streamer exists at 0 (so rate() and alerts work from the start)', async () => {
    const families = await scrape(createStreamerMetrics({ healthy: () => true, processMetrics: false }));
    for (const outcome of ['ok', 'degraded', 'failed']) expect(sampleValue(families, 'cart_streamer_cycles_total', { outcome })).toBe(0);
    for (const type of ['cart_created', 'cart_modified', 'cart_deleted']) expect(sampleValue(families, 'cart_streamer_events_total', { type })).toBe(0);
    expect(sampleValue(families, 'cart_streamer_last_success_timestamp_seconds')).toBe(0);
    expect(sampleValue(families, 'cart_streamer_healthy')).toBe(1);
    expect([...families.keys()].filter((name) => !name.startsWith('cart_streamer_'))).toEqual([]);
  });

  it('given cycles of every outcome, then the counters add up their summaries and the gauges hold the last values', async () => {
    let healthy = true;
    const metrics = createStreamerMetrics({ healthy: () => healthy, processMetrics: false });
    metrics.record(report('ok', { summary: summary({ fetched: 7, created: 7, published: 7 }) }));
    metrics.record(report('degraded', { summary: summary({ fetched: 8, created: 1, modified: 2, deleted: 1, published: 1, dead_lettered: 3, quarantined: 1, withheld_deletes: 2 }), endedAt: 1_795_996_100_000 }));
    metrics.record(report('failed', { error: 'down', consecutiveFailures: 1, durationMs: 12_000 }));
    metrics.record(report('failed', { error: 'down', consecutiveFailures: 2, durationMs: 12_000 }));
    healthy = false;
    const families = await scrape(metrics);
    expect(Object.fromEntries(['ok', 'degraded', 'failed'].map((outcome) => [outcome, sampleValue(families, 'cart_streamer_cycles_total', { outcome })]))).toEqual({ ok: 1, degraded: 1, failed: 2 });
    expect(Object.fromEntries(['cart_created', 'cart_modified', 'cart_deleted'].map((type) => [type, sampleValue(families, 'cart_streamer_events_total', { type })])))
      .toEqual({ cart_created: 8, cart_modified: 2, cart_deleted: 1 });
    expect(sampleValue(families, 'cart_streamer_events_published_total')).toBe(8);
    expect(sampleValue(families, 'cart_streamer_dead_letters_total')).toBe(3);
    expect(sampleValue(families, 'cart_streamer_quarantined_records_total')).toBe(1);
    expect(sampleValue(families, 'cart_streamer_withheld_deletes_total')).toBe(2);
    expect(sampleValue(families, 'cart_streamer_carts_fetched')).toBe(8);
    // The degraded cycle ended later, but only an ok cycle is a success.
    expect(sampleValue(families, 'cart_streamer_last_success_timestamp_seconds')).toBe(1_795_996_000.25);
    expect(sampleValue(families, 'cart_streamer_consecutive_failures')).toBe(2);
    expect(sampleValue(families, 'cart_streamer_healthy')).toBe(0);
    expect(families.get('cart_streamer_cycle_duration_seconds')?.type).toBe('histogram');
    expect(sampleValue(families, 'cart_streamer_cycle_duration_seconds_count', { outcome: 'failed' })).toBe(2);
    expect(sampleValue(families, 'cart_streamer_cycle_duration_seconds_sum', { outcome: 'failed' })).toBe(24);
    expect(sampleValue(families, 'cart_streamer_cycle_duration_seconds_bucket', { outcome: 'failed', le: '10' })).toBe(0);
    expect(sampleValue(families, 'cart_streamer_cycle_duration_seconds_bucket', { outcome: 'failed', le: '30' })).toBe(2);
    expect(sampleValue(families, 'cart_streamer_cycle_duration_seconds_bucket', { outcome: 'ok', le: '0.25' })).toBe(1);
  });

  it('given the default, then the process metrics come along (CPU, memory, event-loop lag)', async () => {
    const families = await scrape(createStreamerMetrics({ healthy: () => true }));
    expect(families.get('process_cpu_seconds_total')?.type).toBe('counter');
    expect(families.get('process_resident_memory_bytes')?.type).toBe('gauge');
    expect(families.has('nodejs_eventloop_lag_seconds')).toBe(true);
  });

  it('given two streamers in one process (tests), then their registries are separate', async () => {
    const one = createStreamerMetrics({ healthy: () => true, processMetrics: false });
    const two = createStreamerMetrics({ healthy: () => true, processMetrics: false });
    one.record(report('ok', { summary: summary() }));
    expect(sampleValue(await scrape(two), 'cart_streamer_cycles_total', { outcome: 'ok' })).toBe(0);
  });
});
