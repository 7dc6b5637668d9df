import { type Message, PubSub, type Subscription } from '@google-cloud/pubsub';
import { type RunningEmulator, startEmulator } from '@fakestore/test-utils';
import { afterAll, beforeAll } from 'vitest';

export const PROJECT_ID = 'test-project';

export interface Received {
  orderingKey: string;
  attributes: Record<string, string>;
  data: string;
  messageId: string;
}

export interface PubSubHarness {
  emulator(): RunningEmulator;
  client(): PubSub;
  /** A new topic with an ordered subscription; `take(n)` resolves with the first n messages received, acked. */
  topicWithSubscription(): Promise<{ topic: string; take(count: number, timeoutMs?: number): Promise<Received[]> }>;
  /** Makes the next `times` Publish calls fail with a gRPC code (-1: until `reset`), and the message given. */
  failPublish(code: string, times: number, message?: string): Promise<void>;
  reset(): Promise<void>;
}

/** One Pub/Sub emulator per test file (built by `make emulators`). */
export function usePubSub(): PubSubHarness {
  let emulator: RunningEmulator | undefined;
  let client: PubSub | undefined;
  let counter = 0;
  const subscriptions: Subscription[] = [];
  beforeAll(async () => {
    emulator = await startEmulator('pubsub');
    client = new PubSub({ projectId: PROJECT_ID, apiEndpoint: emulator.host, emulatorMode: true, universeDomain: 'googleapis.com' });
  });
  afterAll(async () => {
    await Promise.all(subscriptions.map((s) => s.close()));
    await client?.close();
    await emulator?.stop();
  });
  const admin = async (path: string) => {
    const response = await fetch(`${harness.emulator().adminUrl ?? ''}${path}`, { method: 'POST' });
    if (!response.ok) throw new Error(`emulator admin ${path}: ${response.status} ${await response.text()}`);
  };
  const harness: PubSubHarness = {
    emulator: () => emulator ?? fail('the emulator has not started'),
    client: () => client ?? fail('the emulator has not started'),
    topicWithSubscription: async () => {
      counter += 1;
      const name = `carts-events-${counter}-${Date.now()}`;
      const [topic] = await harness.client().createTopic(name);
      const [subscription] = await topic.createSubscription(`${name}-sub`, { enableMessageOrdering: true });
      subscriptions.push(subscription);
      const received: Received[] = [];
      subscription.on('message', (message: Message) => {
        received.push({ orderingKey: message.orderingKey ?? '', attributes: message.attributes, data: message.data.toString('utf8'), messageId: message.id });
        message.ack();
      });
      subscription.on('error', () => undefined);
      const take = async (count: number, timeoutMs = 10_000) => {
        const deadline = Date.now() + timeoutMs;
        while (received.length < count && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 25));
        if (received.length < count) throw new Error(`received ${received.length} of ${count} messages within ${timeoutMs} ms`);
        return received.slice(0, count);
      };
      return { topic: name, take };
    },
    failPublish: (code, times, message) =>
      admin(`/fail?method=Publish&code=${code}&times=${times}${message === undefined ? '' : `&message=${encodeURIComponent(message)}`}`),
    reset: () => admin('/reset'),
  };
  return harness;
}

function fail(message: string): never {
  throw new Error(message);
}
