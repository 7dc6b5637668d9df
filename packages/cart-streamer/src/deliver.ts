import type { Logger } from '@fakestore/shared-core';
import type { DeadLetter } from './core/dead-letter.js';
import { type EventMessage, createBatchIdBuilder, eventMessage } from './core/events.js';
import type { Manifest } from './core/manifest.js';
import type { ChangePlan } from './core/plan.js';
import { createDeadLetterWriter } from './io/dead-letter-store.js';
import { deriveChanges } from './io/derive.js';
import { type CommittedState, commitState, outboxRef, stateRef } from './io/state-store.js';
import type { FileStorage } from './io/storage.js';
import { raiseVersionMark } from './io/version-mark.js';
import type { DeliveryResult, EventSink, PublishResult, SinkBatch } from './types.js';

export { outboxRef, stateRef };

export interface DeliverDeps {
  sink: EventSink;
  storage: FileStorage;
  eventsDir: string;
  stateFile: string;
  outboxFile: string;
  versionMarkFile: string;
  logger: Logger;
  now: () => Date;
  /** Longest wait for one window of messages to be confirmed; past it the rest of the batch is dead-lettered. */
  publishTimeoutMs: number;
  /** Aborts at the stop deadline (a first SIGINT/SIGTERM plus one publish timeout). */
  stop: AbortSignal;
  /** Runs after publishing and dead-lettering, before the state is committed (the crash test's hook). */
  beforeCommit?: () => void;
  /** Called as events go out (progress on a terminal). */
  onPublished?: (count: number) => void;
}

/** The cycle was stopped (first signal, deadline passed) before its batch was written: the outbox stays for the next start. */
export class CycleStopped extends Error {
  override readonly name = 'CycleStopped';
}

/**
 * Publishes the events of a written outbox (the plan, built by the cycle that detected them or
 * rebuilt after a crash), dead-letters what could not be published, then commits. The version
 * mark is raised first, so no published version is ever above it. If the sink cannot publish at all
 * this rejects and leaves state and outbox as they were: the next cycle (or start) finishes the
 * outbox with the very same events.
 */
export async function publishAndCommit(deps: DeliverDeps, committed: CommittedState, pending: Manifest, plan: ChangePlan): Promise<DeliveryResult> {
  await raiseVersionMark(deps.storage, deps.versionMarkFile, pending.max_version);
  const detectedAt = pending.detected_at ?? deps.now().toISOString();
  let publisher: BatchPublisher | undefined;
  try {
    if (plan.count > 0) {
      publisher = createBatchPublisher(deps, detectedAt);
      await publisher.publishPlan(plan, detectedAt);
    }
    const outcome = publisher ? await publisher.finish() : { published: 0, deadLettered: 0, batchId: null };
    deps.beforeCommit?.();
    await commitState(deps, committed, pending, outcome.batchId);
    const { batchId: _batchId, ...rest } = outcome;
    return { ...rest, ...plan.counts() };
  } catch (error) {
    await publisher?.abort();
    throw error;
  }
}

/**
 * A pending outbox of format 2 (a crash of the version before segments): its events are derived
 * from the committed state file and the outbox, line by line, published, and the outbox moved over
 * the state file; the next step migrates that state.
 */
export async function finishFormat2Outbox(deps: DeliverDeps, maxVersion: number): Promise<DeliveryResult> {
  await raiseVersionMark(deps.storage, deps.versionMarkFile, maxVersion);
  const counts = { created: 0, modified: 0, deleted: 0 };
  let publisher: BatchPublisher | undefined;
  try {
    await deriveChanges(stateRef(deps), outboxRef(deps), async (changes, detectedAt) => {
      publisher ??= createBatchPublisher(deps, detectedAt);
      for (const change of changes) counts[change.type === 'cart_created' ? 'created' : change.type === 'cart_modified' ? 'modified' : 'deleted']++;
      await publisher.publish(changes.map((change) => eventMessage(change, detectedAt)));
    });
    const outcome = publisher ? await publisher.finish() : { published: 0, deadLettered: 0 };
    deps.beforeCommit?.();
    await deps.storage.move(deps.outboxFile, deps.stateFile);
    const { batchId: _batchId, ...rest } = outcome as typeof outcome & { batchId?: string };
    return { ...rest, ...counts };
  } catch (error) {
    await publisher?.abort();
    throw error;
  }
}

/** Events per window of a plan (as `ChangePlan.windows` makes them). */
const PLAN_WINDOW = 1000;

