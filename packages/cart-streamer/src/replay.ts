import type { Logger } from '@fakestore/shared-core';
import { type DeadLetter, replayOrder } from './core/dead-letter.js';
import { type EventMessage, batchIdOf } from './core/events.js';
import { readDeadLetterFiles, rewriteDeadLetterFile } from './io/dead-letter-store.js';
import type { FileStorage } from './io/storage.js';
import type { EventSink, PublishResult } from './types.js';

export interface ReplayDeps {
  eventsDir: string;
  storage: FileStorage;
  sink: EventSink;
  logger: Logger;
  now: () => Date;
}

export interface ReplayResult {
  replayed: number;
  remaining: number;
  files: number;
}

/**
 * Re-publishes every dead letter, ordered by ordering key then version (so a cart's events keep
 * their order), then rewrites each dead-letter file atomically with only what failed again
 * (with the new error), removing the files that are done.
 */
export async function replayDeadLetters(deps: ReplayDeps): Promise<ReplayResult> {
  const files = await readDeadLetterFiles(deps.storage, deps.eventsDir);
  const entries = files.flatMap((file) => file.letters.map((letter) => ({ ...letter, file: file.path })));
  if (entries.length === 0) {
    deps.logger.info({ replayed: 0, remaining: 0 }, 'no dead letters to replay');
    return { replayed: 0, remaining: 0, files: 0 };
  }
  const ordered = replayOrder(entries);
  const messages: EventMessage[] = ordered.map(({ orderingKey, attributes, data }) => ({ orderingKey, attributes, data }));
  const createdAt = deps.now().toISOString();
  const batch = deps.sink.begin(createdAt);
  let results: PublishResult[];
  try {
    results = await batch.send(messages, new AbortController().signal);
    await batch.finish(batchIdOf(messages));
  } catch (error) {
    await batch.abort();
    throw error;
  }

  const failedAt = deps.now().toISOString();
  const remaining = new Map<string, DeadLetter[]>(files.map((file) => [file.path, []]));
  ordered.forEach(({ file, ...letter }, index) => {
    const result = results[index];
    if (result?.status !== 'published') {
      remaining.get(file)?.push({ ...letter, error: result?.error ?? 'the sink returned no result', failed_at: failedAt });
    }
  });
  for (const [path, letters] of remaining) await rewriteDeadLetterFile(deps.storage, path, letters);

  const left = [...remaining.values()].reduce((sum, letters) => sum + letters.length, 0);
  const summary = { replayed: entries.length - left, remaining: left, files: files.length, sink: deps.sink.description };
  if (left > 0) deps.logger.warn(summary, `replayed ${summary.replayed} dead letter(s); ${left} failed again and stay dead-lettered`);
  else deps.logger.info(summary, `replayed ${summary.replayed} dead letter(s); the dead-letter files are empty`);
  return { replayed: summary.replayed, remaining: left, files: files.length };
}
