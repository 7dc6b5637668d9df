import { withInstanceLock } from '@fakestore/shared-core';
import { loadStreamerConfig, resolveMode } from '../config.js';
import { isGcsUri } from '../io/gcs-storage.js';
import { checkStorageAccess } from '../io/storage-access.js';
import { checkPublishAccess } from '../sinks/access.js';
import { runStreamer } from '../streamer.js';
import { stateDirLock } from './_locks.js';

/**
 * `cart-streamer`: resolves the config, then streams under the state-folder lock. A gs:// state
 * has no lock file: its commit is conditioned on the manifest's generation, so of two streamers
 * on it only one can commit a cycle, and the other stops (exit 1, see commit-lost.ts).
 */
export async function runStreamCommand(flags: Record<string, unknown>): Promise<number> {
  const config = loadStreamerConfig(flags);
  // Before the lock and the state folder: without credentials or the right to publish, nothing is written.
  const mode = resolveMode(config);
  await checkPublishAccess(mode, { timeoutMs: config.publishTimeoutMs });
  await checkStorageAccess([config.stateFile, config.eventsDir], { mode, storageEmulatorHost: config.storageEmulatorHost, credentialsFile: config.credentialsFile, timeoutMs: config.publishTimeoutMs });
  if (isGcsUri(config.stateFile)) return runStreamer(config);
  // Held until the loop has stopped (a first SIGINT/SIGTERM finishes the cycle, then returns here);
  // a second signal exits at once, and proper-lockfile's exit hook still removes the lock.
  return withInstanceLock(stateDirLock(config.stateFile), () => runStreamer(config));
}
