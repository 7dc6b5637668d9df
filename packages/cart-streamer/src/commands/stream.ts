import { createHttpClient, createLogger, withInstanceLock, withoutCredentials } from '@fakestore/shared-core';
import { type StreamerConfig, loadStreamerConfig, resolveMode } from '../config.js';
import { outboxFile } from '../core/paths.js';
import { runCycle } from '../cycle.js';
import { backUpFiles } from '../io/state-store.js';
import { runLoop } from '../loop.js';
import { installShutdown } from '../signals.js';
import { createSink } from '../sinks/create-sink.js';
import { stateDirLock } from './_locks.js';

/**
 * Test-only: with `CART_STREAMER_TEST_CRASH_AFTER_PUBLISH=1` the process SIGKILLs itself after
 * publishing a batch and before committing the state, so tests can prove a restart re-emits the
 * same events. Never set it in production.
 */
export const CRASH_HOOK_ENV = 'CART_STREAMER_TEST_CRASH_AFTER_PUBLISH';

/** `cart-streamer`: resolves the config, then streams under the state-folder lock. */
export async function runStreamCommand(flags: Record<string, unknown>): Promise<number> {
  const config = loadStreamerConfig(flags);
  // Held until the loop has stopped (a first SIGINT/SIGTERM finishes the cycle, then returns here);
  // a second signal exits at once, and proper-lockfile's exit hook still removes the lock.
  return withInstanceLock(stateDirLock(config.stateFile), () => stream(config));
}

async function stream(config: StreamerConfig): Promise<number> {
  const logger = createLogger({ name: 'cart-streamer', level: config.logLevel, format: config.logFormat });
  const mode = resolveMode(config);
  const outbox = outboxFile(config.stateFile);
  const now = () => new Date();

  if (config.resetState) {
    const backups = await backUpFiles([config.stateFile, outbox], now().toISOString());
    logger.warn({ backups }, backups.length > 0
      ? `state reset: moved ${backups.join(', ')} aside; every cart will be announced as created again`
      : 'state reset: there was no state to reset');
  }

  const sink = createSink(mode);
  const shutdown = installShutdown(logger);
  logger.info(
    { mode: mode.kind, sink: sink.description, api_url: withoutCredentials(config.apiUrl), state_file: config.stateFile, poll_interval_s: config.once ? null : config.pollInterval },
    `${mode.kind} mode -> ${sink.description}${config.once ? ', one cycle' : `, every ${config.pollInterval} s`}`,
  );
  const http = createHttpClient({ baseUrl: config.apiUrl, timeoutMs: config.httpTimeoutMs, logger });
  const crashForTests = process.env[CRASH_HOOK_ENV] === '1';
  try {
    return await runLoop({
      once: config.once,
      intervalMs: config.pollInterval * 1000,
      shutdown,
      logger,
      cycle: () => runCycle({
        http,
        sink,
        logger,
        now,
        eventsDir: config.eventsDir,
        stateFile: config.stateFile,
        outboxFile: outbox,
        diffOptions: { massDeleteThreshold: config.massDeleteThreshold, allowMassDelete: config.allowMassDelete },
        ...(crashForTests ? { beforeCommit: () => process.kill(process.pid, 'SIGKILL') } : {}),
      }),
    });
  } finally {
    shutdown.dispose();
    await sink.close();
  }
}
