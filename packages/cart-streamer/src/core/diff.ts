import { type CartLike, type CartSnapshot, snapshotHash, toSnapshot } from './snapshot.js';
import { type CartEntry, liveCarts, type StreamerState } from './state.js';

export type ChangeType = 'cart_created' | 'cart_modified' | 'cart_deleted';

export interface CartChange {
  type: ChangeType;
  cartId: number;
  /** Per-cart, increasing by one with every change, deletions and re-creations included. */
  version: number;
  before: CartSnapshot | null;
  after: CartSnapshot | null;
}

export interface DiffOptions {
  /** Deletes are withheld when more than this share of the known carts vanished at once. */
  massDeleteThreshold: number;
  allowMassDelete: boolean;
  /**
   * Carts that were in the fetch but failed validation (quarantined): they are neither changed
   * nor deleted, their state entry stays as it is.
   */
  presentIds?: readonly number[];
  /** Withhold every delete: the fetch held a record whose id could not be read, so no vanished cart is certain. */
  holdDeletes?: boolean;
}

export interface DiffResult {
  changes: CartChange[];
  /** The state to commit once every change is published or dead-lettered. */
  nextState: Omit<StreamerState, 'committed_at'>;
  /** Cart ids that vanished but were not deleted because of the mass-delete guard. */
  withheldDeletes: number[];
}

/**
 * Compares the carts just fetched with the committed state. Pure: the same inputs always
 * give the same changes, versions and next state, which is what makes event ids stable
 * across retries and restarts.
 */
export function diffCarts(state: StreamerState, fetched: readonly CartLike[], options: DiffOptions): DiffResult {
  const seen = new Set<number>();
  const carts: Record<string, CartEntry> = { ...state.carts };
  const changes: CartChange[] = [];

  for (const after of fetched.map(toSnapshot).sort((a, b) => a.id - b.id)) {
    if (seen.has(after.id)) throw new Error(`cart ${after.id} appears twice in one fetch`);
    seen.add(after.id);
    const entry = state.carts[after.id];
    const hash = snapshotHash(after);
    if (!entry?.snapshot) {
      const version = (entry?.version ?? 0) + 1;
      changes.push({ type: 'cart_created', cartId: after.id, version, before: null, after });
      carts[after.id] = { version, hash, snapshot: after };
    } else if (entry.hash !== hash) {
      const version = entry.version + 1;
      changes.push({ type: 'cart_modified', cartId: after.id, version, before: entry.snapshot, after });
      carts[after.id] = { version, hash, snapshot: after };
    }
  }

  const present = new Set(options.presentIds ?? []);
  const live = liveCarts(state);
  const vanished = [...live.keys()].filter((id) => !seen.has(id) && !present.has(id)).sort((a, b) => a - b);
  const massDelete = live.size > 0 && vanished.length / live.size > options.massDeleteThreshold;
  // An empty fetch is never believed, --allow-mass-delete or not: an API that lost its data looks just like it.
  const emptyFetch = seen.size === 0 && present.size === 0;
  const hold = options.holdDeletes === true || emptyFetch || (massDelete && !options.allowMassDelete);
  const withheldDeletes = hold ? vanished : [];

  if (withheldDeletes.length === 0) {
    for (const id of vanished) {
      const entry = state.carts[id]!;
      const version = entry.version + 1;
      changes.push({ type: 'cart_deleted', cartId: id, version, before: entry.snapshot, after: null });
      carts[id] = { version, hash: null, snapshot: null };
    }
  }

  return { changes, nextState: { state_version: 1, carts }, withheldDeletes };
}
