/** When and how long to wait before retrying an HTTP request. Pure functions, no I/O. */

export interface BackoffOptions {
  /** Ceiling of the first retry's delay. */
  minDelayMs: number;
  /** Largest ceiling. */
  maxDelayMs: number;
  /** Random source in [0, 1]. */
  random: () => number;
}

export interface RetryDelayOptions extends BackoffOptions {
  /** A server-requested wait longer than this is cut to this. */
  maxRetryAfterMs: number;
}

/** Network error codes worth another try: refused, reset, timed out, DNS hiccups. */
const retryableCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'ESOCKETTIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'EAI_AGAIN',
  'ENOTFOUND',
  'ERR_NETWORK',
  'ERR_SOCKET_CONNECTION_TIMEOUT',
  'ERR_STREAM_PREMATURE_CLOSE',
]);

/** 408, 429 and every 5xx may pass; any other status will answer the same next time. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || (status >= 500 && status <= 599);
}

export function isRetryableNetworkCode(code: string | undefined): boolean {
  return code !== undefined && retryableCodes.has(code);
}

/**
 * Exponential backoff with full jitter: `random(0, min(maxDelay, minDelay * 2^retry))`,
 * `retry` counting from 0 for the first retry.
 */
export function backoffDelay(retry: number, options: BackoffOptions): number {
  const ceiling = Math.min(options.maxDelayMs, options.minDelayMs * 2 ** retry);
  const random = Math.min(1, Math.max(0, options.random()));
  return Math.round(random * ceiling);
}

/**
 * Milliseconds a `Retry-After` header asks for: delay-seconds (`120`) or an HTTP date.
 * `undefined` when absent or unreadable; a date in the past means 0.
 */
export function parseRetryAfter(value: string | undefined, now: number = Date.now()): number | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  if (!/[a-z]/i.test(text)) return undefined; // an HTTP date has day and month names; Date.parse alone reads "-5" as a year
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** The wait before retry number `retry` (0-based): the server's `Retry-After` (capped) when given, else the backoff. */
export function retryDelay(retry: number, retryAfterMs: number | undefined, options: RetryDelayOptions): number {
  return retryAfterMs === undefined ? backoffDelay(retry, options) : Math.min(retryAfterMs, options.maxRetryAfterMs);
}
