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

describe('checkPublishAccess (testIamPermissions before anything is written)', () => {
  const SA = 'streamer@my-project.iam.gserviceaccount.com';
  const publisherWith = (testPermissions: PubSubTopicHandle['testPermissions']) =>
    createPubSubPublisher({
      projectId: 'my-project',
      topic: 'carts-events',
      principal: SA,
      connect: () => Promise.resolve({ ...fakeTopic().handle, ...(testPermissions && { testPermissions }) }),
    });
  /** google-gax's error of a gRPC call: a status code 0-16 and `details`. */
  const grpc = (code: number, details: string) => Object.assign(new Error(`${code} ${details}`), { code, details });

  it('given the publish permission held, then it passes', async () => {
    await expect(publisherWith(() => Promise.resolve(['pubsub.topics.publish'])).checkPublishAccess()).resolves.toBeUndefined();
  });

  it('given the permission not held (IAM answers with the subset held: none), then a CloudConfigError naming roles/pubsub.publisher on the topic', async () => {
    const check = publisherWith(() => Promise.resolve([])).checkPublishAccess();
    await expect(check).rejects.toMatchObject({
      name: 'CloudConfigError',
      kind: 'permission-denied',
      message: `Pub/Sub: permission denied: ${SA} lacks pubsub.topics.publish on topic projects/my-project/topics/carts-events; grant serviceAccount:${SA} roles/pubsub.publisher there (terraform -chdir=infra apply grants the tools their roles; gcp-bootstrap doctor checks them)`,
    });
  });

  it('given the topic missing (NOT_FOUND), then a CloudConfigError naming the topic and how to create it', async () => {
    await expect(publisherWith(() => Promise.reject(grpc(5, 'Resource not found (resource=carts-events).'))).checkPublishAccess()).rejects.toMatchObject({
      kind: 'missing-topic',
      message: expect.stringMatching(/^Pub\/Sub: the topic projects\/my-project\/topics\/carts-events does not exist: create it \(terraform -chdir=infra apply\), or set --topic/) as unknown,
    });
  });

  it('given the API disabled, then a CloudConfigError with gcp-bootstrap enable-apis', async () => {
    const off = Object.assign(grpc(7, 'Cloud Pub/Sub API has not been used in project 123 before or it is disabled.'), { reason: 'SERVICE_DISABLED', errorInfoMetadata: { service: 'pubsub.googleapis.com', consumer: 'projects/123' } });
    await expect(publisherWith(() => Promise.reject(off)).checkPublishAccess()).rejects.toMatchObject({
      kind: 'api-disabled',
      message: 'Pub/Sub: the API pubsub.googleapis.com is disabled in project 123: run gcp-bootstrap enable-apis --project-id my-project, then try again',
    });
  });

  it('given Pub/Sub unreachable, or an endpoint that cannot answer (an emulator has no IAM), then it passes: publishing will tell', async () => {
    await expect(publisherWith(() => Promise.reject(grpc(14, 'No connection established'))).checkPublishAccess()).resolves.toBeUndefined();
    await expect(publisherWith(() => Promise.reject(grpc(12, 'Method not found'))).checkPublishAccess()).resolves.toBeUndefined();
    await expect(publisherWith(undefined).checkPublishAccess()).resolves.toBeUndefined();
  });

  it('given a publish refused for a missing role, then the result carries the fault (the sink stops the run on it)', async () => {
    const refusing = { ...fakeTopic().handle, publishMessage: () => Promise.reject(grpc(7, 'User not authorized to perform this action.')) };
    const publisher = createPubSubPublisher({ projectId: 'my-project', topic: 'carts-events', connect: () => Promise.resolve(refusing) });
    const [result] = await publisher.publish([{ data: 'a', orderingKey: 'k' }]);
    expect(result).toMatchObject({ ok: false, fault: { kind: 'permission-denied', role: 'roles/pubsub.publisher' } });
  });
});
