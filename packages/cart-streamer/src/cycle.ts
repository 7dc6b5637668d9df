import type { HttpClient } from '@fakestore/shared-core';
import { decideDeletes } from './core/change.js';
import { FetchDiff } from './core/fetch-diff.js';
import type { LegacyOutbox } from './core/legacy-state.js';
import { StateIndex } from './core/state-index.js';
import { coldStartFloor } from './core/versions.js';
import { type DeliverDeps, createBatchPublisher, deliverOutbox, outboxRef, stateRef } from './deliver.js';
import { fetchCarts } from './io/fetch-carts.js';
import { migrateLegacyState } from './io/migrate.js';
import { writeOutbox } from './io/outbox-writer.js';
import { createQuarantineWriter } from './io/quarantine.js';
import { invalidStateFile, readStateIndex } from './io/state-file.js';
import { maxLoggedVersion, raiseVersionMark, readVersionMark } from './io/version-mark.js';
import type { CycleSummary } from './types.js';

export interface CycleDeps extends DeliverDeps {
  http: HttpClient;
  diffOptions: { massDeleteThreshold: number; allowMassDelete: boolean };
  /** Called as records arrive (progress on a terminal). */
  onFetched?: (fetched: number) => void;
}

const noDelivery = { published: 0, deadLettered: 0, created: 0, modified: 0, deleted: 0 };

/**
 * One poll: finish a pending outbox, read the state's index, stream the fetch through the diff
 * (quarantining the rejects as they come), write the outbox (the next state) as a stream, publish
 * the events derived from it, commit. A failed fetch rejects before anything is written; a cycle
 * with no change writes nothing.
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
  const index = await loadState(deps);
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
    record: (value) => {
      const reject = diff.add(value);
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

  let vanished = 0;
  const vanishedIds: number[] = [];
  for (let i = 0; i < index.size; i++) {
    if (index.live[i] === 1 && index.fetched[i] === 0 && !result.presentIds.has(index.ids[i]!)) {
      vanished++;
      if (vanishedIds.length < 20) vanishedIds.push(index.ids[i]!);
    }
  }
  const decision = decideDeletes({ live: index.liveSize, vanished, fetched: result.fetched, unidentified: result.unidentified, ...deps.diffOptions });
  const withheld = decision.emit ? 0 : vanished;
  if (!decision.emit) {
    const why = decision.reason === 'unidentified' ? 'an invalid record had no readable id'
      : decision.reason === 'empty-fetch' ? 'the API returned no carts at all'
      : `more than ${deps.diffOptions.massDeleteThreshold * 100}% of the known carts vanished at once`;
    deps.logger.warn({ withheld_deletes: withheld, cart_ids: vanishedIds }, `withholding ${withheld} delete(s): ${why}; pass --allow-mass-delete if this is real`);
  }

  let delivery = noDelivery as typeof noDelivery & { deadLetterFile?: string };
  const deletes = decision.emit ? vanished : 0;
  if (result.changes.count > 0 || deletes > 0 || result.staleSeen.size > 0) {
    const written = await writeOutbox(stateRef(deps), outboxRef(deps), { index, diff: result, deleteVanished: decision.emit, detectedAt }, deps.stop);
    took('outbox');
    delivery = await deliverOutbox(deps, written.maxVersion);
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
 * The committed state's index. A state of format 1 is migrated first (one log line); no state at
 * all is a cold start whose version floor sits above every version ever used (versions.ts).
 */
async function loadState(deps: DeliverDeps): Promise<StateIndex> {
  const read = await readStateIndex(stateRef(deps));
  if (read === null) {
    const mark = await readVersionMark(deps.storage, deps.versionMarkFile);
    const logged = mark === null ? await maxLoggedVersion(deps.storage, deps.eventsDir) : null;
    const floor = coldStartFloor(mark, logged);
    if (floor > 1) {
      const from = mark !== null ? `the version mark ${deps.versionMarkFile}` : `the event log under ${deps.eventsDir}`;
      deps.logger.warn({ version_floor: floor }, `no state file: every cart is announced as created, at version ${floor} (above the versions of ${from}), so versions never go backwards`);
    }
    return StateIndex.empty(floor);
  }
  if ('index' in read) return read.index;
  if (read.kind === 'outbox') throw invalidStateFile(stateRef(deps), 'it holds an outbox, not a state');
  const text = (await deps.storage.readText(deps.stateFile)) ?? '';
  const migration = await migrateLegacyState(deps.storage, deps.stateFile, read.legacy as Parameters<typeof migrateLegacyState>[2], text, deps.now().toISOString());
  await raiseVersionMark(deps.storage, deps.versionMarkFile, migration.maxVersion);
  deps.logger.warn(
    { carts: migration.carts, backup: migration.backup },
    `migrated the state file ${deps.stateFile} to the streamed format (${migration.carts} carts, versions kept); the old file is kept as ${migration.backup}`,
  );
  const again = await readStateIndex(stateRef(deps));
  if (!again || !('index' in again)) throw invalidStateFile(stateRef(deps), 'the migration did not produce a state');
  return again.index;
}

/** Finishes the cycle a crash left between writing its outbox and committing its state. */
async function finishPendingOutbox(deps: DeliverDeps): Promise<typeof noDelivery & { deadLetterFile?: string }> {
  const read = await readStateIndex(outboxRef(deps));
  if (read === null) return noDelivery;
  if ('legacy' in read) {
    if (read.kind !== 'outbox') throw invalidStateFile(outboxRef(deps), 'it holds a state, not an outbox');
    return finishLegacyOutbox(deps, read.legacy as LegacyOutbox);
  }
  let maxVersion = 0;
  for (const version of read.index.versions) maxVersion = Math.max(maxVersion, version);
  deps.logger.warn(
    { outbox: deps.outboxFile },
    'finishing a cycle a previous run left unfinished: re-publishing its events with the same ids, then committing it',
  );
  return deliverOutbox(deps, maxVersion);
}

/**
 * An outbox of format 1 (left by a crash of an older version): its messages are published byte for
 * byte as stored, then its state is committed in the streamed format.
 */
async function finishLegacyOutbox(deps: DeliverDeps, outbox: LegacyOutbox): Promise<typeof noDelivery & { deadLetterFile?: string }> {
  const committed = await readStateIndex(stateRef(deps));
  const alreadyCommitted = committed !== null && 'legacy' in committed && 'last_batch_id' in committed.legacy && committed.legacy.last_batch_id === outbox.batch_id;
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
