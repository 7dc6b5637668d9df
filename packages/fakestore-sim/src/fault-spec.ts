import { z } from 'zod';

export const FAULT_BODIES = ['truncated-json', 'html', 'wrong-types'] as const;
export type FaultBody = (typeof FAULT_BODIES)[number];

/**
 * One queued fault, as posted to /__admin/faults. Strict, so a misspelt field
 * ("latency" for "latencyMs") is a 400 rather than a fault that silently does nothing.
 */
export const faultSpecSchema = z.strictObject({
  count: z.int().min(1),
  path: z.string().startsWith('/').optional(),
  status: z.int().min(200).max(599).optional(),
  latencyMs: z.int().min(0).max(600_000).optional(),
  retryAfter: z.union([z.number().min(0), z.string().min(1)]).optional(),
  body: z.enum(FAULT_BODIES).optional(),
});

export type FaultSpec = z.infer<typeof faultSpecSchema>;

/** A fault in the queue: its spec plus how many more requests it will still affect. */
export interface PendingFault extends FaultSpec {
  remaining: number;
}
