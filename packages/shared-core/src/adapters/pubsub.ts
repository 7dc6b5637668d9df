/**
 * An ordered Pub/Sub publisher on `@google-cloud/pubsub`, loaded only when first used so local runs
 * never load the SDK.
 *
 * What it guarantees, per call of `publish`:
 * - every message gets a result (`messageId` or `error`); nothing throws for a failed message;
 * - per ordering key, nothing is sent after a message of that key failed: later messages of the
 *   key are reported as skipped, so the caller can dead-letter them in order;
 * - every key that failed is handed to `resumePublishing` at the end, so the next call can use it.
 *
 * Behaviour of @google-cloud/pubsub 6.3.0 (pinned by the cart-streamer emulator tests): a failed
 * ordered publish rejects the messages queued behind it for that key with the same error, then the
 * key's queue emits `drain` and is dropped, so the key is NOT left paused and `resumePublishing` is
 * a no-op. Older and other clients keep the key paused until resumed; calling it covers both.
 */

/** A message for an ordered topic. */
export interface PubSubMessage {
  /** The body; text is sent as UTF-8. */
  data: string | Uint8Array;
  attributes?: Record<string, string>;
  orderingKey?: string;
}

export type PubSubPublishResult =
  | { ok: true; messageId: string }
  | {
      ok: false;
      /** e.g. `7 PERMISSION_DENIED: ...`, or why the message was not sent. */
      error: string;
      /** Not sent because an earlier message of its ordering key failed. */
      skipped: boolean;
    };

/** The part of an SDK topic the publisher uses; tests pass a fake through `connect`. */
export interface PubSubTopicHandle {
  publishMessage(message: { data: Buffer; attributes: Record<string, string>; orderingKey?: string }): Promise<string>;
  resumePublishing(orderingKey: string): void;
  close(): Promise<void>;
}

export interface PubSubPublisherOptions {
  projectId: string;
  /** Topic id (`carts-events`) or full name (`projects/p/topics/carts-events`). */
  topic: string;
  /** `host:port` of a Pub/Sub emulator: plaintext, no credentials. Default: `PUBSUB_EMULATOR_HOST`. */
  emulatorHost?: string;
  /** Messages awaited at once; the next ones wait for the whole window. Default 1000. */
  maxInFlight?: number;
  /** Client batching per ordering key. Default 100 messages or 10 ms. */
  batching?: { maxMessages?: number; maxMilliseconds?: number };
  /** Replaces the SDK (tests). */
  connect?: (options: PubSubPublisherOptions) => Promise<PubSubTopicHandle>;
}

export interface PubSubPublisher {
  /** `projects/{project}/topics/{topic}`. */
  readonly topicName: string;
  /**
   * Publishes in order; resolves with one result per message, in input order. Once `signal`
   * aborts, every message not confirmed yet resolves as failed with the signal's reason (the
   * client may still deliver some of them: consumers de-duplicate on the event id) and nothing
   * more is sent, so a stuck or unreachable Pub/Sub never holds the caller past its deadline.
   */
  publish(messages: readonly PubSubMessage[], options?: { signal?: AbortSignal }): Promise<PubSubPublishResult[]>;
  close(): Promise<void>;
}

