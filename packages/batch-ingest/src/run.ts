import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { CloudConfigError, journalPath, withoutCredentials } from '@fakestore/shared-core';
import { entitySpec } from './core/entities.js';
import { markFailed, markQueued } from './core/journal.js';
import { runExitCode } from './core/summary.js';
import { createJournalStore } from './io/journal-store.js';
import { type Landed, landEntity } from './land.js';
import { pushPending } from './pending.js';
import { type PushContext, pushPartition } from './push.js';
import type { EntityName, EntityOutcome, IngestConfig, PushPendingReport, RunDependencies, RunReport } from './types.js';

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * One batch run: in gcp mode, first the partitions earlier runs left pending; then every entity
 * at once: fetch, validate, land in the lake and, in gcp mode, push. An entity's failure never
 * stops the other. Never throws for a failed entity or push: the report says what happened.
 */
export async function runIngest(config: IngestConfig, deps: RunDependencies): Promise<RunReport> {
  const now = deps.now ?? (() => new Date());
  const runId = (deps.newRunId ?? randomUUID)();
  const runStartedAt = now();
  const started = performance.now();
  const logger = deps.logger;
  logger.info(
    { run_id: runId, mode: config.mode, entities: config.entities, api_url: withoutCredentials(config.apiUrl), data_dir: resolve(config.dataDir) },
    `run ${runId}: ${config.mode} mode (${config.modeReason})`,
  );

  let push: PushContext | undefined;
  let earlier: PushPendingReport | undefined;
  if (config.mode === 'gcp') {
    if (!deps.createSinks) throw new Error('gcp mode needs a sink factory');
    push = { dataDir: config.dataDir, sinks: await deps.createSinks(), journal: createJournalStore(journalPath(config.dataDir)) };
    if ((await push.journal.read()).entries.length > 0) {
      logger.info({ journal: push.journal.path }, 'pushing partitions earlier runs left pending');
      earlier = await pushPending({ ...push, logger, now, stopAtFirstFailure: true });
    }
  }

  const refusals: CloudConfigError[] = [];
  const outcomes = await Promise.all(
    config.entities.map((entity) => ingestEntity(entity, { config, deps, runId, runStartedAt, now, push, refusals })),
  );
  // Google Cloud refused the configuration (a role, an API, the credentials): exit 2, not a
  // degraded run, since waiting fixes nothing. What landed stays in the lake and the journal.
  const [refused] = refusals;
  if (refused) {
    const kept = outcomes.filter((outcome) => outcome.status === 'pending').map((outcome) => outcome.entity);
    const next = kept.length > 0 ? `; ${kept.join(' and ')} of this run wait in the local lake: once fixed, run 'batch-ingest push-pending'` : '';
    throw new CloudConfigError(`${refused.message}${next}`, { kind: refused.kind, cause: refused });
  }
  const report: RunReport = {
    runId,
    mode: config.mode,
    outcomes,
    ...(earlier && { earlier }),
    durationMs: Math.round(performance.now() - started),
    exitCode: runExitCode(outcomes, earlier),
  };
  return report;
}

interface EntityContext {
  config: IngestConfig;
  deps: RunDependencies;
  runId: string;
  runStartedAt: Date;
  now: () => Date;
  push: PushContext | undefined;
  /** Where an entity puts the refusal that ends the run with exit 2, once every entity is done. */
  refusals: CloudConfigError[];
}

async function ingestEntity(entity: EntityName, ctx: EntityContext): Promise<EntityOutcome> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const logger = ctx.deps.logger;
  const base = { entity, fetched: 0, valid: 0, quarantined: 0, duplicates: 0, bytes: 0 };

  let landed: Landed;
  try {
    landed = await landEntity(
      { spec: entitySpec(entity), dataDir: ctx.config.dataDir, runId: ctx.runId, runStartedAt: ctx.runStartedAt },
      {
        http: ctx.deps.http,
        now: ctx.now,
        ...(ctx.deps.onDownloadProgress && { onProgress: (loaded: number, total: number | undefined) => ctx.deps.onDownloadProgress?.(entity, loaded, total) }),
      },
    );
  } catch (error) {
    const message = `${entity}: ${messageOf(error)}`;
    logger.error({ entity }, message);
    return { ...base, status: 'failed', durationMs: elapsed(), destinations: [], error: message };
  }

  const rejectsFile = landed.files.rejectsPath && resolve(landed.files.rejectsPath);
  const counts = {
    entity,
    fetched: landed.fetched,
    valid: landed.valid,
    quarantined: landed.quarantined,
    duplicates: landed.duplicates,
    bytes: landed.bytes,
    ...(rejectsFile && { rejectsFile }),
  };
  const local = [resolve(landed.files.dataPath), ...(rejectsFile ? [rejectsFile] : [])];
  logger.info({ ...counts, partition: landed.files.prefix }, `${entity}: ${landed.valid} records landed in the lake`);
  if (landed.quarantined > 0) {
    logger.warn(
      { entity, quarantined: landed.quarantined, duplicates: landed.duplicates, file: rejectsFile },
      `${entity}: ${landed.quarantined} records quarantined${landed.duplicates > 0 ? ` (${landed.duplicates} of them duplicate ids)` : ''}`,
    );
  }
  if (!ctx.push) return { ...counts, status: 'ok', durationMs: elapsed(), destinations: local };

  const { journal } = ctx.push;
  await journal.update((current) => markQueued(current, landed.key, ctx.now()));
  try {
    const pushed = await pushPartition(landed.key, [], ctx.push);
    logger.info({ entity, destinations: pushed.destinations, job_id: pushed.load?.jobId, output_rows: pushed.load?.outputRows }, `${entity}: pushed to GCP`);
    return { ...counts, status: 'ok', durationMs: elapsed(), destinations: [...local, ...pushed.destinations] };
  } catch (error) {
    const message = `${entity}: push to GCP failed, kept in the lake: ${messageOf(error)}`;
    await journal.update((current) => markFailed(current, landed.key, messageOf(error), ctx.now()));
    logger.warn({ entity, journal: journal.path }, message);
    if (error instanceof CloudConfigError) ctx.refusals.push(error);
    return { ...counts, status: 'pending', durationMs: elapsed(), destinations: local, error: message };
  }
}
