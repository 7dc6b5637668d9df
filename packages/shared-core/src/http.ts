import { readFileSync } from 'node:fs';
import { STATUS_CODES } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import axios, { isAxiosError, type AxiosResponse } from 'axios';
import pRetry, { AbortError } from 'p-retry';
import { parseJsonBody } from './_json-body.js';
import { UpstreamError } from './errors.js';
import { withoutCredentials } from './redact.js';
import { isRetryableNetworkCode, isRetryableStatus, parseRetryAfter, retryDelay } from './retry.js';
import type { HttpClient, HttpClientOptions, HttpResponse, RequestOptions } from './types.js';

/** `fakestore-elt/<version> (node <version>)`, sent unless `userAgent` says otherwise. */
export const defaultUserAgent = `fakestore-elt/${packageVersion()} (node ${process.version})`;

/** One failed attempt; becomes an `UpstreamError` when no attempt is left. */
class AttemptFailure extends Error {
  override readonly name = 'AttemptFailure';
  constructor(
    readonly reason: string,
    readonly retryable: boolean,
    readonly details: { status?: number; retryAfterMs?: number; cause?: unknown } = {},
  ) {
    super(reason, { cause: details.cause });
  }
}

/**
 * An HTTP client for JSON APIs on axios + p-retry.
 *
 * Retries network errors, timeouts, 408, 429 and 5xx with full-jitter backoff or the server's
 * `Retry-After`; any other 4xx fails at once. A 2xx whose body is not JSON (an HTML page, truncated
 * JSON) is retried too: the real API sits behind Cloudflare, whose interstitial pages and cut-off
 * transfers are transient, and a deterministic one costs only a few wasted requests before the same
 * clear error.
 */
