import { type HttpClient, cartSchema, validateRecords } from '@fakestore/shared-core';
import type { DiffOptions } from './core/diff.js';
import type { Outbox } from './core/outbox.js';
import { planCycle } from './core/plan.js';
import { emptyState } from './core/state.js';
import { type DeliverDeps, deliverOutbox } from './deliver.js';
import { fetchCarts } from './io/fetch-carts.js';
import { readOutbox, removeOutbox, writeOutbox } from './io/outbox-store.js';
import { writeQuarantine } from './io/quarantine.js';
import { readState } from './io/state-store.js';
import type { CycleSummary, DeliveryResult } from './types.js';

export interface CycleDeps extends DeliverDeps {
  http: HttpClient;
  diffOptions: Pick<DiffOptions, 'massDeleteThreshold' | 'allowMassDelete'>;
}

/**
 * One poll: finish a pending outbox, fetch, validate (quarantine the rejects), diff, write the
 * outbox, publish, commit. A failed fetch rejects before anything is written.
 */
export async function runCycle(deps: CycleDeps): Promise<CycleSummary & { recovered: number }> {
  const started = performance.now();
  const recovered = await finishPendingOutbox(deps);
  const state = (await readState(deps.stateFile)) ?? emptyState();
  const fetched = await fetchCarts(deps.http);
  const { valid, rejects } = validateRecords(cartSchema, fetched.records);
  const detectedAt = deps.now().toISOString();

  if (rejects.length > 0) {
    const path = await writeQuarantine(deps.eventsDir, detectedAt, fetched.url, rejects);
    deps.logger.warn(
      { quarantined: rejects.length, file: path, reasons: rejects.slice(0, 5).map((r) => r.reason) },
      `${rejects.length} invalid cart(s) quarantined in ${path}; their last known state is kept`,
    );
  }

  const plan = planCycle({ state, valid, rejected: rejects.map((r) => r.record), detectedAt, options: deps.diffOptions });
  if (plan.withheldDeletes.length > 0) {
    const why = plan.unidentified > 0 ? 'an invalid record had no readable id'
      : fetched.records.length === 0 ? 'the API returned no carts at all'
      : `more than ${deps.diffOptions.massDeleteThreshold * 100}% of the known carts vanished at once`;
    deps.logger.warn(
      { withheld_deletes: plan.withheldDeletes.length, cart_ids: plan.withheldDeletes.slice(0, 20) },
      `withholding ${plan.withheldDeletes.length} delete(s): ${why}; pass --allow-mass-delete if this is real`,
    );
  }

  let delivery: DeliveryResult = { published: 0, deadLettered: 0 };
  if (plan.batchId !== null) {
    const outbox: Outbox = { outbox_version: 1, batch_id: plan.batchId, created_at: detectedAt, messages: plan.messages, next_state: { ...plan.nextState, committed_at: null } };
    await writeOutbox(deps.outboxFile, outbox);
    delivery = await deliverOutbox(outbox, deps);
  }

  const count = (type: string) => plan.changes.filter((c) => c.type === type).length;
  return {
    fetched: fetched.records.length,
    created: count('cart_created'),
    modified: count('cart_modified'),
    deleted: count('cart_deleted'),
    published: delivery.published + recovered.published,
    dead_lettered: delivery.deadLettered + recovered.deadLettered,
    quarantined: rejects.length,
    withheld_deletes: plan.withheldDeletes.length,
    recovered: recovered.published + recovered.deadLettered,
    cycle_ms: Math.round(performance.now() - started),
  };
}

/** Finishes the cycle a crash left between writing its outbox and committing its state. */
async function finishPendingOutbox(deps: DeliverDeps): Promise<DeliveryResult> {
  const outbox = await readOutbox(deps.outboxFile);
  if (!outbox) return { published: 0, deadLettered: 0 };
  const state = await readState(deps.stateFile);
  if (state?.last_batch_id === outbox.batch_id) {
    await removeOutbox(deps.outboxFile); // committed already; only the clean-up was missed
    return { published: 0, deadLettered: 0 };
  }
  deps.logger.warn(
    { batch_id: outbox.batch_id, events: outbox.messages.length },
    `finishing a cycle a previous run left unfinished: re-publishing its ${outbox.messages.length} event(s) with the same ids`,
  );
  return deliverOutbox(outbox, deps);
}
