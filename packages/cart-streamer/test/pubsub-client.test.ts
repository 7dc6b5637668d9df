import { createPubSubPublisher } from '@fakestore/shared-core';
import { describe, expect, it } from 'vitest';
import { PROJECT_ID, usePubSub } from './support/pubsub.js';

const ps = usePubSub();

const outcome = (promise: Promise<string>) => promise.then(() => 'published', (error: Error) => `failed: ${error.message}`);

/**
 * Pins what @google-cloud/pubsub 6.3.0 really does after a failed ordered publish, since the
 * streamer's dead-letter logic depends on it.
 */
describe('@google-cloud/pubsub 6.3.0 with message ordering, after a failed publish', () => {
  it('fails the messages queued behind the failure for that key, but does not pause the key: the next publish succeeds without resumePublishing', async () => {
    const { topic: name, take } = await ps.topicWithSubscription();
    const topic = ps.client().topic(name, { messageOrdering: true });
    await ps.failPublish('PERMISSION_DENIED', 1);
    const first = await Promise.all([
      outcome(topic.publishMessage({ data: Buffer.from('k1-v1'), orderingKey: 'k1' })),
      outcome(topic.publishMessage({ data: Buffer.from('k1-v2'), orderingKey: 'k1' })),
    ]);
    expect(first).toEqual(['failed: 7 PERMISSION_DENIED: injected by pubsub-emulator', 'failed: 7 PERMISSION_DENIED: injected by pubsub-emulator']);
    // A paused key would reject with "Unable to publish for key ..."; 6.3.0 dropped the key's queue on 'drain' instead.
    expect(await outcome(topic.publishMessage({ data: Buffer.from('k1-v3'), orderingKey: 'k1' }))).toBe('published');
    expect((await take(1)).map((m) => m.data)).toEqual(['k1-v3']);
  });

  it('through createPubSubPublisher: later messages of the failed key are skipped, other keys go through, and the key works on the next call', async () => {
    const { topic, take } = await ps.topicWithSubscription();
    const publisher = createPubSubPublisher({ projectId: PROJECT_ID, topic, emulatorHost: ps.emulator().host, maxInFlight: 1 });
    try {
      await ps.failPublish('PERMISSION_DENIED', 1);
      const results = await publisher.publish([
        { data: 'a-v1', orderingKey: 'a' },
        { data: 'b-v1', orderingKey: 'b' },
        { data: 'a-v2', orderingKey: 'a' },
      ]);
      expect(results.map((r) => (r.ok ? 'ok' : r.skipped ? 'skipped' : 'failed'))).toEqual(['failed', 'ok', 'skipped']);
      expect(await publisher.publish([{ data: 'a-v3', orderingKey: 'a' }])).toEqual([{ ok: true, messageId: expect.any(String) as unknown }]);
      expect((await take(2)).map((m) => m.data)).toEqual(['b-v1', 'a-v3']);
    } finally {
      await publisher.close();
    }
  });
});