export function createHttpClient(options: HttpClientOptions): HttpClient {
  const attempts = Math.max(1, Math.floor(options.attempts ?? 3));
  const timeoutMs = options.timeoutMs ?? 10_000;
  const delays = {
    minDelayMs: options.minDelayMs ?? 500,
    maxDelayMs: options.maxDelayMs ?? 8000,
    maxRetryAfterMs: options.maxRetryAfterMs ?? 30_000,
    random: options.random ?? Math.random,
  };
  const http = axios.create({
    headers: { 'User-Agent': options.userAgent ?? defaultUserAgent },
    // Keep the raw text and judge status and body here, so HTML and truncated JSON can be told apart.
    responseType: 'text',
    transformResponse: [],
    validateStatus: () => true,
    maxRedirects: 5,
  });

  async function attempt(url: string, shown: string, accept: string, request: RequestOptions): Promise<AxiosResponse<string>> {
    const { signal, onDownloadProgress } = request;
    const timeout = AbortSignal.timeout(timeoutMs);
    try {
      return await http.get<string>(url, {
        headers: { Accept: accept },
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
        ...(onDownloadProgress && {
          onDownloadProgress: ({ loaded, total }) => onDownloadProgress({ url: shown, loaded, ...(total !== undefined && { total }) }),
        }),
      });
    } catch (error) {
      if (signal?.aborted) throw error; // the caller cancelled: p-retry rejects with the signal's reason
      if (timeout.aborted) {
        const reason = `timed out after ${timeoutMs} ms`;
        throw new AttemptFailure(reason, true, { cause: Object.assign(new Error(reason), { code: 'ETIMEDOUT' }) });
      }
      const code = isAxiosError(error) ? error.code : undefined;
      const failure = new AttemptFailure(describeNetworkError(error), isRetryableNetworkCode(code), {
        cause: networkCause(error),
      });
      throw failure.retryable ? failure : new AbortError(failure);
    }
  }

  async function get<T>(
    path: string,
    accept: string,
    read: (response: AxiosResponse<string>) => T,
    request: RequestOptions = {},
  ): Promise<HttpResponse<T>> {
    const url = joinUrl(options.baseUrl, path);
    // Credentials in the base URL (`https://user:pass@host`) are sent, never shown: logs, errors, the lake's `_source`.
    const shown = withoutCredentials(url);
    const { signal } = request;
    const started = performance.now();
    let made = 0;
    try {
      return await pRetry(
        async (attemptNumber) => {
          made = attemptNumber;
          const response = await attempt(url, shown, accept, request);
          const { status } = response;
          if (status < 200 || status > 299) {
            const failure = new AttemptFailure(`${status} ${response.statusText || STATUS_CODES[status] || ''}`.trim(), isRetryableStatus(status), {
              status,
              retryAfterMs: parseRetryAfter(headerOf(response, 'retry-after')),
            });
            throw failure.retryable ? failure : new AbortError(failure);
          }
          const body = typeof response.data === 'string' ? response.data : '';
          return {
            data: read(response),
            status,
            url: shown,
            bytes: Buffer.byteLength(body),
            durationMs: Math.round(performance.now() - started),
            attempts: attemptNumber,
          };
        },
        {
          retries: attempts - 1,
          minTimeout: 0, // the wait is ours, in onFailedAttempt: full jitter and Retry-After
          signal,
          onFailedAttempt: async ({ error, attemptNumber, retriesLeft }) => {
            if (retriesLeft === 0 || !(error instanceof AttemptFailure)) return;
            const delayMs = retryDelay(attemptNumber - 1, error.details.retryAfterMs, delays);
            const status = error.details.status;
            options.logger?.warn(
              { method: 'GET', url: shown, attempt: attemptNumber, attempts, delayMs, reason: error.reason, status },
              `GET ${shown} failed (${error.reason}); retrying in ${delayMs} ms`,
            );
            options.onRetry?.({ method: 'GET', url: shown, attempt: attemptNumber, attempts, delayMs, reason: error.reason, status });
            await sleep(delayMs, undefined, { signal });
          },
        },
      ).then((result) => {
        options.logger?.debug(
          { method: 'GET', url: shown, status: result.status, bytes: result.bytes, durationMs: result.durationMs, attempts: result.attempts },
          `GET ${shown} ${result.status}`,
        );
        return result;
      });
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      if (error instanceof AttemptFailure) {
        throw new UpstreamError({
          method: 'GET',
          url: shown,
          status: error.details.status,
          attempts: made,
          reason: error.reason,
          cause: error.details.cause ?? error,
        });
      }
      throw error;
    }
  }

  return {
    baseUrl: options.baseUrl,
    getJson: (path, request) =>
      get(
        path,
        'application/json',
        (response) => {
          const parsed = parseJsonBody(response.data, headerOf(response, 'content-type'));
          if (!parsed.ok) throw new AttemptFailure(parsed.reason, true, { status: response.status, cause: parsed.cause });
          return parsed.data;
        },
        request,
      ),
    getText: (path, request) => get(path, '*/*', (response) => response.data, request),
  };
}

/** `baseUrl` + `path` with exactly one `/` between; an absolute `path` is used as is. */
export function joinUrl(baseUrl: string, path: string): string {
  if (/^https?:\/\//i.test(path)) return path;
  return `${baseUrl.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}

function headerOf(response: AxiosResponse, name: string): string | undefined {
  const value: unknown = response.headers[name];
  return typeof value === 'string' ? value : Array.isArray(value) ? value.join(', ') : undefined;
}

/** `connect ECONNREFUSED 127.0.0.1:1`, also for Node's AggregateError (IPv4 + IPv6) whose message is empty. */
function describeNetworkError(error: unknown): string {
  const inner = isAxiosError(error) ? (error.cause ?? error) : error;
  if (inner instanceof AggregateError && inner.errors.length > 0) {
    return inner.errors.map((e) => (e instanceof Error ? e.message : String(e))).join('; ');
  }
  if (inner instanceof Error && inner.message) return inner.message;
  if (error instanceof Error && error.message) return error.message;
  return (isAxiosError(error) ? error.code : undefined) ?? 'network error';
}

/** The Node system error under axios's wrapper: small, and free of request config and headers. */
function networkCause(error: unknown): unknown {
  return isAxiosError(error) && error.cause instanceof Error ? error.cause : error;
}

function packageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
  } catch {
    return '0.0.0';
  }
}
