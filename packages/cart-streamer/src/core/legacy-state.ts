import { z } from 'zod';
import { eventMessageSchema } from './outbox-message.js';

/**
 * The state and outbox of format 1 (one JSON document each, every cart's snapshot inside), as
 * versions before the streamed state wrote them. Read only to migrate them (state-file.ts).
 */
const lineSchema = z.object({ productId: z.number().int(), quantity: z.number().int() });
const snapshotSchema = z.object({ id: z.number().int(), userId: z.number().int(), date: z.string(), products: z.array(lineSchema) });

export const legacyStateSchema = z.object({
  state_version: z.literal(1),
  committed_at: z.string().nullable(),
  last_batch_id: z.string().optional(),
  carts: z.record(
    z.string().regex(/^\d+$/),
    z.object({ version: z.number().int().positive(), hash: z.string().nullable(), snapshot: snapshotSchema.nullable() }),
  ),
});

export type LegacyState = z.output<typeof legacyStateSchema>;

export const legacyOutboxSchema = z.object({
  outbox_version: z.literal(1),
  batch_id: z.string().min(1),
  created_at: z.iso.datetime(),
  messages: z.array(eventMessageSchema),
  next_state: legacyStateSchema,
});

export type LegacyOutbox = z.output<typeof legacyOutboxSchema>;
