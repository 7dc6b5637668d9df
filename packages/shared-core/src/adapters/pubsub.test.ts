import { describe, expect, it } from 'vitest';
import { type PubSubTopicHandle, createPubSubPublisher } from './pubsub.js';

/** A topic that fails the listed bodies and records what was sent and resumed. */
function fakeTopic(failing: string[] = []) {
  const sent: { data: string; orderingKey?: string; attributes: Record<string, string> }[] = [];
  const resumed: string[] = [];
  let closed = 0;
  const handle: PubSubTopicHandle = {
    publishMessage: (message) => {
      const data = message.data.toString('utf8');
      if (failing.includes(data)) return Promise.reject(new Error(`7 PERMISSION_DENIED: ${data} refused`));
      sent.push({ data, attributes: message.attributes, ...(message.orderingKey ? { orderingKey: message.orderingKey } : {}) });
      return Promise.resolve(`m${sent.length}`);
    },
    resumePublishing: (key) => { resumed.push(key); },
    close: () => { closed += 1; return Promise.resolve(); },
  };
  return { handle, sent, resumed, closed: () => closed };
}

describe('createPubSubPublisher', () => {
  it('given a topic id, names the topic in full and connects only on the first publish', async () => {
    let connects = 0;
    const topic = fakeTopic();
    const publisher = createPubSubPublisher({ projectId: 'my-project', topic: 'carts-events', connect: () => { connects += 1; return Promise.resolve(topic.handle); } });
    expect(publisher.topicName).toBe('projects/my-project/topics/carts-events');
    expect(connects).toBe(0);
    expect(await publisher.publish([])).toEqual([]);
    expect(connects).toBe(0);
    await publisher.publish([{ data: 'a', orderingKey: 'k' }]);
    await publisher.publish([{ data: 'b', orderingKey: 'k' }]);
    expect(connects).toBe(1);
    await publisher.close();
    expect(topic.closed()).toBe(1);
  });

  it('when all succeed, returns the message ids in input order with data, attributes and key as given', async () => {
    const topic = fakeTopic();
    const publisher = createPubSubPublisher({ projectId: 'my-project', topic: 't', connect: () => Promise.resolve(topic.handle) });
    const results = await publisher.publish([
      { data: '{"a":1}', attributes: { 'ce-id': '1' }, orderingKey: 'cart_1' },
      { data: new TextEncoder().encode('b'), orderingKey: 'cart_2' },
    ]);
    expect(results).toEqual([{ ok: true, messageId: 'm1' }, { ok: true, messageId: 'm2' }]);
    expect(topic.sent).toEqual([
      { data: '{"a":1}', attributes: { 'ce-id': '1' }, orderingKey: 'cart_1' },
      { data: 'b', attributes: {}, orderingKey: 'cart_2' },
    ]);
  });

  it('when a message fails, sends nothing later for its key, keeps other keys going and resumes the key', async () => {
    const topic = fakeTopic(['k1-v1']);
    const publisher = createPubSubPublisher({ projectId: 'my-project', topic: 't', maxInFlight: 1, connect: () => Promise.resolve(topic.handle) });
    const results = await publisher.publish([
      { data: 'k1-v1', orderingKey: 'k1' },
      { data: 'k2-v1', orderingKey: 'k2' },
      { data: 'k1-v2', orderingKey: 'k1' },
    ]);
    expect(results[0]).toEqual({ ok: false, skipped: false, error: '7 PERMISSION_DENIED: k1-v1 refused' });
    expect(results[1]).toEqual({ ok: true, messageId: 'm1' });
    expect(results[2]).toMatchObject({ ok: false, skipped: true, error: expect.stringMatching(/earlier message with ordering key k1 failed/) as unknown });
    expect(topic.sent.map((m) => m.data)).toEqual(['k2-v1']);
    expect(topic.resumed).toEqual(['k1']);
  });

  it('when connecting fails, rejects and tries to connect again on the next publish', async () => {
    let attempts = 0;
    const topic = fakeTopic();
    const publisher = createPubSubPublisher({
      projectId: 'my-project',
      topic: 't',
      connect: () => (++attempts === 1 ? Promise.reject(new Error('no credentials')) : Promise.resolve(topic.handle)),
    });
    await expect(publisher.publish([{ data: 'a' }])).rejects.toThrow('no credentials');
    expect(await publisher.publish([{ data: 'a' }])).toEqual([{ ok: true, messageId: 'm1' }]);
  });

  it('once the signal aborts, resolves every unconfirmed message as failed with its reason and sends nothing more', async () => {
    const sent: string[] = [];
    const hanging: PubSubTopicHandle = {
      publishMessage: (message) => {
        sent.push(message.data.toString('utf8'));
        return new Promise<string>(() => undefined); // an unreachable Pub/Sub: never settles
      },
      resumePublishing: () => undefined,
      close: () => Promise.resolve(),
    };
    const publisher = createPubSubPublisher({ projectId: 'p', topic: 't', maxInFlight: 2, connect: () => Promise.resolve(hanging) });
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('not published within 50 ms')), 50);
    const results = await publisher.publish([{ data: 'a' }, { data: 'b' }, { data: 'c' }], { signal: controller.signal });
    expect(results).toEqual([
      { ok: false, skipped: false, error: 'not published within 50 ms' },
      { ok: false, skipped: false, error: 'not published within 50 ms' },
      { ok: false, skipped: true, error: 'not sent: not published within 50 ms' },
    ]);
    expect(sent).toEqual(['a', 'b']);
  });
});
