import { ExitCode, type Logger, UsageError } from '@fakestore/shared-core';
import { CommitLost } from './commit-lost.js';
import { CycleStopped } from './deliver.js';
import { type Shutdown, StopDeadline } from './signals.js';
import type { CycleSummary } from './types.js';

export interface LoopOptions {
  cycle: () => Promise<CycleSummary>;
  /** Start to start. */
  intervalMs: number;
  once: boolean;
  shutdown: Shutdown;
  logger: Logger;
  /** Told when a run ends with dead letters (exit 3), e.g. to print one line on stderr. */
  onDegraded?: (summary: CycleSummary) => void;
}

/**
 * `--once`: one cycle; 0, or 3 when events were dead-lettered; a failure rejects (exit 1 or 2).
 * Otherwise: a cycle every interval until SIGINT/SIGTERM, then 0 (3 when the cycle the signal cut
 * short dead-lettered events). A failed cycle is logged and the loop goes on; an invalid state file
 * (exit 2) stops it, since waiting will not fix it. A cycle cut by the stop deadline before it
 * wrote anything ends the run with 0: nothing was emitted, and a pending outbox waits for the next start.
 */
export async function runLoop(options: LoopOptions): Promise<number> {
  const { logger, shutdown } = options;
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
  let last: CycleSummary | undefined;
  while (!shutdown.requested) {
    const started = performance.now();
    last = undefined;
    try {
      last = await runLogged(options);
    } catch (error) {
      if (isStop(error)) return stopped(logger, error);
      // A bad state file, or a commit another streamer won: waiting will not fix either.
      if (error instanceof UsageError || error instanceof CommitLost) throw error;
      const message = error instanceof Error ? error.message : String(error);
      logger.error({ error: message }, `cycle failed, nothing was emitted or committed: ${message}`);
    }
    await shutdown.sleep(Math.max(0, options.intervalMs - (performance.now() - started)));
  }
  logger.info('stopped');
  return last ? degraded(last) : ExitCode.ok;
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
