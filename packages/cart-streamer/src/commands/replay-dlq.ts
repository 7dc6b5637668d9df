import { ExitCode, createLogger, withInstanceLock } from '@fakestore/shared-core';
import { type PublishConfig, loadPublishConfig, resolveMode } from '../config.js';
import { replayDeadLetters } from '../replay.js';
import { createLocalStorage } from '../io/storage.js';
import { checkPublishAccess } from '../sinks/access.js';
import { createSink } from '../sinks/create-sink.js';
import { deadLetterLock } from './_locks.js';

/** `cart-streamer replay-dlq`: resolves the config, then replays under the events-dir lock. */
export async function runReplayDlqCommand(flags: Record<string, unknown>): Promise<number> {
  const config = loadPublishConfig(flags);
  await checkPublishAccess(resolveMode(config), { timeoutMs: config.publishTimeoutMs });
  return withInstanceLock(deadLetterLock(config.eventsDir), () => replay(config));
}

async function replay(config: PublishConfig): Promise<number> {
  const logger = createLogger({ name: 'cart-streamer', level: config.logLevel, format: config.logFormat });
  const storage = createLocalStorage();
  const sink = createSink(resolveMode(config), storage);
  try {
    const result = await replayDeadLetters({ eventsDir: config.eventsDir, storage, sink, logger, now: () => new Date() });
    return result.remaining > 0 ? ExitCode.degraded : ExitCode.ok;
  } finally {
    await sink.close();
  }
}
