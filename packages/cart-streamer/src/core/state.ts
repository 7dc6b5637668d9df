import { z } from 'zod';
import type { CartSnapshot } from './snapshot.js';

/**
 * What the streamer remembers between cycles. Deleted carts stay as tombstones
 * (`snapshot: null`) so their version keeps counting: a cart deleted and created again
 * gets a new event id, never the id of its first creation.
 */
export interface CartEntry {
  version: number;
  hash: string | null;
  snapshot: CartSnapshot | null;
}

export interface StreamerState {
  state_version: 1;
  /** When this state was committed (the end of the cycle that produced it). */
  committed_at: string | null;
  /** The outbox batch this state was committed for; lets a restart tell a finished outbox from a pending one. */
  last_batch_id?: string;
  carts: Record<string, CartEntry>;
}

const lineSchema = z.object({ productId: z.number().int(), quantity: z.number().int() });
const snapshotSchema = z.object({ id: z.number().int(), userId: z.number().int(), date: z.string(), products: z.array(lineSchema) });

export const stateSchema = z.object({
  state_version: z.literal(1),
  committed_at: z.string().nullable(),
  last_batch_id: z.string().optional(),
  carts: z.record(
    z.string().regex(/^\d+$/),
    z.object({ version: z.number().int().positive(), hash: z.string().nullable(), snapshot: snapshotSchema.nullable() }),
  ),
});

export const emptyState = (): StreamerState => ({ state_version: 1, committed_at: null, carts: {} });

/** The carts that exist in a state, by id. */
export function liveCarts(state: StreamerState): Map<number, CartSnapshot> {
  const live = new Map<number, CartSnapshot>();
  for (const entry of Object.values(state.carts)) {
    if (entry.snapshot) live.set(entry.snapshot.id, entry.snapshot);
  }
  return live;
}
