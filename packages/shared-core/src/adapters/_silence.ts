import type { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DeadlineError } from './_google.js';

/**
 * `pipeline(source, target)` bounded by silence rather than by duration: it fails with a
 * `DeadlineError` once `target` has emitted no `event` (the Storage client's upload `progress`)
 * for `ms`, and may take as long as it likes while bytes keep moving. A transfer of half a
 * gigabyte on a slow link is not an outage; a link where nothing moves for `ms` is.
 */
export async function pipeUntilSilent(source: Readable, target: Writable, ms: number, event = 'progress'): Promise<void> {
  let watchdog: NodeJS.Timeout | undefined;
  const arm = () => {
    clearTimeout(watchdog);
    watchdog = setTimeout(() => target.destroy(new DeadlineError(`no progress for ${ms} ms`)), ms);
  };
  target.on(event, arm);
  arm();
  try {
    await pipeline(source, target);
  } finally {
    clearTimeout(watchdog);
    target.off(event, arm);
  }
}
