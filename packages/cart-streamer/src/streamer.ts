import { dirname } from './core/location.js';
import { DEFAULT_LOCK_STALE_MS, type Logger, createHttpClient, createLogger, withoutCredentials } from '@fakestore/shared-core';
import { commitLost, removeStaleOutbox } from './commit-lost.js';
import { type StreamerConfig, gcsOptionsOf, resolveMode } from './config.js';
import { deadLetterDir, eventLogDir, outboxFile, quarantineDir, versionMarkFile } from './core/paths.js';
import { runCycle } from './cycle.js';
import { backUpFiles } from './io/backup.js';
import { isGcsUri } from './io/gcs-storage.js';
import { type FileStorage, GenerationMismatch } from './io/storage.js';
import { createStorage } from './io/storage-for.js';
import { readVersionMark } from './io/version-mark.js';
import { STALE_AFTER_INTERVALS } from './health.js';
import { startHealthServer } from './health-server.js';
import { type CycleObserver, runLoop } from './loop.js';
import { createStreamerMetrics } from './metrics.js';
import { createCycleProgress } from './progress.js';
import { installShutdown } from './signals.js';
import { createSink } from './sinks/create-sink.js';
import { createStreamerStatus } from './streamer-status.js';
import type { CycleSummary } from './types.js';

/**
 * Test-only: with `CART_STREAMER_TEST_CRASH_AFTER_PUBLISH=1` the process SIGKILLs itself after
 * publishing a batch and before committing the state, so tests can prove a restart re-emits the
 * same events. Never set it in production.
 */
export const CRASH_HOOK_ENV = 'CART_STREAMER_TEST_CRASH_AFTER_PUBLISH';

/**
 * The streamer, once its config is resolved and its state folder locked (the command's job): the
 * health server started (looping with --http-port), leftovers removed, --reset-state applied, then
 * cycles until --once is done or a signal stops it. Resolves with the exit status.
 */
export async function runStreamer(config: StreamerConfig): Promise<number> {
  const logger = createLogger({ name: 'cart-streamer', level: config.logLevel, format: config.logFormat });
  const port = config.once ? undefined : config.httpPort;
  const monitor = port === undefined ? undefined : await startMonitoring(config, port, logger);
  try {
    return await stream(config, logger, monitor?.observer);
  } finally {
    await monitor?.close();
  }
}

async function stream(config: StreamerConfig, logger: Logger, observer: CycleObserver | undefined): Promise<number> {
  const mode = resolveMode(config);
  const storage = createStorage(gcsOptionsOf(config));
  const outbox = outboxFile(config.stateFile);
  const mark = versionMarkFile(config.stateFile);
  const now = () => new Date();

  await removeLeftovers(storage, config, logger);
  if (config.resetState) {
    const backups = await backUpFiles(storage, [config.stateFile, outbox], now().toISOString());
    const floor = ((await readVersionMark(storage, mark)) ?? 0) + 1;
    logger.warn({ backups, version_floor: floor }, backups.length > 0
      ? `state reset: moved ${backups.join(', ')} aside; every cart will be announced as created again, at version ${floor} or above (versions never go backwards)`
      : 'state reset: there was no state to reset');
  }

  const sink = createSink(mode, storage);
  const shutdown = installShutdown(logger, config.publishTimeoutMs);
  logger.info(
    { mode: mode.kind, sink: sink.description, api_url: withoutCredentials(config.apiUrl), state_file: config.stateFile, poll_interval_s: config.once ? null : config.pollInterval },
    `${mode.kind} mode -> ${sink.description}${config.once ? ', one cycle' : `, every ${config.pollInterval} s`}`,
  );
  const http = createHttpClient({ baseUrl: config.apiUrl, timeoutMs: config.httpTimeoutMs, deadlineMs: config.httpDeadlineMs, logger });
  const crashForTests = process.env[CRASH_HOOK_ENV] === '1';
  const progress = createCycleProgress(process.stderr);
  try {
    return await runLoop({
      once: config.once,
      intervalMs: config.pollInterval * 1000,
      shutdown,
      logger,
      maxConsecutiveFailures: config.maxConsecutiveFailures,
      ...(observer && { observer }),
      onDegraded: (summary) => process.stderr.write(degradedLine(summary, config)),
      cycle: async () => {
        try {
          return await runCycle({
            http,
            sink,
            storage,
            logger,
            now,
            eventsDir: config.eventsDir,
            stateFile: config.stateFile,
            outboxFile: outbox,
            versionMarkFile: mark,
            publishTimeoutMs: config.publishTimeoutMs,
            stop: shutdown.deadline,
            diffOptions: { massDeleteThreshold: config.massDeleteThreshold, allowMassDelete: config.allowMassDelete },
            ...(progress && { onFetched: (n: number) => progress.fetched(n), onPublished: (n: number) => progress.published(n) }),
            ...(crashForTests ? { beforeCommit: () => process.kill(process.pid, 'SIGKILL') } : {}),
          });
        } catch (error) {
          if (!(error instanceof GenerationMismatch)) throw error;
          const lost = commitLost(config.stateFile, error);
          if (await removeStaleOutbox(storage, config.stateFile, outbox).catch(() => false)) {
            logger.warn({ outbox }, `removed ${outbox}: it followed a commit older than the state's, so it could never be committed`);
          }
          logger.error({ state_file: config.stateFile }, lost.message);
          throw lost;
        } finally {
          progress?.done();
        }
      },
    });
  } finally {
    shutdown.dispose();
    // A Pub/Sub client with publishes still retrying in the background would hold the exit for
    // minutes; what it did not confirm in time is dead-lettered already.
    await Promise.race([sink.close(), new Promise((resolve) => setTimeout(resolve, 2000).unref())]);
  }
}

