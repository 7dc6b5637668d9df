import { checkGoogleCredentials, createPubSubPublisher } from '@fakestore/shared-core';
import type { Mode } from '../config.js';

/**
 * What gcp mode needs before the streamer or `replay-dlq` touches a file: usable credentials
 * (found without probing the metadata server, a key file that reads, a token Google issues) and
 * the right to publish to a topic that exists. Anything missing is a `CloudConfigError`: exit 2
 * with one line naming the fix, and no state, outbox or event file written. An unreachable Google
 * passes: the cycle finds out, and dead-letters (exit 3).
 *
 * An emulator (PUBSUB_EMULATOR_HOST) takes no credentials and has no IAM: nothing to check.
 */
export async function checkPublishAccess(mode: Mode, options: { timeoutMs: number }): Promise<void> {
  if (mode.kind === 'local' || mode.emulatorHost) return;
  const credentials = await checkGoogleCredentials({
    ...(mode.credentialsFile && { keyFile: mode.credentialsFile }),
    alternative: 'or pass --local-only to write the local event log',
    timeoutMs: options.timeoutMs,
  });
  const publisher = createPubSubPublisher({
    projectId: mode.projectId,
    topic: mode.topic,
    ...(credentials.principal && { principal: credentials.principal }),
  });
  try {
    await publisher.checkPublishAccess({ timeoutMs: options.timeoutMs });
  } finally {
    await publisher.close();
  }
}
