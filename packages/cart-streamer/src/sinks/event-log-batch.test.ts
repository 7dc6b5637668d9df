import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { toEventLogRow, localMessageId, LOCAL_SUBSCRIPTION_NAME } from '../core/event-log.js';
import { type EventMessage, batchIdOf, changeOfCarts, eventMessage } from '../core/events.js';
import { eventLogFile } from '../core/paths.js';
import { writeEventLogBatch } from './event-log-batch.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'event-log-batch-'));
  dirs.push(dir);
  return dir;
};

const createdAt = '2026-11-26T12:00:00.000Z';
const publishTime = '2026-11-26T12:00:00.040Z';
const messages: EventMessage[] = [1, 2, 3, 4, 5].map((id) =>
  eventMessage(changeOfCarts('cart_created', 1, null, { id, userId: id, date: '2020-03-02T00:00:00.000Z', products: [{ productId: id, quantity: 1 }] }), createdAt));

describe('an event-log batch written from a stream of messages', () => {
  it('is the file a streamer cycle writes: named after the batch id, one subscription row per message, in order, whatever the chunk size', async () => {
    // given a stream of five messages, handed to the sink two at a time
    const eventsDir = tempDir();
    // when it is written
    const written = await writeEventLogBatch({ eventsDir, createdAt, publishTime, chunk: 2 }, messages.values());
    // then the file is where the local event log puts that batch, with the rows of toEventLogRow
    expect(written).toEqual({ path: eventLogFile(eventsDir, { id: batchIdOf(messages), createdAt }), batchId: batchIdOf(messages), events: 5 });
    const rows = readFileSync(written.path, 'utf8').trimEnd().split('\n').map((line) => JSON.parse(line) as unknown);
    expect(rows).toEqual(messages.map((message) =>
      toEventLogRow(message, { subscriptionName: LOCAL_SUBSCRIPTION_NAME, messageId: localMessageId(message), publishTime })));
  });

  it('leaves no file when the stream fails midway', async () => {
    // given a stream that breaks after three messages, past the first chunk
    const eventsDir = tempDir();
    function* broken() {
      yield* messages.slice(0, 3);
      throw new Error('source lost');
    }
    // when it is written, then the error comes through and nothing is left in the log
    await expect(writeEventLogBatch({ eventsDir, createdAt, publishTime, chunk: 2 }, broken())).rejects.toThrow('source lost');
    expect(readdirSync(eventsDir, { recursive: true }).filter((name) => String(name).endsWith('.jsonl'))).toEqual([]);
  });
});
