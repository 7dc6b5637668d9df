import { type CycleOutcome, type HealthVerdict, decideHealth, publicErrorMessage } from './health.js';
import type { CycleObserver, CycleReport } from './loop.js';

/** The body of `GET /healthz`, 200 or 503 alike. */
export interface HealthBody {
  status: HealthVerdict['status'];
  reason: string;
  /** ISO-8601, or null before the first success. */
  last_success_at: string | null;
  last_cycle_at: string | null;
  /** When the cycle in flight started, or null between cycles. */
  cycle_started_at: string | null;
  last_outcome: CycleOutcome | null;
  consecutive_failures: number;
  /** The last failed cycle's message, first line, quoted excerpts and URL credentials removed. */
  last_error: string | null;
  started_at: string;
  poll_interval_s: number;
}

export interface StreamerStatus extends CycleObserver {
  health(): { verdict: HealthVerdict; body: HealthBody };
}

export interface StreamerStatusOptions {
  intervalMs: number;
  startupGraceMs: number;
  /** Epoch ms; default `Date.now`. */
  clock?: () => number;
}

/** What the loop reported so far, and the health it makes (see `decideHealth`). */
export function createStreamerStatus(options: StreamerStatusOptions): StreamerStatus {
  const clock = options.clock ?? Date.now;
  const startedAt = clock();
  let cyclesEnded = 0;
  let last: CycleReport | undefined;
  let lastSuccess: CycleReport | undefined;
  let lastError: string | undefined;
  let inFlightSince: number | undefined;
  const iso = (ms: number | undefined) => (ms === undefined ? null : new Date(ms).toISOString());
  return {
    started(at) {
      inFlightSince = at;
    },
    ended(report) {
      inFlightSince = undefined;
      cyclesEnded += 1;
      last = report;
      if (report.outcome === 'ok') lastSuccess = report;
      if (report.error !== undefined) lastError = publicErrorMessage(report.error);
    },
    health() {
      const consecutiveFailures = last?.consecutiveFailures ?? 0;
      const verdict = decideHealth({
        now: clock(),
        startedAt,
        intervalMs: options.intervalMs,
        startupGraceMs: options.startupGraceMs,
        cyclesEnded,
        lastSuccessAt: lastSuccess?.endedAt,
        lastSuccessMs: lastSuccess?.durationMs,
        lastOutcome: last?.outcome,
        consecutiveFailures,
        lastError: consecutiveFailures > 0 ? lastError : undefined,
        cycleStartedAt: inFlightSince,
      });
      return {
        verdict,
        body: {
          status: verdict.status,
          reason: verdict.reason,
          last_success_at: iso(lastSuccess?.endedAt),
          last_cycle_at: iso(last?.endedAt),
          cycle_started_at: iso(inFlightSince),
          last_outcome: last?.outcome ?? null,
          consecutive_failures: consecutiveFailures,
          last_error: lastError ?? null,
          started_at: new Date(startedAt).toISOString(),
          poll_interval_s: options.intervalMs / 1000,
        },
      };
    },
  };
}
