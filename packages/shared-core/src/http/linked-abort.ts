/**
 * An `AbortController` that also aborts, with the same reason, when `parent` does; `release()` unhooks
 * it. Unlike `AbortSignal.any`, nothing stays registered on a long-lived parent (a process's shutdown
 * signal) once a call is over.
 */
export interface LinkedAbort {
  readonly signal: AbortSignal;
  abort(reason: unknown): void;
  release(): void;
}

export function linkedAbort(parent: AbortSignal | undefined): LinkedAbort {
  const controller = new AbortController();
  const follow = () => controller.abort(parent?.reason);
  if (parent?.aborted) follow();
  else parent?.addEventListener('abort', follow, { once: true });
  return {
    signal: controller.signal,
    abort: (reason) => controller.abort(reason),
    release: () => parent?.removeEventListener('abort', follow),
  };
}
