import { withInstanceLock } from '@fakestore/shared-core';
import { loadStreamerConfig } from '../config.js';
import { isGcsUri } from '../io/gcs-storage.js';
import { runStreamer } from '../streamer.js';
import { stateDirLock } from './_locks.js';

/**
 * `cart-streamer`: resolves the config, then streams under the state-folder lock. A gs:// state
 * has no lock file: its commit is conditioned on the manifest's generation, so of two streamers
 * on it only one can commit a cycle, and the other stops (exit 1, see commit-lost.ts).
 */
export async function runStreamCommand(flags: Record<string, unknown>): Promise<number> {
  const config = loadStreamerConfig(flags);
  if (isGcsUri(config.stateFile)) return runStreamer(config);
  // Held until the loop has stopped (a first SIGINT/SIGTERM finishes the cycle, then returns here);
  // a second signal exits at once, and proper-lockfile's exit hook still removes the lock.
  return withInstanceLock(stateDirLock(config.stateFile), () => runStreamer(config));
}