export function createPubSubPublisher(options: PubSubPublisherOptions): PubSubPublisher {
  const maxInFlight = Math.max(1, Math.floor(options.maxInFlight ?? 1000));
  const connect = options.connect ?? connectSdk;
  let handle: Promise<PubSubTopicHandle> | undefined;
  const topicName = options.topic.startsWith('projects/') ? options.topic : `projects/${options.projectId}/topics/${options.topic}`;

  async function publish(messages: readonly PubSubMessage[], { signal }: { signal?: AbortSignal } = {}): Promise<PubSubPublishResult[]> {
    if (messages.length === 0) return [];
    handle ??= connect(options).catch((error: unknown) => {
      handle = undefined; // let the next call try again
      throw error;
    });
    let topic: PubSubTopicHandle;
    try {
      // Loading the SDK and making the client can take seconds on a busy machine: bounded by the signal too.
      topic = signal ? await untilAborted(handle, signal) : await handle;
    } catch (error) {
      if (!signal?.aborted) throw error;
      return messages.map(() => ({ ok: false, skipped: true, error: `not sent: ${reasonOf(signal)}` }));
    }
    const results: PubSubPublishResult[] = new Array<PubSubPublishResult>(messages.length);
    const failedKeys = new Map<string, string>();
    for (let start = 0; start < messages.length; start += maxInFlight) {
      const window = messages.slice(start, start + maxInFlight);
      await Promise.all(window.map(async (message, offset) => {
        results[start + offset] = await publishOne(topic, message, failedKeys, signal);
      }));
      window.forEach((message, offset) => {
        const result = results[start + offset];
        if (message.orderingKey && result && !result.ok && !failedKeys.has(message.orderingKey)) {
          failedKeys.set(message.orderingKey, result.error);
        }
      });
    }
    for (const key of failedKeys.keys()) topic.resumePublishing(key);
    return results;
  }

  return {
    topicName,
    publish,
    close: async () => {
      if (handle) await (await handle.catch(() => undefined))?.close();
      handle = undefined;
    },
  };
}

async function publishOne(
  topic: PubSubTopicHandle,
  message: PubSubMessage,
  failedKeys: Map<string, string>,
  signal: AbortSignal | undefined,
): Promise<PubSubPublishResult> {
  const key = message.orderingKey;
  const earlier = key === undefined ? undefined : failedKeys.get(key);
  if (earlier !== undefined) {
    return { ok: false, skipped: true, error: `not sent: an earlier message with ordering key ${key} failed (${earlier})` };
  }
  if (signal?.aborted) return { ok: false, skipped: true, error: `not sent: ${reasonOf(signal)}` };
  try {
    const data = typeof message.data === 'string' ? Buffer.from(message.data, 'utf8') : Buffer.from(message.data);
    const sent = topic.publishMessage({ data, attributes: message.attributes ?? {}, ...(key ? { orderingKey: key } : {}) });
    const messageId = signal ? await untilAborted(sent, signal) : await sent;
    return { ok: true, messageId };
  } catch (error) {
    return { ok: false, skipped: false, error: error instanceof Error ? error.message : String(error) };
  }
}

/** The promise's value, or a rejection with the signal's reason once it aborts (the promise itself runs on). */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(new Error(reasonOf(signal)));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new Error(reasonOf(signal)));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

function reasonOf(signal: AbortSignal): string {
  const reason: unknown = signal.reason;
  return reason instanceof Error ? reason.message : String(reason);
}

/** The real SDK, imported on first use. */
async function connectSdk(options: PubSubPublisherOptions): Promise<PubSubTopicHandle> {
  const { PubSub } = await import('@google-cloud/pubsub');
  const emulatorHost = options.emulatorHost ?? (process.env.PUBSUB_EMULATOR_HOST || undefined);
  const pubsub = new PubSub({
    projectId: options.projectId,
    // With an emulator: plaintext, and a fixed universe so the client never probes the GCE
    // metadata server for credentials (it would print a MetadataLookupWarning on a laptop).
    ...(emulatorHost ? { apiEndpoint: emulatorHost, emulatorMode: true, universeDomain: 'googleapis.com' } : {}),
  });
  const topic = pubsub.topic(options.topic, {
    messageOrdering: true,
    batching: { maxMessages: options.batching?.maxMessages ?? 100, maxMilliseconds: options.batching?.maxMilliseconds ?? 10 },
  });
  return {
    publishMessage: (message) => topic.publishMessage(message),
    resumePublishing: (key) => topic.resumePublishing(key),
    close: () => pubsub.close(),
  };
}
