import { ExitCode, type Logger, UsageError } from '@fakestore/shared-core';
import { CommitLost } from './commit-lost.js';
import { CycleStopped } from './deliver.js';
import type { CycleOutcome } from './health.js';
import { type Shutdown, StopDeadline } from './signals.js';
import type { CycleSummary } from './types.js';

/** How one cycle ended, for health and metrics. */
export interface CycleReport {
  outcome: CycleOutcome;
  /** Epoch ms. */
  startedAt: number;
  endedAt: number;
  durationMs: number;
  /** Failed cycles in a row, this one included (0 after a cycle that completed). */
  consecutiveFailures: number;
  /** The cycle's counts, when it completed (`ok` or `degraded`). */
  summary?: CycleSummary;
  /** What went wrong, when it failed (the whole message, as logged). */
  error?: string;
}

/** Told about every cycle of the loop (the health server's status, the metrics). */
export interface CycleObserver {
  started(at: number): void;
  ended(report: CycleReport): void;
}

export interface LoopOptions {
  cycle: () => Promise<CycleSummary>;
  /** Start to start. */
  intervalMs: number;
  once: boolean;
  shutdown: Shutdown;
  logger: Logger;
  /** Told when a run ends with dead letters (exit 3), e.g. to print one line on stderr. */
  onDegraded?: (summary: CycleSummary) => void;
  /** Looping: after this many failed cycles in a row the run fails (exit 1); 0 or unset: never. */
  maxConsecutiveFailures?: number;
  observer?: CycleObserver;
  /** Epoch ms; default `Date.now`. */
  clock?: () => number;
}

/** The loop gave up: so many cycles failed in a row that a restart (and an alert) is the better course. */
export class TooManyFailures extends Error {
  override readonly name = 'TooManyFailures';
}

/** The loop was stopped by a signal, and the last cycle had failed: the exit status says so (1). */
export class StoppedAfterFailure extends Error {
  override readonly name = 'StoppedAfterFailure';
}

/**
 * `--once`: one cycle; 0, or 3 when events were dead-lettered; a failure rejects (exit 1 or 2).
 * Otherwise: a cycle every interval until SIGINT/SIGTERM. A failed cycle is logged and the loop
 * goes on, until `maxConsecutiveFailures` failed in a row: then it rejects with `TooManyFailures`
 * (exit 1). An invalid state file (exit 2) stops it at once, since waiting will not fix it. After a
 * signal, the exit status is the one of the last cycle that ended: 0 ok, 3 degraded, and a
 * `StoppedAfterFailure` rejection (exit 1) when it failed; 0 when none ended. A cycle cut by the
 * stop deadline before it wrote anything does not count: nothing was emitted, and a pending outbox
 * waits for the next start.
 */
export async function runLoop(options: LoopOptions): Promise<number> {
  const { logger, shutdown } = options;
  const clock = options.clock ?? Date.now;
  const degraded = (summary: CycleSummary) => {
    if (summary.dead_lettered === 0) return ExitCode.ok;
    options.onDegraded?.(summary);
    return ExitCode.degraded;
  };
  if (options.once) {
    try {
      return degraded(await runLogged(options));
    } catch (error) {
      if (isStop(error)) return stopped(logger, error);
      throw error;
    }
  }
  let last: CycleReport | undefined;
  let failures = 0;
  /** The exit status the last ended cycle stands for. */
  const exitOfLast = (): number => {
    if (last?.outcome === 'failed') throw new StoppedAfterFailure(`stopped after a failed cycle: ${last.error ?? 'unknown error'}`);
    return last?.summary ? degraded(last.summary) : ExitCode.ok;
  };
  while (!shutdown.requested) {
    const started = performance.now();
    const startedAt = clock();
    options.observer?.started(startedAt);
    const report = (outcome: CycleOutcome, more: Pick<CycleReport, 'summary' | 'error'>): CycleReport => {
      const endedAt = clock();
      last = { outcome, startedAt, endedAt, durationMs: Math.max(0, endedAt - startedAt), consecutiveFailures: failures, ...more };
      options.observer?.ended(last);
      return last;
    };
    try {
      const summary = await runLogged(options);
      failures = 0;
      report(summary.dead_lettered > 0 ? 'degraded' : 'ok', { summary });
    } catch (error) {
      if (isStop(error)) {
        stopped(logger, error);
        return exitOfLast();
      }
      const message = error instanceof Error ? error.message : String(error);
      failures += 1;
      report('failed', { error: message });
      // A bad state file, or a commit another streamer won: waiting will not fix either.
      if (error instanceof UsageError || error instanceof CommitLost) throw error;
      logger.error({ error: message, consecutive_failures: failures }, `cycle failed, nothing was emitted or committed: ${message}`);
      const max = options.maxConsecutiveFailures ?? 0;
      if (max > 0 && failures >= max) {
        throw new TooManyFailures(
          `${failures === 1 ? 'a cycle' : `${failures} cycles in a row`} failed (--max-consecutive-failures ${max}); exiting so that a supervisor restarts the streamer. Last error: ${message}`,
        );
      }
    }
    await shutdown.sleep(Math.max(0, options.intervalMs - (performance.now() - started)));
  }
  logger.info({ last_outcome: last?.outcome ?? null }, 'stopped');
  return exitOfLast();
}

function isStop(error: unknown): error is Error {
  return error instanceof CycleStopped || error instanceof StopDeadline;
}

function stopped(logger: Logger, error: Error): number {
  logger.warn({ reason: error.message }, `stopped: ${error.message}; nothing of that cycle was committed, and the next start picks it up`);
  return ExitCode.ok;
}

async function runLogged(options: LoopOptions): Promise<CycleSummary> {
  const summary = await options.cycle();
  const level = summary.dead_lettered > 0 ? 'warn' : 'info';
  options.logger[level]({ ...summary }, cycleMessage(summary));
  return summary;
}

/** `7 carts: 1 created, 1 modified, 3 published (115 ms)`: the counts that are not 0 (every count is also a field of the line). */
export function cycleMessage(summary: CycleSummary): string {
  const counts = ([
    [summary.created, 'created'],
    [summary.modified, 'modified'],
    [summary.deleted, 'deleted'],
    [summary.published, 'published'],
    [summary.dead_lettered, 'dead-lettered'],
    [summary.quarantined, 'quarantined'],
    [summary.withheld_deletes, 'deletes withheld'],
  ] as const)
    .filter(([count]) => count > 0)
    .map(([count, what]) => `${count} ${what}`);
  return `${summary.fetched} carts: ${counts.length > 0 ? counts.join(', ') : 'no change'} (${summary.cycle_ms} ms)`;
}
