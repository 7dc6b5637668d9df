import { z } from 'zod';

/** Helpers shared by the Google Cloud adapters (and cart-streamer's GCS storage). */

const errorShape = z.looseObject({
  code: z.union([z.number(), z.string()]).optional(),
  status: z.number().optional(),
  response: z.looseObject({ status: z.number().optional() }).optional(),
  message: z.string().optional(),
});

/** The HTTP status of a Google client error (`ApiError.code`, gaxios `status`), if it has one. */
export function httpStatusOf(error: unknown): number | undefined {
  const parsed = errorShape.safeParse(error);
  if (!parsed.success) return undefined;
  const { code, status, response } = parsed.data;
  if (typeof code === 'number') return code;
  if (typeof code === 'string' && /^\d{3}$/.test(code)) return Number(code);
  return status ?? response?.status;
}

/** One line for a Google client error: its message, first line only, with the status when the message lacks it. */
export function describeGoogleError(error: unknown): string {
  const parsed = errorShape.safeParse(error);
  const message = (parsed.success ? parsed.data.message : undefined) ?? String(error);
  const first = message.split('\n')[0]!.trim() || 'unknown error';
  // node-fetch: "request to <the whole URL> failed, reason: connect ECONNREFUSED ..." -- the caller already names the object.
  const line = /^request to \S+ failed, reason: (.+)$/.exec(first)?.[1] ?? first;
  const status = httpStatusOf(error);
  return status !== undefined && !line.includes(String(status)) ? `${status} ${line}` : line;
}

/** Thrown when an operation outlives its bound; callers add what the operation was. */
export class DeadlineError extends Error {
  override readonly name = 'DeadlineError';
}

/**
 * Rejects when `promise` takes longer than `ms`. The Google clients retry on their own with
 * generous defaults (up to 10 minutes); this keeps a dead endpoint from holding a run for long.
 * The operation itself is not cancelled: callers must be safe to repeat (preconditions, job ids).
 */
export async function withDeadline<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineError(`no answer within ${ms} ms (the client's retries included)`)), ms);
    timer.unref();
  });
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** Retry settings for a Google client so its retries fit in `timeoutMs`. */
export function boundedRetries(timeoutMs: number) {
  return {
    autoRetry: true,
    maxRetries: 3,
    totalTimeout: Math.max(1, Math.ceil(timeoutMs / 1000)),
    maxRetryDelay: Math.max(1, Math.min(8, Math.ceil(timeoutMs / 4000))),
    retryDelayMultiplier: 2,
  };
}
