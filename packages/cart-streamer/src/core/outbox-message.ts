import { z } from 'zod';

/** A Pub/Sub message as dead-letter files (and format-1 outboxes) keep it. */
export const eventMessageSchema = z.object({
  orderingKey: z.string().min(1),
  attributes: z.record(z.string(), z.string()),
  data: z.string(),
});
