import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { CycleOutcome } from './health.js';
import type { CycleReport } from './loop.js';

const OUTCOMES: readonly CycleOutcome[] = ['ok', 'degraded', 'failed'];
/** The `type` label: the events' CloudEvents type. */
const EVENT_TYPES = ['cart_created', 'cart_modified', 'cart_deleted'] as const;
/** Seconds: a no-change cycle of 7 carts takes milliseconds, a cold start of ten million carts most of an hour. */
const DURATION_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600];

export interface StreamerMetrics {
  readonly registry: Registry;
  /** Counts one ended cycle. */
  record(report: CycleReport): void;
  /** The text format, and its content type. */
  render(): Promise<{ contentType: string; text: string }>;
}

export interface StreamerMetricsOptions {
  /** What `/healthz` says right now, for `cart_streamer_healthy`. */
  healthy: () => boolean;
  /** The process and Node.js metrics of prom-client (CPU, memory, event-loop lag, GC); default on. */
  processMetrics?: boolean;
}

/**
 * The streamer's Prometheus metrics (prom-client), in a registry of their own, fed from each
 * cycle's summary and outcome. Counters count from the process start, as Prometheus expects.
 */
export function createStreamerMetrics(options: StreamerMetricsOptions): StreamerMetrics {
  const registry = new Registry();
  const registers = [registry];
  const cycles = new Counter({ name: 'cart_streamer_cycles_total', help: 'Cycles that ended, by outcome: ok, degraded (events dead-lettered), failed (nothing emitted or committed)', labelNames: ['outcome'], registers });
  const events = new Counter({ name: 'cart_streamer_events_total', help: 'Change events the cycles emitted (published or dead-lettered), by type', labelNames: ['type'], registers });
  const published = new Counter({ name: 'cart_streamer_events_published_total', help: 'Events the sink confirmed (a recovered outbox\'s included)', registers });
  const deadLetters = new Counter({ name: 'cart_streamer_dead_letters_total', help: 'Events written to the dead-letter files', registers });
  const quarantined = new Counter({ name: 'cart_streamer_quarantined_records_total', help: 'Invalid cart records written to the quarantine files', registers });
  const withheld = new Counter({ name: 'cart_streamer_withheld_deletes_total', help: 'Deletes withheld (mass delete, empty fetch, or an invalid record without an id)', registers });
  const duration = new Histogram({ name: 'cart_streamer_cycle_duration_seconds', help: 'Wall time of a cycle, by outcome', labelNames: ['outcome'], buckets: DURATION_BUCKETS, registers });
  const fetched = new Gauge({ name: 'cart_streamer_carts_fetched', help: 'Carts the last completed cycle fetched', registers });
  const lastSuccess = new Gauge({ name: 'cart_streamer_last_success_timestamp_seconds', help: 'When the last ok cycle ended, unix seconds (0: none yet)', registers });
  const failures = new Gauge({ name: 'cart_streamer_consecutive_failures', help: 'Failed cycles in a row, up to the last one', registers });
  new Gauge({
    name: 'cart_streamer_healthy',
    help: '1 when GET /healthz answers 200, 0 when it answers 503',
    registers,
    collect() {
      this.set(options.healthy() ? 1 : 0);
    },
  });
  // Every series exists from the start, at 0, so rate() and absent() work before the first event.
  for (const outcome of OUTCOMES) cycles.inc({ outcome }, 0);
  for (const type of EVENT_TYPES) events.inc({ type }, 0);
  if (options.processMetrics ?? true) collectDefaultMetrics({ register: registry });

  return {
    registry,
    record(report) {
      cycles.inc({ outcome: report.outcome });
      duration.observe({ outcome: report.outcome }, report.durationMs / 1000);
      failures.set(report.consecutiveFailures);
      const summary = report.summary;
      if (!summary) return;
      events.inc({ type: 'cart_created' }, summary.created);
      events.inc({ type: 'cart_modified' }, summary.modified);
      events.inc({ type: 'cart_deleted' }, summary.deleted);
      published.inc(summary.published);
      deadLetters.inc(summary.dead_lettered);
      quarantined.inc(summary.quarantined);
      withheld.inc(summary.withheld_deletes);
      fetched.set(summary.fetched);
      if (report.outcome === 'ok') lastSuccess.set(report.endedAt / 1000);
    },
    async render() {
      return { contentType: registry.contentType, text: await registry.metrics() };
    },
  };
}
