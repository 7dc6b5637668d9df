import type { HttpClient } from '@fakestore/shared-core';
import { decideDeletes } from './core/change.js';
import { FetchDiff } from './core/fetch-diff.js';
import type { LegacyOutbox } from './core/legacy-state.js';
import { type DeliverDeps, createBatchPublisher, finishFormat2Outbox, outboxRef, publishAndCommit, stateRef } from './deliver.js';
import { fetchCarts } from './io/fetch-carts.js';
import { migrateLegacyState, migrateToSegments } from './io/migrate.js';
import { rebuildPlan } from './io/pending.js';
import { createQuarantineWriter } from './io/quarantine.js';
import { forEachCartLine, invalidStateFile, openStateFile } from './io/state-file.js';
import { type CommittedState, coldState, collectSegments, openState, peekStateFile, readManifest, writeNextState } from './io/state-store.js';
import { raiseVersionMark } from './io/version-mark.js';
import type { CycleSummary } from './types.js';

export interface CycleDeps extends DeliverDeps {
  http: HttpClient;
  diffOptions: { massDeleteThreshold: number; allowMassDelete: boolean };
  /** Called as records arrive (progress on a terminal). */
  onFetched?: (fetched: number) => void;
}

const noDelivery = { published: 0, deadLettered: 0, created: 0, modified: 0, deleted: 0 };

/**
 * One poll: finish a pending outbox, load the committed state's index, stream the fetch through the
 * diff (quarantining the rejects as they come), then, when something changed, write the next state
 * (a segment and the outbox naming it) with the cycle's events built from memory, publish them and
 * commit. A failed fetch rejects before anything is written; a cycle with no change writes nothing.
 */
export async function runCycle(deps: CycleDeps): Promise<CycleSummary & { recovered: number; dead_letter_file?: string; timings_ms: Record<string, number>; cpu_ms: Record<string, number> }> {
  const started = performance.now();
  const timings: Record<string, number> = {};
  const cpu: Record<string, number> = {};
  let lap = started;
  let cpuLap = process.cpuUsage();
  /** Wall and CPU time of each phase, for the summary line (where a slow cycle spends its time). */
  const took = (phase: string) => {
    const now = performance.now();
    const used = process.cpuUsage(cpuLap);
    timings[phase] = Math.round(now - lap);
    cpu[phase] = Math.round((used.user + used.system) / 1000);
    lap = now;
    cpuLap = process.cpuUsage();
  };
  const recovered = await finishPendingOutbox(deps);
  took('recover');
  const committed = await loadState(deps);
  const { index } = committed;
  took('state');
  const detectedAt = deps.now().toISOString();

  let diff = new FetchDiff(index);
  let quarantine: ReturnType<typeof createQuarantineWriter> | undefined;
  let fetchedSoFar = 0;
  const fetched = await fetchCarts(deps.http, {
    start: async () => {
      await quarantine?.abort();
      index.fetched.fill(0);
      diff = new FetchDiff(index);
      quarantine = createQuarantineWriter(deps.storage, deps.eventsDir, detectedAt, deps.http.baseUrl);
      fetchedSoFar = 0;
    },
    record: (record) => {
      const reject = diff.add(record);
      if (++fetchedSoFar % 10_000 === 0) deps.onFetched?.(fetchedSoFar);
      return reject ? quarantine!.add(reject) : undefined;
    },
  }, deps.stop).catch(async (error: unknown) => {
    await quarantine?.abort();
    throw error;
  });
  const result = diff.finish();
  took('fetch');
  const quarantined = await quarantine?.finish();
  if (quarantined && quarantine) {
    deps.logger.warn(
      { quarantined: quarantine.count, file: quarantined, reasons: quarantine.reasons },
      `${quarantine.count} invalid cart(s) quarantined in ${quarantined}; their last known state is kept`,
    );
  }

  const vanishedEntries: number[] = [];
  for (let i = 0; i < index.size; i++) {
    if (index.fetched[i] === 0 && index.isLive(i) && !result.presentIds.has(index.ids[i]!)) vanishedEntries.push(i);
  }
  const vanished = vanishedEntries.length;
  const decision = decideDeletes({ live: index.liveSize, vanished, fetched: result.fetched, unidentified: result.unidentified, ...deps.diffOptions });
  const withheld = decision.emit ? 0 : vanished;
  if (!decision.emit) {
    const why = decision.reason === 'unidentified' ? 'an invalid record had no readable id'
      : decision.reason === 'empty-fetch' ? 'the API returned no carts at all'
      : `more than ${deps.diffOptions.massDeleteThreshold * 100}% of the known carts vanished at once`;
    deps.logger.warn({ withheld_deletes: withheld, cart_ids: vanishedEntries.slice(0, 20).map((i) => index.ids[i]) }, `withholding ${withheld} delete(s): ${why}; pass --allow-mass-delete if this is real`);
  }

  let delivery = noDelivery as typeof noDelivery & { deadLetterFile?: string };
  const deletes = decision.emit ? vanishedEntries : [];
  if (result.updates.count > 0 || deletes.length > 0) {
    const next = await writeNextState(deps, committed, result, deletes, detectedAt, deps.stop);
    took('write');
    delivery = await publishAndCommit(deps, committed, next.pending, next.plan);
    took('publish');
  }

  return {
    fetched: fetched.records,
    created: delivery.created,
    modified: delivery.modified,
    deleted: delivery.deleted,
    published: delivery.published + recovered.published,
    dead_lettered: delivery.deadLettered + recovered.deadLettered,
    quarantined: result.rejected,
    withheld_deletes: withheld,
    recovered: recovered.published + recovered.deadLettered,
    cycle_ms: Math.round(performance.now() - started),
    timings_ms: timings,
    cpu_ms: cpu,
    ...(delivery.deadLetterFile ?? recovered.deadLetterFile ? { dead_letter_file: delivery.deadLetterFile ?? recovered.deadLetterFile } : {}),
  };
}

