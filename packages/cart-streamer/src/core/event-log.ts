import { hash } from 'node:crypto';
import type { EventMessage } from './events.js';

/** `subscription_name` of rows written by the local event log (no subscription wrote them). */
export const LOCAL_SUBSCRIPTION_NAME = 'local-event-log';

/**
 * One row of the event log: the shape a Pub/Sub BigQuery subscription writes with
 * `write_metadata = true` (contract), so bronze reads the local log and the cloud table alike.
 */
export interface EventLogRow {
  subscription_name: string;
  message_id: string;
  /** ISO-8601 UTC. */
  publish_time: string;
  attributes: Record<string, string>;
  /** The event data as JSON text. */
  data: string;
}

export function toEventLogRow(message: EventMessage, meta: { subscriptionName: string; messageId: string; publishTime: string }): EventLogRow {
  return {
    subscription_name: meta.subscriptionName,
    message_id: meta.messageId,
    publish_time: meta.publishTime,
    attributes: message.attributes,
    data: message.data,
  };
}

/**
 * A Pub/Sub-like (decimal) message id for the local log, derived from the event id so a
 * re-emitted event keeps its message id. Real Pub/Sub gives a new id to every publish. A UUID event
 * id (a hash already) gives its last 48 bits; any other id is hashed.
 */
export function localMessageId(message: EventMessage): string {
  const id = message.attributes['ce-id'];
  if (id !== undefined && UUID.test(id)) return String(Number.parseInt(id.slice(24), 16));
  // 13 hex digits are 52 bits: exact in a double, so no BigInt is needed.
  return String(Number.parseInt(hash('sha256', id ?? message.data, 'hex').slice(0, 13), 16));
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
