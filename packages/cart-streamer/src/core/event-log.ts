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
 * id (a hash already) gives its last 48 bits, in decimal; any other id is hashed (52 bits). The
 * same values as every earlier version, so a batch re-emitted after an upgrade keeps its ids.
 */
export function localMessageId(message: EventMessage): string {
  return messageIdOf(message.attributes['ce-id'], message.data);
}

/** `localMessageId` of a message with this event id (and this data, hashed when there is no id). */
export function messageIdOf(id: string | undefined, data = ''): string {
  const tail = id !== undefined && id.length === 36 && id.charCodeAt(23) === 0x2d ? hexValue(id, 24, 36) : -1;
  if (tail >= 0) return String(tail);
  // 13 hex digits are 52 bits: exact in a double, so no BigInt is needed.
  return String(hexValue(hash('sha256', id ?? data, 'hex'), 0, 13));
}

/** The number that the lowercase hex digits `text[start, end)` write (at most 13 of them), or -1. */
function hexValue(text: string, start: number, end: number): number {
  let value = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    const digit = c >= 0x30 && c <= 0x39 ? c - 0x30 : c >= 0x61 && c <= 0x66 ? c - 0x57 : -1;
    if (digit < 0) return -1;
    value = value * 16 + digit;
  }
  return value;
}