/**
 * The committed state. A state file of format 1 or 2 is migrated first (one log line); no state at
 * all is a cold start whose version floor sits above every version ever used (versions.ts).
 */
async function loadState(deps: DeliverDeps): Promise<CommittedState> {
  const kind = await peekStateFile(stateRef(deps));
  if (kind === null) return coldState(deps);
  if (kind === 'manifest') {
    const read = await readManifest(stateRef(deps));
    if (read === null) return coldState(deps);
    return openState(deps, read.manifest, read.generation);
  }
  const opened = await openStateFile(stateRef(deps));
  if (opened === null) return coldState(deps);
  let from = 'of format 2 (one JSON-lines file)';
  if (opened.format === 2) await opened.cursor.close();
  else {
    if (opened.legacy.kind === 'outbox') throw invalidStateFile(stateRef(deps), 'it holds an outbox, not a state');
    const text = (await deps.storage.readText(deps.stateFile)) ?? '';
    const migration = await migrateLegacyState(deps.storage, deps.stateFile, opened.legacy.state, text, deps.now().toISOString());
    await raiseVersionMark(deps.storage, deps.versionMarkFile, migration.maxVersion);
    from = `of format 1 (one JSON document; the old file is kept as ${migration.backup})`;
  }
  const generation = await deps.storage.generation(deps.stateFile);
  const { manifest, segment } = await migrateToSegments(deps.storage, deps.stateFile, generation);
  await raiseVersionMark(deps.storage, deps.versionMarkFile, manifest.max_version);
  // One line for the whole migration, whichever format it started from.
  deps.logger.warn(
    { carts: manifest.carts, segment },
    `migrated the state file ${deps.stateFile} ${from} to the segmented format: ${manifest.carts} carts, versions kept, their lines now in ${segment}`,
  );
  const read = await readManifest(stateRef(deps));
  if (read === null) throw invalidStateFile(stateRef(deps), 'the migration did not produce a state');
  return openState(deps, read.manifest, read.generation);
}

