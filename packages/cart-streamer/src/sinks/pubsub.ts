import { CloudConfigError, type PubSubPublisher, createPubSubPublisher } from '@fakestore/shared-core';
import type { EventSink, PublishResult } from '../types.js';

export interface PubSubSinkOptions {
  projectId: string;
  topic: string;
  /** `host:port` of an emulator; default `PUBSUB_EMULATOR_HOST`. */
  emulatorHost?: string;
  /** Who publishes (a service account's email), named by a permission-denied line. */
  principal?: string;
  /** Replaces the SDK-backed publisher (tests). */
  publisher?: PubSubPublisher;
}

/**
 * Publishes to a Pub/Sub topic with message ordering (key `cart_{id}`), CloudEvents binary mode
 * (attributes as given), client batching, and one awaited result per message. The SDK is
 * imported on the first publish only.
 *
 * A refusal no retry fixes (a missing role, a disabled API, rejected credentials) is not a dead
 * letter: `send` throws a `CloudConfigError` (exit 2, even for a long-running streamer), and the
 * cycle leaves its outbox for the next start, which re-publishes the same events once it is fixed.
 */
export function createPubSubSink(options: PubSubSinkOptions): EventSink {
  const publisher = options.publisher ?? createPubSubPublisher({
    projectId: options.projectId,
    topic: options.topic,
    ...(options.emulatorHost ? { emulatorHost: options.emulatorHost } : {}),
    ...(options.principal ? { principal: options.principal } : {}),
  });
  const where = options.emulatorHost ? ` (emulator ${options.emulatorHost})` : '';
  return {
    description: `Pub/Sub ${publisher.topicName}${where}`,
    deadLetters: true,
    begin: () => ({
      async send(messages, signal) {
        const results = await publisher.publish(messages, { signal });
        for (const result of results) {
          if (!result.ok && result.fault) throw new CloudConfigError(`Pub/Sub: ${result.fault.line}`, { kind: result.fault.kind });
        }
        return results.map((result): PublishResult => (result.ok ? { status: 'published', messageId: result.messageId } : { status: 'failed', error: result.error }));
      },
      finish: () => Promise.resolve(),
      abort: () => Promise.resolve(),
    }),
    close: () => publisher.close(),
  };
}
