import { CloudConfigError, type Logger, type PartitionKey } from '@fakestore/shared-core';
import { markFailed } from './core/journal.js';
import { PartitionError, type PushContext, pushPartition } from './push.js';
import type { PushPendingReport } from './types.js';

export interface PushPendingOptions extends PushContext {
  logger: Logger;
  now?: () => Date;
  /**
   * Stop at the first partition GCP refuses, leaving the rest for later (a run's warm-up should
   * not spend the GCP timeout once per pending partition). Default false: try them all.
   */
  stopAtFirstFailure?: boolean;
}

/**
 * Pushes every partition of the journal, oldest first, skipping stages already done. Only what
 * succeeded leaves the journal; a failure is counted and its reason kept for the next try. A
 * `CloudConfigError` (a missing role, a disabled API, rejected credentials) stops it: it rejects.
 */
export async function pushPending(options: PushPendingOptions): Promise<PushPendingReport> {
  const { journal, logger } = options;
  const now = options.now ?? (() => new Date());
  const report: PushPendingReport = { pushed: [], pending: [], broken: [] };
  const { entries } = await journal.read();
  for (const [position, entry] of entries.entries()) {
    if (options.stopAtFirstFailure && report.pending.length > 0) {
      const skipped = entries.slice(position).map((rest) => ({ prefix: rest.prefix, error: 'not tried: an earlier push failed' }));
      report.pending.push(...skipped);
      break;
    }
    const key: PartitionKey = { entity: entry.entity, date: entry.date, runId: entry.run_id };
    try {
      const result = await pushPartition(key, entry.stages_done, options);
      report.pushed.push(entry.prefix);
      logger.info(
        { partition: entry.prefix, destinations: result.destinations, job_id: result.load?.jobId, reused_job: result.load?.reused },
        `pushed pending partition ${entry.prefix}`,
      );
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await journal.update((current) => markFailed(current, key, message, now()));
      // A refused configuration fails every partition alike: stop, exit 2 (the journal keeps them all).
      if (error instanceof CloudConfigError) throw error;
      if (error instanceof PartitionError) {
        report.broken.push({ prefix: entry.prefix, error: message });
        logger.error({ partition: entry.prefix }, message);
      } else {
        report.pending.push({ prefix: entry.prefix, error: message });
        logger.warn({ partition: entry.prefix }, `still pending: ${message}`);
      }
    }
  }
  return report;
}
