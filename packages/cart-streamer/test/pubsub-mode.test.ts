import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { eventFiles, listFiles, readJsonLines, summaries, typeCartVersion, useStreamer } from './support/streamer.js';
import { PROJECT_ID, type Received, usePubSub } from './support/pubsub.js';

const h = useStreamer();
const ps = usePubSub();

const gcp = (topic: string, ...args: string[]) => ['--once', '--project-id', PROJECT_ID, '--topic', topic, ...args];
const emulatorEnv = () => ps.emulator().env;

interface DeadLetterLine { orderingKey: string; attributes: Record<string, string>; data: string; error: string; failed_at: string }

async function deadLetters(eventsDir: string): Promise<DeadLetterLine[]> {
  const dir = join(eventsDir, 'dead-letter');
  const files = (await listFiles(dir)).filter((f) => f.endsWith('.jsonl'));
  return (await Promise.all(files.map((f) => readJsonLines<DeadLetterLine>(join(dir, f))))).flat();
}

const versionsOf = (messages: Received[], key: string) =>
  messages.filter((m) => m.orderingKey === key).map((m) => (JSON.parse(m.data) as { version: number }).version);

describe('cart-streamer in gcp mode against the Pub/Sub emulator', () => {
  it('publishes binary-mode CloudEvents with ordering key cart_{id}, and one cart\'s changes arrive in order', async () => {
    const { topic, take } = await ps.topicWithSubscription();
    const first = await h.run(gcp(topic), emulatorEnv());
    expect(first.code).toBe(0);
    expect(first.stderr).toBe('');
    for (const quantity of [5, 6]) {
      await h.admin('PUT', '/__admin/carts/2', { userId: 1, date: '2020-01-02', products: [{ productId: 1, quantity }] });
      expect((await h.run(gcp(topic), emulatorEnv())).code).toBe(0);
    }
    await h.admin('DELETE', '/__admin/carts/2');
    expect((await h.run(gcp(topic), emulatorEnv())).code).toBe(0);

    const messages = await take(10);
    expect(new Set(messages.map((m) => m.orderingKey))).toEqual(new Set([1, 2, 3, 4, 5, 6, 7].map((id) => `cart_${id}`)));
    for (const message of messages) {
      const [type, cartId] = typeCartVersion(message);
      expect(message.orderingKey).toBe(`cart_${cartId}`);
      expect(message.attributes).toEqual({
        'ce-specversion': '1.0',
        'ce-id': expect.stringMatching(/^[0-9a-f-]{36}$/) as unknown,
        'ce-type': type,
        'ce-source': '/fakestore/carts',
        'ce-subject': `cart/${cartId}`,
        'ce-time': expect.any(String) as unknown,
        'content-type': 'application/json',
      });
      expect(Object.keys(JSON.parse(message.data) as object)).toEqual(['cart_id', 'user_id', 'version', 'before', 'after', 'detected_at']);
    }
    expect(versionsOf(messages, 'cart_2')).toEqual([1, 2, 3, 4]);
    expect(await eventFiles(h.ws().eventsDir)).toEqual([]);
  });

  it('given every publish fails, dead-letters the events, commits, exits 3; replay-dlq then delivers them in per-cart order and empties the files', async () => {
    const { topic, take } = await ps.topicWithSubscription();
    // A failure no configuration explains (PERMISSION_DENIED would be one: exit 2, see below).
    await ps.failPublish('FAILED_PRECONDITION', -1);
    try {
      const failed = await h.run(gcp(topic), emulatorEnv());
      expect(failed.code).toBe(3);
      expect(summaries(failed.stdout)[0]).toMatchObject({ created: 7, published: 0, dead_lettered: 7 });
      await h.admin('PUT', '/__admin/carts/2', { userId: 1, date: '2020-01-02', products: [{ productId: 1, quantity: 5 }] });
      expect((await h.run(gcp(topic), emulatorEnv())).code).toBe(3);
    } finally {
      await ps.reset();
    }
    const letters = await deadLetters(h.ws().eventsDir);
    expect(letters).toHaveLength(8);
    expect(letters[0]).toEqual({
      orderingKey: 'cart_1',
      attributes: expect.objectContaining({ 'ce-type': 'cart_created' }) as unknown,
      data: expect.any(String) as unknown,
      error: expect.stringMatching(/FAILED_PRECONDITION/) as unknown,
      failed_at: expect.any(String) as unknown,
    });

    const replay = await h.replay(['--project-id', PROJECT_ID, '--topic', topic], emulatorEnv());
    expect(replay.code).toBe(0);
    expect(replay.stdout).toMatch(/replayed 8 dead letter/);
    expect(await readdir(join(h.ws().eventsDir, 'dead-letter'))).toEqual([]);
    const messages = await take(8);
    expect(versionsOf(messages, 'cart_2')).toEqual([1, 2]);
    expect(messages.map((m) => m.attributes['ce-id']).sort()).toEqual(letters.map((l) => l.attributes['ce-id']).sort());
  });

  it('given one failed publish, dead-letters only that cart\'s event, and the next cycle publishes that cart again (the key is not stuck)', async () => {
    const { topic, take } = await ps.topicWithSubscription();
    await ps.failPublish('FAILED_PRECONDITION', 1);
    const failed = await h.run(gcp(topic), emulatorEnv());
    await ps.reset();
    expect(failed.code).toBe(3);
    const letters = await deadLetters(h.ws().eventsDir);
    expect(letters).toHaveLength(1);
    const cartId = Number(letters[0]!.orderingKey.replace('cart_', ''));

    await h.admin('PUT', `/__admin/carts/${cartId}`, { userId: 1, date: '2020-01-02', products: [{ productId: 1, quantity: 5 }] });
    const next = await h.run(gcp(topic), emulatorEnv());
    expect(next.code).toBe(0);
    expect(summaries(next.stdout)[0]).toMatchObject({ modified: 1, published: 1, dead_lettered: 0 });
    const messages = await take(7);
    expect(versionsOf(messages, `cart_${cartId}`)).toEqual([2]);
  });

  it.each([
    ['a missing role (PERMISSION_DENIED)', 'PERMISSION_DENIED', 'User not authorized to perform this action.',
      /^cart-streamer: Pub\/Sub: permission denied: the caller lacks pubsub\.topics\.publish on topic projects\/\S+; grant the caller roles\/pubsub\.publisher there \(terraform -chdir=infra apply grants the tools their roles; gcp-bootstrap doctor checks them\)$/],
    ['the API turned off', 'PERMISSION_DENIED', 'Cloud Pub/Sub API has not been used in project 123456789012 before or it is disabled.',
      /^cart-streamer: Pub\/Sub: the API pubsub\.googleapis\.com is disabled in project 123456789012: run gcp-bootstrap enable-apis --project-id \S+, then try again$/],
    ['credentials refused (UNAUTHENTICATED)', 'UNAUTHENTICATED', 'Request had invalid authentication credentials.',
      /^cart-streamer: Pub\/Sub: Google rejected the credentials \(16 Request had invalid authentication credentials\.\): run 'gcloud auth application-default login', or point /],
  ])('given Pub/Sub refuses for %s, exits 2 with one line (cause and fix), dead-letters nothing, commits nothing, and the next start publishes the kept outbox', async (_case, code, message, line) => {
    const { topic, take } = await ps.topicWithSubscription();
    await ps.failPublish(code, -1, message);
    let refused;
    try {
      refused = await h.run(gcp(topic), emulatorEnv());
    } finally {
      await ps.reset();
    }
    expect(refused.code).toBe(2);
    const lines = refused.stderr.split('\n').filter(Boolean);
    expect(lines).toEqual([expect.stringMatching(line)]);
    expect(refused.stderr).not.toMatch(/\n\s+at |MetadataLookupWarning/);
    expect(await deadLetters(h.ws().eventsDir)).toEqual([]);
    expect(await listFiles(join(h.ws().dir, 'state'))).not.toContain('carts_state.json');

    const next = await h.run(gcp(topic), emulatorEnv());
    expect(next.code).toBe(0);
    expect((await take(7)).map((m) => m.orderingKey).sort()).toEqual([1, 2, 3, 4, 5, 6, 7].map((id) => `cart_${id}`));
    expect((await listFiles(join(h.ws().dir, 'state'))).filter((file) => file.includes('outbox'))).toEqual([]);
  });

  it('given replay-dlq refused for a missing role, exits 2 with one line and leaves every dead letter where it was; once granted, it replays them all', async () => {
    const { topic, take } = await ps.topicWithSubscription();
    await ps.failPublish('FAILED_PRECONDITION', -1);
    try {
      expect((await h.run(gcp(topic), emulatorEnv())).code).toBe(3);
    } finally {
      await ps.reset();
    }
    const letters = await deadLetters(h.ws().eventsDir);
    expect(letters).toHaveLength(7);

    await ps.failPublish('PERMISSION_DENIED', -1, 'User not authorized to perform this action.');
    let refused;
    try {
      refused = await h.replay(['--project-id', PROJECT_ID, '--topic', topic], emulatorEnv());
    } finally {
      await ps.reset();
    }
    expect(refused.code).toBe(2);
    expect(refused.stderr.split('\n').filter(Boolean)).toEqual([expect.stringMatching(/^cart-streamer: Pub\/Sub: permission denied: .* roles\/pubsub\.publisher there/)]);
    expect(await deadLetters(h.ws().eventsDir)).toEqual(letters);

    const replayed = await h.replay(['--project-id', PROJECT_ID, '--topic', topic], emulatorEnv());
    expect(replayed.code).toBe(0);
    expect(await take(7)).toHaveLength(7);
    expect(await deadLetters(h.ws().eventsDir)).toEqual([]);
  });
});
