import type { EventMessage } from './core/events.js';
import type { ChangePlan } from './core/plan.js';

// ----- Sinks -----

export type PublishResult = { status: 'published'; messageId: string } | { status: 'failed'; error: string };

/**
 * Where events go. A batch is published as a stream: `begin`, then `send` the messages in order
 * (one result per message, per ordering key nothing is sent after a failed message of that key),
 * then `finish` with the batch id, which is known only once every event id is.
 */
export interface EventSink {
  /** For logs, e.g. `local event log ./events` or `Pub/Sub projects/p/topics/carts-events`. */
  readonly description: string;
  /** Whether a message that could not be published is dead-lettered (Pub/Sub) or fails the whole batch (the local log). */
  readonly deadLetters: boolean;
  begin(createdAt: string): SinkBatch;
  close(): Promise<void>;
}

export interface SinkBatch {
  /**
   * Publishes the next messages; resolves with one result per message, in order. Once `signal`
   * aborts, what is not confirmed resolves as failed. Rejects only when it could not even try.
   */
  send(messages: readonly EventMessage[], signal: AbortSignal): Promise<PublishResult[]>;
  /**
   * Optional, for a sink that cannot fail a single message (the local log): writes events
   * `[from, to)` of a plan straight from its columns, byte for byte what `send` writes for the
   * messages `plan.windows` builds, with no message objects; resolves with their event ids.
   */
  sendPlan?(plan: ChangePlan, from: number, to: number, detectedAt: string, signal: AbortSignal): Promise<string[]>;
  /** Every message was sent. */
  finish(batchId: string): Promise<void>;
  /** Drops what `finish` would have made (e.g. the local log's file). */
  abort(): Promise<void>;
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
  /** Where the dead letters went, when there are some. */
  deadLetterFile?: string;
  created: number;
  modified: number;
  deleted: number;
}
