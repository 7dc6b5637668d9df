/**
 * Whether the long-lived streamer is healthy, decided from timestamps and counts alone (no clock,
 * no I/O), for `GET /healthz` and the `cart_streamer_healthy` gauge.
 */

/** How a cycle ended: `ok` published everything, `degraded` dead-lettered some events, `failed` emitted and committed nothing. */
export type CycleOutcome = 'ok' | 'degraded' | 'failed';

export interface HealthInput {
  /** Now, epoch ms. */
  now: number;
  /** When the streamer started, epoch ms. */
  startedAt: number;
  /** --poll-interval, ms. */
  intervalMs: number;
  /** How long the first cycle may take before the streamer counts as unhealthy, ms. */
  startupGraceMs: number;
  /** Cycles that have ended (any outcome). */
  cyclesEnded: number;
  /** When the last `ok` cycle ended, epoch ms. */
  lastSuccessAt?: number | undefined;
  /** How long the last `ok` cycle took, ms. */
  lastSuccessMs?: number | undefined;
  lastOutcome?: CycleOutcome | undefined;
  /** Failed cycles in a row, up to the last one. */
  consecutiveFailures: number;
  /** The message of the last failed cycle, already made safe to show (`publicErrorMessage`). */
  lastError?: string | undefined;
  /** When the cycle in flight started, epoch ms; unset between cycles. */
  cycleStartedAt?: number | undefined;
}

export interface HealthVerdict {
  healthy: boolean;
  /** `starting`: the first cycle is still running, within the grace; `ok`; `unhealthy`. */
  status: 'starting' | 'ok' | 'unhealthy';
  /** One sentence: why, with the figures. */
  reason: string;
}

/** A successful cycle must be younger than this many poll intervals (or cycle durations, when cycles take longer). */
export const STALE_AFTER_INTERVALS = 3;

/**
 * Healthy while the last successful (`ok`) cycle ended less than 3 poll intervals ago, the interval
 * being the longer of `--poll-interval` and that cycle's own duration (when cycles take longer than
 * the interval, the loop runs them back to back and a success comes once per cycle). Before the
 * first cycle has ended, healthy for the startup grace (a cold start of millions of carts is long).
 * Once a cycle has ended without a success yet, the streamer's start stands for the last success.
 * A degraded cycle (events dead-lettered) is not a success: events pile up in the dead letters.
 */
export function decideHealth(input: HealthInput): HealthVerdict {
  const { now, startedAt } = input;
  if (input.cyclesEnded === 0) {
    const running = now - startedAt;
    return running < input.startupGraceMs
      ? { healthy: true, status: 'starting', reason: `the first cycle is running (${seconds(running)} of a ${seconds(input.startupGraceMs)} startup grace)` }
      : { healthy: false, status: 'unhealthy', reason: `the first cycle has not ended after ${seconds(running)} (startup grace ${seconds(input.startupGraceMs)})` };
  }
  const period = Math.max(input.intervalMs, input.lastSuccessMs ?? 0);
  const limit = STALE_AFTER_INTERVALS * period;
  const since = input.lastSuccessAt ?? startedAt;
  const age = now - since;
  const healthy = age < limit;
  const last = lastCycles(input);
  if (healthy) {
    return { healthy, status: 'ok', reason: `${input.lastSuccessAt === undefined ? 'started' : 'last successful cycle ended'} ${seconds(age)} ago (limit ${seconds(limit)})${last ? `; ${last}` : ''}` };
  }
  const what = input.lastSuccessAt === undefined ? `no cycle has succeeded since the start ${seconds(age)} ago` : `the last successful cycle ended ${seconds(age)} ago`;
  const why = input.lastSuccessMs !== undefined && input.lastSuccessMs > input.intervalMs ? `${STALE_AFTER_INTERVALS} cycle durations` : `${STALE_AFTER_INTERVALS} poll intervals`;
  return { healthy, status: 'unhealthy', reason: `${what}, more than ${why} (${seconds(limit)})${last ? `; ${last}` : ''}` };
}

/** What the last cycles did, when it was not a plain success, and how long the cycle in flight has run. */
function lastCycles(input: HealthInput): string {
  const parts: string[] = [];
  if (input.consecutiveFailures > 0) {
    const count = input.consecutiveFailures === 1 ? 'the last cycle failed' : `the last ${input.consecutiveFailures} cycles failed`;
    parts.push(input.lastError ? `${count}: ${input.lastError}` : count);
  } else if (input.lastOutcome === 'degraded') {
    parts.push('the last cycle dead-lettered events (see the dead-letter files and replay-dlq)');
  }
  const running = input.cycleStartedAt === undefined ? 0 : input.now - input.cycleStartedAt;
  if (running >= input.intervalMs) parts.push(`a cycle has been running for ${seconds(running)}`);
  return parts.join('; ');
}

function seconds(ms: number): string {
  const s = ms / 1000;
  return `${s >= 10 ? Math.round(s) : Math.round(s * 10) / 10} s`;
}

const MAX_ERROR_LENGTH = 300;

/**
 * An error message as `/healthz` may show it to whoever can call it: its first line, without
 * quoted excerpts (a JSON parser's `Unexpected token '<', "<!DOCTYPE "... is not valid JSON`
 * quotes the response body, which is payload) and without credentials in URLs, at most 300
 * characters. The logs keep the whole message.
 */
export function publicErrorMessage(message: string): string {
  const line = (message.split('\n')[0] ?? '')
    .replace(/"(?:[^"\\]|\\.)*"(?:\.\.\.)?/g, '"…"')
    .replace(/\b([a-z][a-z0-9+.-]*:\/\/)[^/@\s]*@/gi, '$1')
    .trim();
  return line.length > MAX_ERROR_LENGTH ? `${line.slice(0, MAX_ERROR_LENGTH - 1)}…` : line;
}
