import { setTimeout as sleep } from 'node:timers/promises';
import pRetry, { AbortError } from 'p-retry';
import { UpstreamError } from '../errors.js';
import { retryDelay, type RetryDelayOptions } from '../retry.js';
import type { HttpLogger, RetryEvent } from '../types.js';
import { AttemptFailure } from './attempt-failure.js';
import { linkedAbort } from './linked-abort.js';

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  attempts: number;
  /** Longest time for the whole call: every attempt and every wait between them. */
  deadlineMs: number;
  delays: RetryDelayOptions;
  logger?: HttpLogger;
  onRetry?: (event: RetryEvent) => void;
}

export interface CallOutcome<R> {
  value: R;
  /** Attempts made, the successful one included. */
  attempts: number;
  durationMs: number;
}

/**
 * Runs `attempt` until it succeeds, it fails for good, or attempts or time run out.
 *
 * An `AttemptFailure` marked retryable is retried after full-jitter backoff or the server's
 * `Retry-After` (capped); any other error (a 404's `AttemptFailure`, a consumer's own error) ends the
 * call at once and unchanged, apart from `AttemptFailure`s, which become an `UpstreamError`. The signal
 * given to `attempt` aborts on the caller's signal and at the deadline; the caller's abort rejects with
 * the caller's reason, the deadline with an `UpstreamError`.
 */
export async function retryingCall<R>(
  method: string,
  shownUrl: string,
  policy: RetryPolicy,
  callerSignal: AbortSignal | undefined,
  attempt: (attemptNumber: number, signal: AbortSignal) => Promise<R>,
): Promise<CallOutcome<R>> {
  const call = linkedAbort(callerSignal);
  let pastDeadline = false;
  const deadline = setTimeout(() => {
    pastDeadline = true;
    call.abort(new Error(deadlineReason(policy.deadlineMs)));
  }, policy.deadlineMs);
  const { signal } = call;
  const started = performance.now();
  let made = 0;
  let lastFailure: AttemptFailure | undefined;
  try {
    const value = await pRetry(
      async (attemptNumber) => {
        made = attemptNumber;
        try {
          return await attempt(attemptNumber, signal);
        } catch (error) {
          if (error instanceof AttemptFailure) lastFailure = error;
          // Only a retryable AttemptFailure is worth another try; everything else passes through p-retry untouched.
          throw error instanceof AttemptFailure && error.retryable ? error : new AbortError(error instanceof Error ? error : new Error(String(error)));
        }
      },
      {
        retries: policy.attempts - 1,
        minTimeout: 0, // the wait is ours, in onFailedAttempt: full jitter and Retry-After
        signal,
        onFailedAttempt: async ({ error, attemptNumber, retriesLeft }) => {
          if (retriesLeft === 0 || !(error instanceof AttemptFailure)) return;
          const delayMs = retryDelay(attemptNumber - 1, error.details.retryAfterMs, policy.delays);
          const event: RetryEvent = { method, url: shownUrl, attempt: attemptNumber, attempts: policy.attempts, delayMs, reason: error.reason, status: error.details.status };
          policy.logger?.warn(event, `${method} ${shownUrl} failed (${error.reason}); retrying in ${delayMs} ms`);
          policy.onRetry?.(event);
          await sleep(delayMs, undefined, { signal });
        },
      },
    );
    return { value, attempts: made, durationMs: Math.round(performance.now() - started) };
  } catch (error) {
    if (callerSignal?.aborted) throw callerSignal.reason;
    if (pastDeadline) {
      const last = lastFailure && lastFailure.reason !== deadlineReason(policy.deadlineMs) ? ` (last failure: ${lastFailure.reason})` : '';
      throw new UpstreamError({
        method,
        url: shownUrl,
        status: lastFailure?.details.status,
        attempts: made,
        reason: `${deadlineReason(policy.deadlineMs)}${last}`,
        cause: lastFailure ?? signal.reason,
      });
    }
    if (error instanceof AttemptFailure) {
      throw new UpstreamError({ method, url: shownUrl, status: error.details.status, attempts: made, reason: error.reason, cause: error.details.cause ?? error });
    }
    throw error;
  } finally {
    clearTimeout(deadline);
    call.release();
  }
}

function deadlineReason(deadlineMs: number): string {
  return `exceeded the ${deadlineMs} ms deadline`;
}
