import { ExitCode, createLogger, withInstanceLock } from '@fakestore/shared-core';
import { type PublishConfig, gcsOptionsOf, loadPublishConfig, resolveMode } from '../config.js';
import { isGcsUri } from '../io/gcs-storage.js';
import { checkStorageAccess } from '../io/storage-access.js';
import { replayDeadLetters } from '../replay.js';
import { createStorage } from '../io/storage-for.js';
import { checkPublishAccess } from '../sinks/access.js';
import { createSink } from '../sinks/create-sink.js';
import { deadLetterLock } from './_locks.js';

/**
 * `cart-streamer replay-dlq`: resolves the config, then replays under the events-dir lock. A
 * gs:// events folder has no lock file: run one replay-dlq at a time on it (see the README).
 */
export async function runReplayDlqCommand(flags: Record<string, unknown>): Promise<number> {
  const config = loadPublishConfig(flags);
  const mode = resolveMode(config);
  await checkPublishAccess(mode, { timeoutMs: config.publishTimeoutMs });
  await checkStorageAccess([config.eventsDir], { mode, storageEmulatorHost: config.storageEmulatorHost, credentialsFile: config.credentialsFile, timeoutMs: config.publishTimeoutMs });
  if (isGcsUri(config.eventsDir)) return replay(config);
  return withInstanceLock(deadLetterLock(config.eventsDir), () => replay(config));
}

async function replay(config: PublishConfig): Promise<number> {
  const logger = createLogger({ name: 'cart-streamer', level: config.logLevel, format: config.logFormat });
  const storage = createStorage(gcsOptionsOf(config));
  const sink = createSink(resolveMode(config), storage);
  try {
    const result = await replayDeadLetters({ eventsDir: config.eventsDir, storage, sink, logger, now: () => new Date() });
    return result.remaining > 0 ? ExitCode.degraded : ExitCode.ok;
  } finally {
    await sink.close();
  }
}