/** Finishes the cycle a crash left between writing its outbox and committing its state. */
async function finishPendingOutbox(deps: DeliverDeps): Promise<typeof noDelivery & { deadLetterFile?: string }> {
  const kind = await peekStateFile(outboxRef(deps));
  if (kind === null) return noDelivery;
  if (kind === 'manifest') {
    const read = await readManifest(outboxRef(deps));
    if (read === null) return noDelivery;
    const pending = read.manifest;
    const stateKind = await peekStateFile(stateRef(deps));
    const committedRead = stateKind === 'manifest' ? await readManifest(stateRef(deps)) : null;
    if (stateKind === 'other') throw invalidStateFile(outboxRef(deps), 'the state file next to it is not of the segmented format');
    if (committedRead?.manifest.commit === pending.commit) {
      // Committed already (the run died before removing the outbox).
      await deps.storage.remove(deps.outboxFile);
      await collectSegments(deps);
      return noDelivery;
    }
    if ((committedRead?.manifest.commit ?? 0) !== pending.parent) {
      throw invalidStateFile(outboxRef(deps), `it follows commit ${pending.parent}, but the state is at commit ${committedRead?.manifest.commit ?? 'none'}`);
    }
    const committed = committedRead ? await openState(deps, committedRead.manifest, committedRead.generation) : { ...(await coldState(deps)), generation: null };
    const plan = await rebuildPlan(deps, committed, pending);
    deps.logger.warn(
      { outbox: deps.outboxFile, events: plan.count },
      'finishing a cycle a previous run left unfinished: re-publishing its events with the same ids, then committing it',
    );
    return publishAndCommit(deps, committed, pending, plan);
  }
  const opened = await openStateFile(outboxRef(deps));
  if (opened === null) return noDelivery;
  if (opened.format === 1) {
    if (opened.legacy.kind !== 'outbox') throw invalidStateFile(outboxRef(deps), 'it holds a state, not an outbox');
    return finishLegacyOutbox(deps, opened.legacy.outbox);
  }
  deps.logger.warn(
    { outbox: deps.outboxFile },
    'finishing a cycle a previous version left unfinished: re-publishing its events with the same ids, then committing it',
  );
  // The pending state's highest version (raised into the version mark before publishing).
  let maxVersion = 0;
  await forEachCartLine(outboxRef(deps), opened.cursor, (fields) => {
    maxVersion = Math.max(maxVersion, fields.version);
  }, { carts: opened.header.carts });
  return finishFormat2Outbox(deps, maxVersion);
}

/**
 * An outbox of format 1 (left by a crash of an older version): its messages are published byte for
 * byte as stored, then its state is committed in the streamed format.
 */
async function finishLegacyOutbox(deps: DeliverDeps, outbox: LegacyOutbox): Promise<typeof noDelivery & { deadLetterFile?: string }> {
  const committed = await openStateFile(stateRef(deps));
  if (committed?.format === 2) await committed.cursor.close();
  const alreadyCommitted = committed?.format === 1 && committed.legacy.kind === 'state' && committed.legacy.state.last_batch_id === outbox.batch_id;
  let outcome: { published: number; deadLettered: number; deadLetterFile?: string } = { published: 0, deadLettered: 0 };
  if (!alreadyCommitted) {
    deps.logger.warn(
      { batch_id: outbox.batch_id, events: outbox.messages.length },
      `finishing a cycle a previous version left unfinished: re-publishing its ${outbox.messages.length} event(s) with the same ids`,
    );
    const maxVersion = Math.max(0, ...Object.values(outbox.next_state.carts).map((entry) => entry.version));
    await raiseVersionMark(deps.storage, deps.versionMarkFile, maxVersion);
    const publisher = createBatchPublisher(deps, outbox.created_at, outbox.batch_id);
    try {
      for (let at = 0; at < outbox.messages.length; at += 1000) await publisher.publish(outbox.messages.slice(at, at + 1000));
      outcome = await publisher.finish();
    } catch (error) {
      await publisher.abort();
      throw error;
    }
    deps.beforeCommit?.();
  }
  const text = (await deps.storage.readText(deps.stateFile)) ?? JSON.stringify(outbox.next_state);
  const migration = await migrateLegacyState(deps.storage, deps.stateFile, outbox.next_state, text, deps.now().toISOString());
  await deps.storage.remove(deps.outboxFile);
  deps.logger.warn({ carts: migration.carts, backup: migration.backup }, `committed that cycle's state in the streamed format (${migration.carts} carts); the old state file is kept as ${migration.backup}`);
  return { ...outcome, created: 0, modified: 0, deleted: 0 };
}
