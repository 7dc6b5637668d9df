import { ExitCode, configArgs, createLogger, flagValues, withInstanceLock } from '@fakestore/shared-core';
import { defineCommand } from 'citty';
import { type PublishConfig, loadPublishConfig, publishFields, resolveMode } from '../config.js';
import { replayDeadLetters } from '../replay.js';
import { createLocalStorage } from '../io/storage.js';
import { createSink } from '../sinks/create-sink.js';
import { deadLetterLock } from './_locks.js';

export default defineCommand({
  meta: {
    name: 'replay-dlq',
    description: [
      'Re-publish the dead-lettered cart events of --events-dir (per cart, in version order); only what fails again stays in the dead-letter files.',
      'Exit 0 when all went through, 1 when another replay-dlq holds --events-dir (nothing is published),',
      '2 when a dead-letter line is unreadable (nothing is published), 3 when some failed again.',
    ].join('\n'),
  },
  args: configArgs(publishFields),
  run: async ({ args }) => {
    const config = loadPublishConfig(flagValues(publishFields, args));
    return withInstanceLock(deadLetterLock(config.eventsDir), () => replay(config));
  },
});

async function replay(config: PublishConfig): Promise<number> {
  const logger = createLogger({ name: 'cart-streamer', level: config.logLevel });
  const storage = createLocalStorage();
  const sink = createSink(resolveMode(config), storage);
  try {
    const result = await replayDeadLetters({ eventsDir: config.eventsDir, storage, sink, logger, now: () => new Date() });
    return result.remaining > 0 ? ExitCode.degraded : ExitCode.ok;
  } finally {
    await sink.close();
  }
}
