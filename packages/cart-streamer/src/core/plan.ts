import { v5 as uuidv5 } from 'uuid';
import { type CartChange, type DiffOptions, diffCarts } from './diff.js';
import { type EventMessage, toCloudEvent, toEventMessage } from './events.js';
import type { CartLike } from './snapshot.js';
import type { StreamerState } from './state.js';

/** Namespace of the deterministic batch ids. Never change it: file names of re-emitted batches would change. */
const BATCH_ID_NAMESPACE = '0b6f3c1e-7d7a-4e39-8f5e-2a9d4c7b1e05';

export interface CyclePlanInput {
  state: StreamerState;
  /** The carts that passed validation. */
  valid: readonly CartLike[];
  /** The records that did not (they are quarantined, never treated as deleted). */
  rejected: readonly unknown[];
  /** When the changes were seen: the `time` and `detected_at` of every event. */
  detectedAt: string;
  options: Pick<DiffOptions, 'massDeleteThreshold' | 'allowMassDelete'>;
}

export interface CyclePlan {
  changes: CartChange[];
  /** One message per change, in change order. */
  messages: EventMessage[];
  /** Derived from the event ids: re-planning the same changes gives the same batch id. `null` when nothing changed. */
  batchId: string | null;
  nextState: Omit<StreamerState, 'committed_at'>;
  withheldDeletes: number[];
  /** Rejected records whose id could not be read (every delete is withheld then). */
  unidentified: number;
}

/** What one cycle will publish and commit, from the state and the fetch. Pure. */
export function planCycle(input: CyclePlanInput): CyclePlan {
  const ids = input.rejected.map(rejectedCartId);
  const presentIds = ids.filter((id): id is number => id !== undefined);
  const unidentified = ids.length - presentIds.length;
  const diff = diffCarts(input.state, input.valid, { ...input.options, presentIds, holdDeletes: unidentified > 0 });
  const messages = diff.changes.map((change) => toEventMessage(toCloudEvent(change, input.detectedAt)));
  return {
    changes: diff.changes,
    messages,
    batchId: messages.length === 0 ? null : batchIdOf(messages),
    nextState: diff.nextState,
    withheldDeletes: diff.withheldDeletes,
    unidentified,
  };
}

/** The id of a batch of messages: a UUIDv5 of their event ids, in order. */
export function batchIdOf(messages: readonly EventMessage[]): string {
  return uuidv5(messages.map((m) => m.attributes['ce-id'] ?? '').join('\n'), BATCH_ID_NAMESPACE);
}

/** The cart id of a record that failed validation, when it can still be read (`5` or `"5"`). */
export function rejectedCartId(record: unknown): number | undefined {
  if (record === null || typeof record !== 'object' || !('id' in record)) return undefined;
  const id: unknown = record.id;
  const number = typeof id === 'string' && /^\d+$/.test(id) ? Number(id) : id;
  return typeof number === 'number' && Number.isSafeInteger(number) && number > 0 ? number : undefined;
}
