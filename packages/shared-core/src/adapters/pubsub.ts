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

import { CloudConfigError } from '../errors.js';
import { withDeadline } from './_google.js';
import { type CloudFault, type CloudFaultContext, classifyCloudError, isConfigurationFault } from '../gcp/classify-fault.js';

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
      /** Set when Pub/Sub refused for a reason no retry fixes: a missing role, a disabled API, rejected credentials. */
      fault?: CloudFault;
    };

/** The part of an SDK topic the publisher uses; tests pass a fake through `connect`. */
export interface PubSubTopicHandle {
  publishMessage(message: { data: Buffer; attributes: Record<string, string>; orderingKey?: string }): Promise<string>;
  resumePublishing(orderingKey: string): void;
  /** The subset of `permissions` the caller holds on the topic (IAM testIamPermissions); absent: cannot be asked. */
  testPermissions?(permissions: string[]): Promise<string[]>;
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
  /** Who publishes (a service account's email), named by a permission-denied line. */
  principal?: string;
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
  /**
   * Asks Pub/Sub whether the caller may publish to the topic (testIamPermissions, which needs no
   * permission itself), before anything is written: a missing role, a missing topic, a disabled API
   * or rejected credentials throw a CloudConfigError. An unreachable Pub/Sub, or an endpoint that
   * cannot answer (an emulator has no IAM), passes: publishing finds out.
   */
  checkPublishAccess(options?: { timeoutMs?: number }): Promise<void>;
  close(): Promise<void>;
}

export function createPubSubPublisher(options: PubSubPublisherOptions): PubSubPublisher {
  const maxInFlight = Math.max(1, Math.floor(options.maxInFlight ?? 1000));
  const connect = options.connect ?? connectSdk;
  let handle: Promise<PubSubTopicHandle> | undefined;
  const topicName = options.topic.startsWith('projects/') ? options.topic : `projects/${options.projectId}/topics/${options.topic}`;
  const faultContext: CloudFaultContext = {
    permission: PUBLISH,
    service: 'pubsub.googleapis.com',
    resources: { topic: topicName, project: options.projectId },
    projectId: options.projectId,
    ...(options.principal && { principal: options.principal }),
  };
  const connected = () =>
    (handle ??= connect(options).catch((error: unknown) => {
      handle = undefined; // let the next call try again
      throw error;
    }));

  async function publish(messages: readonly PubSubMessage[], { signal }: { signal?: AbortSignal } = {}): Promise<PubSubPublishResult[]> {
    if (messages.length === 0) return [];
    const pending = connected();
    let topic: PubSubTopicHandle;
    try {
      // Loading the SDK and making the client can take seconds on a busy machine: bounded by the signal too.
      topic = signal ? await untilAborted(pending, signal) : await pending;
    } catch (error) {
      if (!signal?.aborted) throw error;
      return messages.map(() => ({ ok: false, skipped: true, error: `not sent: ${reasonOf(signal)}` }));
    }
    const results: PubSubPublishResult[] = new Array<PubSubPublishResult>(messages.length);
    const failedKeys = new Map<string, string>();
    for (let start = 0; start < messages.length; start += maxInFlight) {
      const window = messages.slice(start, start + maxInFlight);
      await Promise.all(window.map(async (message, offset) => {
        results[start + offset] = await publishOne(topic, message, failedKeys, signal, faultContext);
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

  async function checkPublishAccess({ timeoutMs = 15_000 }: { timeoutMs?: number } = {}): Promise<void> {
    let granted: string[];
    try {
      const topic = await connected();
      if (!topic.testPermissions) return;
      granted = await withDeadline(topic.testPermissions([PUBLISH]), timeoutMs);
    } catch (error) {
      const fault = classifyCloudError(error, faultContext);
      if (isConfigurationFault(fault)) throw new CloudConfigError(`Pub/Sub: ${fault.line}`, { kind: fault.kind, cause: error });
      if (grpcCodeOf(error) === GRPC_NOT_FOUND) {
        throw new CloudConfigError(
          `Pub/Sub: the topic ${topicName} does not exist: create it (terraform -chdir=infra apply), or set --topic / PUBSUB_TOPIC to the right one`,
          { kind: 'missing-topic', cause: error },
        );
      }
      return; // unreachable or unanswerable: publishing will tell
    }
    if (!granted.includes(PUBLISH)) {
      // testIamPermissions answers with the subset held: a refusal in all but name.
      const fault = classifyCloudError({ code: GRPC_PERMISSION_DENIED, details: `${PUBLISH} not held`, message: `${PUBLISH} not held` }, faultContext);
      throw new CloudConfigError(`Pub/Sub: ${fault.line}`, { kind: fault.kind });
    }
  }

  return {
    topicName,
    publish,
    checkPublishAccess,
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
  faultContext: CloudFaultContext,
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
    const fault = classifyCloudError(error, faultContext);
    return { ok: false, skipped: false, error: error instanceof Error ? error.message : String(error), ...(isConfigurationFault(fault) && { fault }) };
  }
}

const PUBLISH = 'pubsub.topics.publish';
const GRPC_PERMISSION_DENIED = 7;
const GRPC_NOT_FOUND = 5;

function grpcCodeOf(error: unknown): number | undefined {
  const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
  return typeof code === 'number' && code < 100 ? code : undefined;
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
    testPermissions: async (permissions) => {
      const [granted] = await topic.iam.testPermissions(permissions);
      return Object.entries(granted).filter(([, held]) => held).map(([permission]) => permission);
    },
    close: () => pubsub.close(),
  };
}
