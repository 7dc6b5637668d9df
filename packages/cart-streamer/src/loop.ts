import { ExitCode, type Logger, UsageError } from '@fakestore/shared-core';
import type { Shutdown } from './signals.js';
import type { CycleSummary } from './types.js';

export interface LoopOptions {
  cycle: () => Promise<CycleSummary>;
  /** Start to start. */
  intervalMs: number;
  once: boolean;
  shutdown: Shutdown;
  logger: Logger;
}

/**
 * `--once`: one cycle; 0, or 3 when events were dead-lettered; a failure rejects (exit 1 or 2).
 * Otherwise: a cycle every interval until SIGINT/SIGTERM, then 0. A failed cycle is logged and
 * the loop goes on; an invalid state file (exit 2) stops it, since waiting will not fix it.
 */
export async function runLoop(options: LoopOptions): Promise<number> {
  const { logger, shutdown } = options;
  if (options.once) {
    const summary = await runLogged(options);
    return summary.dead_lettered > 0 ? ExitCode.degraded : ExitCode.ok;
  }
  while (!shutdown.requested) {
    const started = performance.now();
    try {
      await runLogged(options);
    } catch (error) {
      if (error instanceof UsageError) throw error;
      const message = error instanceof Error ? error.message : String(error);
      logger.error({ error: message }, `cycle failed, nothing was emitted or committed: ${message}`);
    }
    await shutdown.sleep(Math.max(0, options.intervalMs - (performance.now() - started)));
  }
  logger.info('stopped');
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
