import { configArgs, flagValues, withInstanceLock } from '@fakestore/shared-core';
import { defineCommand } from 'citty';
import { loadStreamerConfig, streamerFields } from '../config.js';
import { runStreamer } from '../streamer.js';
import { stateDirLock } from './_locks.js';

export default defineCommand({
  meta: {
    name: 'cart-streamer',
    description:
      'Poll Fake Store carts, diff them with the saved state and publish cart_created / cart_modified / cart_deleted CloudEvents. ' +
      'Local mode (default) writes the event log under --events-dir; gcp mode (a project id is set, no --local-only) publishes to Pub/Sub. ' +
      'One streamer per state folder: it holds {state folder}/.cart-streamer.lock while it runs; a second one exits 1.',
  },
  args: configArgs(streamerFields),
  run: async ({ args }) => {
    const config = loadStreamerConfig(flagValues(streamerFields, args));
    // Held until the loop has stopped (a first SIGINT/SIGTERM finishes the cycle, then returns here);
    // a second signal exits at once, and proper-lockfile's exit hook still removes the lock.
    return withInstanceLock(stateDirLock(config.stateFile), () => runStreamer(config));
  },
});

