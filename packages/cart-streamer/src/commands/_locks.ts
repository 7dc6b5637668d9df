import { dirname } from 'node:path';
import type { InstanceLockOptions } from '@fakestore/shared-core';

/**
 * One streamer per state folder (`--once` or looping): two would diff against the same snapshot,
 * publish the same changes twice and race on the state and outbox files.
 */
export function stateDirLock(stateFile: string): InstanceLockOptions {
  return { dir: dirname(stateFile), tool: 'cart-streamer' };
}

/**
 * One `replay-dlq` per events folder: two would publish the same dead letters twice and rewrite
 * the same files. It does not wait for the streamer, which only ever adds new dead-letter files,
 * so an operator can replay while the streamer keeps polling.
 */
export function deadLetterLock(eventsDir: string): InstanceLockOptions {
  return { dir: eventsDir, tool: 'cart-streamer', command: 'replay-dlq' };
}