export interface BatchPublisher {
  publish(messages: readonly EventMessage[]): Promise<void>;
  /** Every event of a plan, a window at a time: the same as `publish` of each of `plan.windows(detectedAt)`. */
  publishPlan(plan: ChangePlan, detectedAt: string): Promise<void>;
  finish(): Promise<{ published: number; deadLettered: number; deadLetterFile?: string; batchId: string }>;
  abort(): Promise<void>;
}

/**
 * Sends one batch window by window. A window not confirmed within the publish timeout, or cut by
 * the stop deadline, gives up on the batch: its unconfirmed messages and every later one are
 * dead-lettered without being sent, so a stuck Pub/Sub costs one timeout, not minutes. The local
 * log has no dead letters: a stop there drops the batch's file and leaves the outbox pending.
 */
export function createBatchPublisher(deps: DeliverDeps, createdAt: string, fixedBatchId?: string): BatchPublisher {
  const batch: SinkBatch = deps.sink.begin(createdAt);
  const ids = createBatchIdBuilder();
  const deadLetters = createDeadLetterWriter(deps.storage, deps.eventsDir, createdAt);
  let gaveUp: string | undefined;
  let sent = 0;
  let published = 0;
  let firstError: string | undefined;
  const failedKeys = new Set<string>();

  return {
    async publish(messages) {
      for (const message of messages) ids.add(message);
      if (!deps.sink.deadLetters && deps.stop.aborted) {
        throw new CycleStopped('stopped before the batch was written; the next start writes it (the outbox is kept)');
      }
      let results: PublishResult[] | undefined;
      if (gaveUp === undefined) {
        const timeout = AbortSignal.timeout(deps.publishTimeoutMs);
        const signal = AbortSignal.any([timeout, deps.stop]);
        results = await batch.send(messages, signal);
        if (signal.aborted && deps.sink.deadLetters) {
          gaveUp = timeout.aborted
            ? `not published within --publish-timeout-ms (${deps.publishTimeoutMs} ms)`
            : 'not published: the streamer was stopped';
        }
      }
      const failedAt = deps.now().toISOString();
      const letters: DeadLetter[] = [];
      messages.forEach((message, index) => {
        const result = results?.[index] ?? { status: 'failed' as const, error: gaveUp ?? 'the sink returned no result for this message' };
        if (result.status === 'published') published++;
        else {
          firstError ??= result.error;
          failedKeys.add(message.orderingKey);
          letters.push({ ...message, error: result.error, failed_at: failedAt });
        }
      });
      if (letters.length > 0 && !deps.sink.deadLetters) throw new Error(letters[0]!.error);
      await deadLetters.add(letters);
      sent += messages.length;
      deps.onPublished?.(sent);
    },
    async publishPlan(plan, detectedAt) {
      const sendPlan = batch.sendPlan?.bind(batch);
      if (sendPlan === undefined || deps.sink.deadLetters) {
        for (const window of plan.windows(detectedAt)) await this.publish(window);
        return;
      }
      // A sink that fails whole batches, never single messages (the local log): the rows are written
      // from the plan's columns, with no message per event (a cold start has a million of them).
      for (let at = 0; at < plan.count; at += PLAN_WINDOW) {
        if (deps.stop.aborted) throw new CycleStopped('stopped before the batch was written; the next start writes it (the outbox is kept)');
        const end = Math.min(plan.count, at + PLAN_WINDOW);
        const eventIds = await sendPlan(plan, at, end, detectedAt, deps.stop);
        for (const id of eventIds) ids.addId(id);
        published += eventIds.length;
        sent += eventIds.length;
        deps.onPublished?.(sent);
      }
    },
    async finish() {
      const batchId = fixedBatchId ?? ids.digest();
      await batch.finish(batchId);
      const path = await deadLetters.finish(batchId);
      if (path) {
        const keys = [...failedKeys];
        deps.logger.error(
          { batch_id: batchId, dead_lettered: deadLetters.count, ordering_keys: keys.slice(0, 20), file: path, error: firstError },
          `${deadLetters.count} of ${sent} events could not be published and went to ${path}; run 'cart-streamer replay-dlq' once the cause is fixed`,
        );
      }
      return { published, deadLettered: deadLetters.count, batchId, ...(path ? { deadLetterFile: path } : {}) };
    },
    async abort() {
      await batch.abort();
      await deadLetters.abort();
    },
  };
}
