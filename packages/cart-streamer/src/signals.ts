import type { Logger } from '@fakestore/shared-core';

export interface Shutdown {
  /** A first SIGINT/SIGTERM arrived: finish the cycle in flight, start no other. */
  readonly requested: boolean;
  /** Waits, or less if a stop is requested meanwhile. */
  sleep(ms: number): Promise<void>;
  dispose(): void;
}

const signalNumbers = { SIGINT: 2, SIGTERM: 15 } as const;
type StopSignal = keyof typeof signalNumbers;

/**
 * First SIGINT/SIGTERM: stop after the cycle in flight. Second: exit at once with 128 + the signal
 * number (130, 143). That is safe because every file is written atomically: the state is the old
 * one or the new one, and a pending outbox is finished on the next start.
 */
export function installShutdown(logger: Logger, exit: (code: number) => void = (code) => process.exit(code)): Shutdown {
  const stop = new AbortController();
  const onSignal = (signal: StopSignal) => {
    if (stop.signal.aborted) {
      logger.warn({ signal }, `${signal} again: exiting now`);
      exit(128 + signalNumbers[signal]);
      return;
    }
    logger.info({ signal }, `${signal} received: finishing the cycle in flight, then exiting (send it again to exit at once)`);
    stop.abort();
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
    sleep: (ms) =>
      new Promise((resolve) => {
        if (stop.signal.aborted) return resolve();
        const done = () => {
          clearTimeout(timer);
          stop.signal.removeEventListener('abort', done);
          resolve();
        };
        const timer = setTimeout(done, ms);
        stop.signal.addEventListener('abort', done);
      }),
    dispose: () => {
      for (const { signal, handler } of handlers) process.off(signal, handler);
    },
  };
}
