import { z } from 'zod';

/**
 * Versions never go backwards for a cart, not even after --reset-state or a lost state file
 * (contract). The mechanism: a version mark next to the state file, `{"max_version": N}`, raised to
 * the highest version of a cycle's outbox before any of its events is published, and left in
 * place by --reset-state. A state started from nothing gives every cart the version floor
 * `max_version + 1`, above anything ever emitted; without a mark either (the whole state folder
 * lost), the highest version in the local event log and dead letters stands in for it.
 */
export const versionMarkSchema = z.strictObject({
  max_version: z.number().int().nonnegative(),
});

export type VersionMark = z.output<typeof versionMarkSchema>;

/** The version floor of a state started from nothing: 1, or one above every version known to be used. */
export function coldStartFloor(...known: (number | null)[]): number {
  return Math.max(0, ...known.map((v) => v ?? 0)) + 1;
}

/** The highest `version` in a text of event-log or dead-letter lines (the data is an escaped JSON string there). */
export function maxVersionIn(text: string): number {
  let max = 0;
  for (const match of text.matchAll(/\\"version\\":(\d+)/g)) max = Math.max(max, Number(match[1]));
  return max;
}
