import { type EventMessage, createBatchIdBuilder } from '../core/events.js';
import { eventLogFile } from '../core/paths.js';
import { type FileStorage, createLocalStorage } from '../io/storage.js';
import { createLocalEventLogSink } from './local-event-log.js';

export interface EventLogBatchOptions {
  eventsDir: string;
  /** ISO-8601 UTC: when the batch was made (its file's folder and name). */
  createdAt: string;
  /** ISO-8601 UTC: the `publish_time` of its rows. */
  publishTime: string;
  /** Default: local files. */
  storage?: FileStorage;
  /** Messages handed to the sink at a time (default 10,000). */
  chunk?: number;
}

/**
 * One batch of events written to the local event log exactly as a streamer cycle writes it (the
 * local event-log sink: rows as the subscription writes them, the file named after the batch id),
 * for tools that produce events from a scenario: the dbt fixture, bench-dbt's millions of events.
 * The messages are consumed as they come and sent in chunks, so they never sit in memory together.
 * All or nothing: a failure leaves no file.
 */
export async function writeEventLogBatch(options: EventLogBatchOptions, messages: Iterable<EventMessage>): Promise<{ path: string; batchId: string; events: number }> {
  const publishedAt = new Date(options.publishTime);
  const sink = createLocalEventLogSink({ eventsDir: options.eventsDir, storage: options.storage ?? createLocalStorage(), now: () => publishedAt });
  const batch = sink.begin(options.createdAt);
  const ids = createBatchIdBuilder();
  const size = options.chunk ?? 10_000;
  const never = new AbortController().signal;
  let chunk: EventMessage[] = [];
  let events = 0;
  try {
    for (const message of messages) {
      ids.add(message);
      chunk.push(message);
      events++;
      if (chunk.length >= size) {
        await batch.send(chunk, never);
        chunk = [];
      }
    }
    if (chunk.length > 0) await batch.send(chunk, never);
    const batchId = ids.digest();
    await batch.finish(batchId);
    return { path: eventLogFile(options.eventsDir, { id: batchId, createdAt: options.createdAt }), batchId, events };
  } catch (error) {
    await batch.abort();
    throw error;
  } finally {
    await sink.close();
  }
}
