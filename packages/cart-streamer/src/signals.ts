import type { Logger } from '@fakestore/shared-core';

export interface Shutdown {
  /** A first SIGINT/SIGTERM arrived: finish the cycle in flight, start no other. */
  readonly requested: boolean;
  /**
   * Aborts one grace period after the first signal: what the cycle in flight has not done by then
   * it gives up (a fetch or outbox write is dropped, unpublished events are dead-lettered).
   */
  readonly deadline: AbortSignal;
  /** Waits, or less if a stop is requested meanwhile. */
  sleep(ms: number): Promise<void>;
  dispose(): void;
}

const signalNumbers = { SIGINT: 2, SIGTERM: 15 } as const;
type StopSignal = keyof typeof signalNumbers;

/** The reason the deadline aborts with. */
export class StopDeadline extends Error {
  override readonly name = 'StopDeadline';
}

/**
 * First SIGINT/SIGTERM: stop after the cycle in flight, which gets `graceMs` (the publish timeout)
 * to finish. Second: exit at once with 128 + the signal number (130, 143). That is safe because
 * every file is written to a temp file and moved in place: the state is the old one or the new
 * one, a pending outbox is finished on the next start, and leftover temp files are removed then.
 * The cycle never blocks the event loop for long (it yields between chunks), so the second signal
 * is handled within moments, mid-fetch and mid-write included.
 */
export function installShutdown(logger: Logger, graceMs: number, exit: (code: number) => void = (code) => process.exit(code)): Shutdown {
  const stop = new AbortController();
  const deadline = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const onSignal = (signal: StopSignal) => {
    if (stop.signal.aborted) {
      logger.warn({ signal }, `${signal} again: exiting now`);
      exit(128 + signalNumbers[signal]);
      return;
    }
    logger.info({ signal, grace_ms: graceMs }, `${signal} received: finishing the cycle in flight (at most ${graceMs} ms), then exiting (send it again to exit at once)`);
    stop.abort();
    timer = setTimeout(() => deadline.abort(new StopDeadline(`stopped by ${signal}: the cycle did not finish within ${graceMs} ms`)), graceMs);
    timer.unref();
  };
  const handlers = Object.keys(signalNumbers).map((name) => {
    const signal = name as StopSignal;
    const handler = () => onSignal(signal);
    process.on(signal, handler);
    return { signal, handler };
  });
  return {
    get requested() {
      return stop.signal.aborted;
    },
    deadline: deadline.signal,
    sleep: (ms) =>
      new Promise((resolve) => {
        if (stop.signal.aborted) return resolve();
        const done = () => {
          clearTimeout(wait);
          stop.signal.removeEventListener('abort', done);
          resolve();
        };
        const wait = setTimeout(done, ms);
        stop.signal.addEventListener('abort', done);
      }),
    dispose: () => {
      clearTimeout(timer);
      for (const { signal, handler } of handlers) process.off(signal, handler);
    },
  };
}
