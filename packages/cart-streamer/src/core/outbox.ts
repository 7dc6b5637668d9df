import { z } from 'zod';
import type { EventMessage } from './events.js';
import { type StreamerState, stateSchema } from './state.js';

/**
 * The transactional outbox: a cycle's messages and the state to commit once they are all
 * published or dead-lettered, written (atomically) before anything is published. A restart
 * finds it and finishes the cycle with the very same bytes.
 */
export interface Outbox {
  outbox_version: 1;
  batch_id: string;
  /** When the cycle detected the changes; names the event-log and dead-letter files. */
  created_at: string;
  messages: EventMessage[];
  next_state: StreamerState;
}

export const eventMessageSchema = z.object({
  orderingKey: z.string().min(1),
  attributes: z.record(z.string(), z.string()),
  data: z.string(),
});

export const outboxSchema = z.object({
  outbox_version: z.literal(1),
  batch_id: z.string().min(1),
  created_at: z.iso.datetime(),
  messages: z.array(eventMessageSchema),
  next_state: stateSchema,
});
