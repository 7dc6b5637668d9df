import { withInstanceLock } from '@fakestore/shared-core';
import { loadStreamerConfig, resolveMode } from '../config.js';
import { checkPublishAccess } from '../sinks/access.js';
import { runStreamer } from '../streamer.js';
import { stateDirLock } from './_locks.js';

/** `cart-streamer`: resolves the config, then streams under the state-folder lock. */
export async function runStreamCommand(flags: Record<string, unknown>): Promise<number> {
  const config = loadStreamerConfig(flags);
  // Before the lock and the state folder: without credentials or the right to publish, nothing is written.
  await checkPublishAccess(resolveMode(config), { timeoutMs: config.publishTimeoutMs });
  // Held until the loop has stopped (a first SIGINT/SIGTERM finishes the cycle, then returns here);
  // a second signal exits at once, and proper-lockfile's exit hook still removes the lock.
  return withInstanceLock(stateDirLock(config.stateFile), () => runStreamer(config));
}
