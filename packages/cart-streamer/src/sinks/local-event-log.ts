import { toJsonLines, writeFileAtomic } from '@fakestore/shared-core';
import { LOCAL_SUBSCRIPTION_NAME, localMessageId, toEventLogRow } from '../core/event-log.js';
import { eventLogFile } from '../core/paths.js';
import type { EventSink, PublishBatch, PublishResult } from '../types.js';

export interface LocalEventLogSinkOptions {
  eventsDir: string;
  /** Default: the current time. */
  now?: () => Date;
}

/**
 * The local event log (contract): one JSON-lines file per batch under
 * `{eventsDir}/carts-events/date=YYYY-MM-DD/`, each line the row a Pub/Sub BigQuery subscription
 * writes. The file is written atomically and named after the batch, so a re-emitted batch
 * replaces its file instead of duplicating it. All or nothing: a write error rejects.
 */
export function createLocalEventLogSink(options: LocalEventLogSinkOptions): EventSink {
  const now = options.now ?? (() => new Date());
  return {
    description: `local event log ${options.eventsDir}`,
    async publish(batch: PublishBatch): Promise<PublishResult[]> {
      if (batch.messages.length === 0) return [];
      const publishTime = now().toISOString();
      const rows = batch.messages.map((message) =>
        toEventLogRow(message, { subscriptionName: LOCAL_SUBSCRIPTION_NAME, messageId: localMessageId(message), publishTime }));
      await writeFileAtomic(eventLogFile(options.eventsDir, batch), toJsonLines(rows));
      return rows.map((row) => ({ status: 'published', messageId: row.message_id }));
    },
    close: () => Promise.resolve(),
  };
}
