import { existsSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createLogger } from '@fakestore/shared-core';
import { makeTempDir, type TempDir } from '@fakestore/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Outbox } from './core/outbox.js';
import { type DeliverDeps, deliverOutbox } from './deliver.js';
import { writeOutbox } from './io/outbox-store.js';
import type { EventSink, PublishResult } from './types.js';

const message = (id: number) => ({ orderingKey: `cart_${id}`, attributes: { 'ce-id': `e${id}` }, data: JSON.stringify({ cart_id: id, version: 1 }) });
const outbox: Outbox = {
  outbox_version: 1,
  batch_id: 'batch-1',
  created_at: '2026-11-26T12:00:00.000Z',
  messages: [message(1), message(2)],
  next_state: { state_version: 1, committed_at: null, carts: {} },
};

const sink = (publish: () => Promise<PublishResult[]>): EventSink => ({ description: 'fake', publish, close: () => Promise.resolve() });

let temp: TempDir;
let deps: (s: EventSink) => DeliverDeps;
beforeEach(async () => {
  temp = await makeTempDir('deliver-');
  deps = (s) => ({
    sink: s,
    eventsDir: join(temp.path, 'events'),
    stateFile: join(temp.path, 'state.json'),
    outboxFile: join(temp.path, 'state.outbox.json'),
    logger: createLogger({ name: 'test', level: 'silent' }),
    now: () => new Date('2026-11-26T12:00:05.000Z'),
  });
  await writeOutbox(join(temp.path, 'state.outbox.json'), outbox);
});
afterEach(() => temp.remove());

describe('deliverOutbox', () => {
  it('given a failed message, dead-letters it with error and time, then commits the state and drops the outbox', async () => {
    const d = deps(sink(() => Promise.resolve([{ status: 'published', messageId: '1' }, { status: 'failed', error: 'boom' }])));
    expect(await deliverOutbox(outbox, d)).toEqual({ published: 1, deadLettered: 1 });
    const [file] = await readdir(join(d.eventsDir, 'dead-letter'));
    expect(JSON.parse(await readFile(join(d.eventsDir, 'dead-letter', file!), 'utf8'))).toEqual({ ...message(2), error: 'boom', failed_at: '2026-11-26T12:00:05.000Z' });
    expect(JSON.parse(await readFile(d.stateFile, 'utf8'))).toMatchObject({ last_batch_id: 'batch-1', committed_at: '2026-11-26T12:00:05.000Z' });
    expect(existsSync(d.outboxFile)).toBe(false);
  });

  it('when the sink cannot publish at all, rejects and leaves no state, the outbox in place and no dead letters', async () => {
    const d = deps(sink(() => Promise.reject(new Error('disk full'))));
    await expect(deliverOutbox(outbox, d)).rejects.toThrow('disk full');
    expect(existsSync(d.stateFile)).toBe(false);
    expect(existsSync(d.outboxFile)).toBe(true);
    expect(existsSync(join(d.eventsDir, 'dead-letter'))).toBe(false);
  });

  it('runs the before-commit hook after publishing and before the state is written', async () => {
    const d = deps(sink(() => Promise.resolve([{ status: 'published', messageId: '1' }, { status: 'published', messageId: '2' }])));
    let stateAtHook: boolean | undefined;
    await deliverOutbox(outbox, { ...d, beforeCommit: () => { stateAtHook = existsSync(d.stateFile); } });
    expect(stateAtHook).toBe(false);
    expect(existsSync(d.stateFile)).toBe(true);
  });
});
