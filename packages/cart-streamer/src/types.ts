import type { EventMessage } from './core/events.js';

// ----- Sinks -----

/** The messages of one cycle (or one replay), published together. */
export interface PublishBatch {
  /** Deterministic: the same planned messages give the same id (see `batchIdOf`). */
  id: string;
  /** When the changes were detected (ISO-8601 UTC). */
  createdAt: string;
  messages: readonly EventMessage[];
}

export type PublishResult = { status: 'published'; messageId: string } | { status: 'failed'; error: string };

/**
 * Where events go. `publish` resolves with one result per message, in order, and only rejects
 * when it could not even try (then nothing is known to be published). Per ordering key, a sink
 * sends nothing after a failed message of that key.
 */
export interface EventSink {
  /** For logs, e.g. `local event log ./events` or `Pub/Sub projects/p/topics/carts-events`. */
  readonly description: string;
  publish(batch: PublishBatch): Promise<PublishResult[]>;
  close(): Promise<void>;
}

// ----- Cycle -----

/** The counts of the summary line logged after every cycle. */
export interface CycleSummary {
  fetched: number;
  created: number;
  modified: number;
  deleted: number;
  published: number;
  dead_lettered: number;
  quarantined: number;
  withheld_deletes: number;
  cycle_ms: number;
}

/** What delivering an outbox did. */
export interface DeliveryResult {
  published: number;
  deadLettered: number;
}
