import type { Logger } from '@fakestore/shared-core';
import type { DeadLetter } from './core/dead-letter.js';
import type { Outbox } from './core/outbox.js';
import { removeOutbox } from './io/outbox-store.js';
import { writeDeadLetters } from './io/dead-letter-store.js';
import { writeState } from './io/state-store.js';
import type { DeliveryResult, EventSink } from './types.js';

export interface DeliverDeps {
  sink: EventSink;
  eventsDir: string;
  stateFile: string;
  outboxFile: string;
  logger: Logger;
  now: () => Date;
  /** Runs after publishing and dead-lettering, before the state is committed (the crash test's hook). */
  beforeCommit?: () => void;
}

/**
 * Publishes an outbox, dead-letters what failed, then commits its state and drops it: the state
 * moves on only once every event is published or dead-lettered. If the sink cannot publish at
 * all this rejects and leaves state and outbox as they were, so the next cycle (or run) retries.
 */
export async function deliverOutbox(outbox: Outbox, deps: DeliverDeps): Promise<DeliveryResult> {
  const batch = { id: outbox.batch_id, createdAt: outbox.created_at, messages: outbox.messages };
  const results = await deps.sink.publish(batch);
  const failedAt = deps.now().toISOString();
  const letters: DeadLetter[] = [];
  outbox.messages.forEach((message, index) => {
    const result = results[index] ?? { status: 'failed', error: 'the sink returned no result for this message' };
    if (result.status === 'failed') letters.push({ ...message, error: result.error, failed_at: failedAt });
  });
  if (letters.length > 0) {
    const path = await writeDeadLetters(deps.eventsDir, batch, letters);
    const keys = [...new Set(letters.map((letter) => letter.orderingKey))];
    deps.logger.error(
      { batch_id: batch.id, dead_lettered: letters.length, ordering_keys: keys, file: path, error: letters[0]?.error },
      `${letters.length} of ${outbox.messages.length} events could not be published and went to ${path}; run 'cart-streamer replay-dlq' once the cause is fixed`,
    );
  }
  deps.beforeCommit?.();
  await writeState(deps.stateFile, { ...outbox.next_state, committed_at: deps.now().toISOString(), last_batch_id: outbox.batch_id });
  await removeOutbox(deps.outboxFile);
  return { published: outbox.messages.length - letters.length, deadLettered: letters.length };
}