/**
 * The health server (`/healthz`, `/metrics`), started before the first cycle so a platform's
 * startup probe sees the port open at once. The first cycle may be a cold start of millions of
 * carts: it is given the fetch's own deadline (--http-deadline-ms) plus 3 poll intervals.
 */
async function startMonitoring(config: StreamerConfig, port: number, logger: Logger): Promise<{ observer: CycleObserver; close(): Promise<void> }> {
  const intervalMs = config.pollInterval * 1000;
  const status = createStreamerStatus({ intervalMs, startupGraceMs: STALE_AFTER_INTERVALS * intervalMs + config.httpDeadlineMs });
  const metrics = createStreamerMetrics({ healthy: () => status.health().verdict.healthy });
  const server = await startHealthServer({
    host: config.httpHost,
    port,
    health: () => {
      const { verdict, body } = status.health();
      return { healthy: verdict.healthy, body };
    },
    metrics: () => metrics.render(),
  });
  logger.info({ http_url: server.url, http_port: server.port }, `serving GET /healthz and GET /metrics on ${server.url}`);
  return {
    observer: {
      started: (at) => status.started(at),
      ended: (report) => {
        status.ended(report);
        metrics.record(report);
      },
    },
    // Never holds the exit: a scrape in flight is cut.
    close: () => Promise.race([server.close(), new Promise<void>((resolve) => setTimeout(resolve, 1000).unref())]),
  };
}

/** The stderr line of exit 3: how many events were dead-lettered, where, and how to replay them. */
export function degradedLine(summary: Pick<CycleSummary, 'dead_lettered'> & { dead_letter_file?: string }, config: Pick<StreamerConfig, 'eventsDir' | 'projectId' | 'topic' | 'localOnly'>): string {
  const where = summary.dead_letter_file ?? deadLetterDir(config.eventsDir);
  const target = config.projectId && !config.localOnly ? ` --project-id ${config.projectId} --topic ${config.topic}` : '';
  return `cart-streamer: ${summary.dead_lettered} event(s) could not be published and were dead-lettered to ${where}; ` +
    `once the cause is fixed, run: cart-streamer replay-dlq --events-dir ${config.eventsDir}${target}\n`;
}

/**
 * Temp files a killed run left behind: in a local state folder (ours alone while we hold its lock)
 * all of them; in a gs:// one (no lock: another streamer may be finishing an upload) and in the
 * events folders only those older than the lock's stale window, since a `replay-dlq` may be
 * writing there right now.
 */
async function removeLeftovers(storage: FileStorage, config: StreamerConfig, logger: Logger): Promise<void> {
  const removed = [
    ...(await storage.removeLeftovers(dirname(config.stateFile), isGcsUri(config.stateFile) ? DEFAULT_LOCK_STALE_MS : 0)),
    ...(await Promise.all([eventLogDir, quarantineDir, deadLetterDir].map((dir) => storage.removeLeftovers(dir(config.eventsDir), DEFAULT_LOCK_STALE_MS)))).flat(),
  ];
  if (removed.length > 0) logger.warn({ removed }, `removed ${removed.length} temp file(s) that an interrupted run left behind`);
}
