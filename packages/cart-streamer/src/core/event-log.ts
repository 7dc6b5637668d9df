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
  let hex = id !== undefined && id.length === 36 && id[23] === '-' ? id.slice(24) : '';
  // 48 bits as two 24-bit halves (small integers print fast), the low one padded: one id per value.
  let high = Number.parseInt(hex.slice(0, 6), 16);
  let low = Number.parseInt(hex.slice(6, 12), 16);
  if (!/^[0-9a-f]{12}$/.test(hex)) {
    hex = hash('sha256', id ?? message.data, 'hex');
    high = Number.parseInt(hex.slice(0, 6), 16);
    low = Number.parseInt(hex.slice(6, 12), 16);
  }
  return high === 0 ? String(low) : `${high}${String(low).padStart(8, '0')}`;
}
