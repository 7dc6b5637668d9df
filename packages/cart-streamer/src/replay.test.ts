import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createLogger } from '@fakestore/shared-core';
import { makeTempDir, type TempDir } from '@fakestore/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DeadLetter } from './core/dead-letter.js';
import { writeDeadLetters } from './io/dead-letter-store.js';
import { replayDeadLetters } from './replay.js';
import type { EventMessage } from './core/events.js';
import { createLocalStorage } from './io/storage.js';
import type { EventSink } from './types.js';

const letter = (cart: number, version: number): DeadLetter => ({
  orderingKey: `cart_${cart}`,
  attributes: { 'ce-id': `c${cart}v${version}` },
  data: JSON.stringify({ cart_id: cart, version }),
  error: 'old error',
  failed_at: '2026-11-26T12:00:00.000Z',
});

/** Fails every message of the given carts; records what it was asked to publish. */
function fakeSink(failingKeys: string[] = []) {
  const batches: { messages: EventMessage[] }[] = [];
  const sink: EventSink = {
    description: 'fake',
    deadLetters: true,
    begin: () => ({
      send: (messages) => {
        batches.push({ messages: [...messages] });
        return Promise.resolve(messages.map((m) => (failingKeys.includes(m.orderingKey) ? { status: 'failed', error: 'new error' } : { status: 'published', messageId: 'x' })));
      },
      finish: () => Promise.resolve(),
      abort: () => Promise.resolve(),
    }),
    close: () => Promise.resolve(),
  };
  return { sink, batches };
}

const storage = createLocalStorage();
let temp: TempDir;
const deps = (sink: EventSink) => ({ eventsDir: temp.path, storage, sink, logger: createLogger({ name: 'test', level: 'silent' }), now: () => new Date('2026-11-26T13:00:00.000Z') });
beforeEach(async () => {
  temp = await makeTempDir('replay-');
  await writeDeadLetters(storage, temp.path, { id: 'b2', createdAt: '2026-11-26T12:00:02.000Z' }, [letter(2, 2), letter(1, 2)]);
  await writeDeadLetters(storage, temp.path, { id: 'b1', createdAt: '2026-11-26T12:00:01.000Z' }, [letter(1, 1), letter(2, 1)]);
});
afterEach(() => temp.remove());

describe('replayDeadLetters', () => {
  it('publishes every dead letter ordered by cart then version, and removes the files when all went through', async () => {
    const { sink, batches } = fakeSink();
    expect(await replayDeadLetters(deps(sink))).toEqual({ replayed: 4, remaining: 0, files: 2 });
    expect(batches[0]!.messages.map((m) => m.attributes['ce-id'])).toEqual(['c1v1', 'c1v2', 'c2v1', 'c2v2']);
    expect(batches[0]!.messages[0]).toEqual({ orderingKey: 'cart_1', attributes: { 'ce-id': 'c1v1' }, data: '{"cart_id":1,"version":1}' });
    expect(await readdir(join(temp.path, 'dead-letter'))).toEqual([]);
  });

  it('keeps in each file only what failed again, with the new error and time', async () => {
    const { sink } = fakeSink(['cart_2']);
    expect(await replayDeadLetters(deps(sink))).toEqual({ replayed: 2, remaining: 2, files: 2 });
    const files = (await readdir(join(temp.path, 'dead-letter'))).sort();
    expect(files).toHaveLength(2);
    for (const [file, version] of [[files[0]!, 1], [files[1]!, 2]] as const) {
      const lines = (await readFile(join(temp.path, 'dead-letter', file), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as DeadLetter);
      expect(lines).toEqual([{ ...letter(2, version), error: 'new error', failed_at: '2026-11-26T13:00:00.000Z' }]);
    }
  });

  it('given a line that is not a dead letter, stops before publishing anything (exit 2)', async () => {
    await writeDeadLetters(storage, temp.path, { id: 'b3', createdAt: '2026-11-26T12:00:03.000Z' }, [{ ...letter(3, 1), failed_at: 'never' }]);
    const { sink, batches } = fakeSink();
    await expect(replayDeadLetters(deps(sink))).rejects.toMatchObject({ name: 'UsageError', message: expect.stringMatching(/line 1 is not a dead letter: failed_at/) as unknown });
    expect(batches).toEqual([]);
  });
});
