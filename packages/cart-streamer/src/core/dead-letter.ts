import { z } from 'zod';
import { type EventMessage } from './events.js';
import { eventMessageSchema } from './outbox-message.js';

/** One line of a dead-letter file: the message as it would have been published, and why it was not. */
export interface DeadLetter extends EventMessage {
  error: string;
  failed_at: string;
}

export const deadLetterSchema = eventMessageSchema.extend({
  error: z.string(),
  failed_at: z.iso.datetime(),
});

const versionSchema = z.object({ version: z.number() });

/** The per-cart version of the event a message carries, if its data says. */
export function versionOf(message: EventMessage): number | undefined {
  try {
    const parsed = versionSchema.safeParse(JSON.parse(message.data));
    return parsed.success ? parsed.data.version : undefined;
  } catch {
    return undefined;
  }
}

/** The order to replay dead letters in: by ordering key, then version, then when they failed. */
export function replayOrder<T extends DeadLetter>(letters: readonly T[]): T[] {
  const keyed = letters.map((letter) => ({ letter, version: versionOf(letter) ?? Number.MAX_SAFE_INTEGER }));
  keyed.sort((a, b) =>
    compare(a.letter.orderingKey, b.letter.orderingKey) || a.version - b.version || compare(a.letter.failed_at, b.letter.failed_at));
  return keyed.map(({ letter }) => letter);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
