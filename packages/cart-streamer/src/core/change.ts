export type ChangeType = 'cart_created' | 'cart_modified' | 'cart_deleted';

/** What one state entry is, for deciding the type and version of a change. */
export interface EntryVersion {
  version: number;
  /** The cart exists (not a tombstone). */
  live: boolean;
}

/**
 * The change a cart that is (still, again or newly) in the fetch makes: `created` when the state
 * has no live entry, `modified` otherwise; the version is one above the entry's, or the state's
 * version floor for a cart the state has never seen (1, unless the state was reset or lost: see
 * versions.ts).
 */
export function changeOfFetched(entry: EntryVersion | undefined, versionFloor: number): { type: ChangeType; version: number } {
  if (!entry) return { type: 'cart_created', version: versionFloor };
  return { type: entry.live ? 'cart_modified' : 'cart_created', version: entry.version + 1 };
}

/** The type of the change between two state entries of one cart (before and after a cycle). */
export function changeBetween(before: EntryVersion | undefined, after: EntryVersion): ChangeType {
  if (!after.live) return 'cart_deleted';
  return before?.live ? 'cart_modified' : 'cart_created';
}

export interface DeleteDecisionInput {
  /** Live carts in the state before the cycle. */
  live: number;
  /** Live carts missing from the fetch (and not quarantined). */
  vanished: number;
  /** Records in the fetch, valid or not. */
  fetched: number;
  /** Rejected records whose id could not be read. */
  unidentified: number;
  massDeleteThreshold: number;
  allowMassDelete: boolean;
}

export type DeleteDecision = { emit: true } | { emit: false; reason: 'unidentified' | 'empty-fetch' | 'mass-delete' };

/**
 * Whether the vanished carts are deleted. Never on an empty fetch, --allow-mass-delete or not (an
 * API that lost its data looks just like it); never when an invalid record had no readable id (it
 * may be one of them); not when more than the threshold vanished at once, unless allowed.
 */
export function decideDeletes(input: DeleteDecisionInput): DeleteDecision {
  if (input.vanished === 0) return { emit: true };
  if (input.unidentified > 0) return { emit: false, reason: 'unidentified' };
  if (input.fetched === 0) return { emit: false, reason: 'empty-fetch' };
  const massDelete = input.live > 0 && input.vanished / input.live > input.massDeleteThreshold;
  if (massDelete && !input.allowMassDelete) return { emit: false, reason: 'mass-delete' };
  return { emit: true };
}
