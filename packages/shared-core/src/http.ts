import { readFileSync } from 'node:fs';
import { STATUS_CODES } from 'node:http';
import axios from 'axios';
import { mediaType, parseJsonBody } from './_json-body.js';
import { AttemptFailure } from './http/attempt-failure.js';
import { JsonArrayRecords } from './http/json-array-records.js';
import { throttleProgress } from './http/progress.js';
import { retryingCall, type RetryPolicy } from './http/retrying-call.js';
import { openTransfer, type Transfer } from './http/transfer.js';
import { withoutCredentials } from './redact.js';
import { isRetryableStatus, parseRetryAfter } from './retry.js';
import type { HttpClient, HttpClientOptions, HttpResponse, JsonArrayConsumer, RequestOptions, StreamOptions, StreamResponse } from './types.js';

/** `fakestore-elt/<version> (node <version>)`, sent unless `userAgent` says otherwise. */
export const defaultUserAgent = `fakestore-elt/${packageVersion()} (node ${process.version})`;

/** Progress callbacks fire at most this often (and once more with the final count). */
const PROGRESS_INTERVAL_MS = 200;

/**
 * An HTTP client for JSON APIs on axios + p-retry.
 *
 * Retries network errors, stalls, 408, 429 and 5xx with full-jitter backoff or the server's
 * `Retry-After`; any other 4xx fails at once. A 2xx whose body is not JSON (an HTML page, truncated
 * JSON) is retried too: the real API sits behind Cloudflare, whose interstitial pages and cut-off
 * transfers are transient, and a deterministic one costs only a few wasted requests before the same
 * clear error. Two clocks: `timeoutMs` bounds each wait for bytes (connect, first byte, every next
 * chunk), `deadlineMs` the whole call. Errors name positions and statuses, never response text.
 */
export function createHttpClient(options: HttpClientOptions): HttpClient {
  const idleTimeoutMs = options.timeoutMs ?? 10_000;
  const policy: RetryPolicy = {
    attempts: Math.max(1, Math.floor(options.attempts ?? 3)),
    deadlineMs: options.deadlineMs ?? 600_000,
    delays: {
      minDelayMs: options.minDelayMs ?? 500,
      maxDelayMs: options.maxDelayMs ?? 8000,
      maxRetryAfterMs: options.maxRetryAfterMs ?? 30_000,
      random: options.random ?? Math.random,
    },
    logger: options.logger,
    onRetry: options.onRetry,
  };
  const http = axios.create({
    headers: { 'User-Agent': options.userAgent ?? defaultUserAgent },
    // Status and body are judged here, so HTML, truncated JSON and error statuses can be told apart.
    validateStatus: () => true,
    maxRedirects: 5,
  });

  /** Starts one attempt: the response's status and headers, body unread, progress reported as it comes. */
  async function open(url: string, accept: string, signal: AbortSignal, request: RequestOptions) {
    const report = progressReporter(withoutCredentials(url), request);
    const throttle = report && throttleProgress(report, PROGRESS_INTERVAL_MS);
    const transfer: Transfer = await openTransfer(http, { url, accept, idleTimeoutMs, signal, onBytes: (bytes) => throttle?.update(bytes, transfer.totalBytes) });
    failOnStatus(transfer);
    return { transfer, done: () => throttle?.flush() };
  }

  /** GET the whole body and `read` it inside the attempt, so a `read` that throws a retryable `AttemptFailure` is retried. */
  async function getWhole<T>(path: string, accept: string, request: RequestOptions, read: (text: string, contentType: string | undefined, status: number) => T): Promise<HttpResponse<T>> {
    const url = joinUrl(options.baseUrl, path);
    // Credentials in the base URL (`https://user:pass@host`) are sent, never shown: logs, errors, the lake's `_source`.
    const shown = withoutCredentials(url);
    const outcome = await retryingCall('GET', shown, policy, request.signal, async (_attempt, signal) => {
      const { transfer, done } = await open(url, accept, signal, request);
      const parts: Buffer[] = [];
      for await (const chunk of transfer.chunks()) parts.push(chunk);
      done();
      const body = Buffer.concat(parts);
      parts.length = 0;
      return { data: read(body.toString('utf8'), transfer.header('content-type'), transfer.status), status: transfer.status, bytes: body.length };
    });
    const response = { ...outcome.value, url: shown, attempts: outcome.attempts, durationMs: outcome.durationMs };
    log(response);
    return response;
  }

  async function streamJsonArray<T>(path: string, consume: JsonArrayConsumer<T>, request: StreamOptions = {}): Promise<StreamResponse<T>> {
    const url = joinUrl(options.baseUrl, path);
    const shown = withoutCredentials(url);
    const outcome = await retryingCall('GET', shown, policy, request.signal, async (attempt, signal) => {
      const { transfer, done } = await open(url, 'application/json', signal, request);
      failOnHtml(transfer);
      const records = new JsonArrayRecords(transfer.chunks(), transfer.status, { raw: request.raw === true });
      let data: T;
      try {
        data = await consume(records, { url: shown, status: transfer.status, attempt, signal, totalBytes: transfer.totalBytes });
      } catch (error) {
        // The body failed under the consumer (which rethrew, or wrapped, what the iteration threw): that is
        // the transfer's failure, retried as such. Any other error is the consumer's own, and ends the call.
        if (records.failure !== undefined) throw records.failure;
        if (signal.aborted) throw signal.reason;
        throw error;
      } finally {
        if (!records.complete) transfer.discard(); // also wakes a read the consumer left pending
        await records.close();
      }
      // A consumer that swallowed the iteration's error has not seen the whole array: still a failure.
      if (records.failure !== undefined) throw records.failure;
      done();
      return { data, status: transfer.status, bytes: transfer.bytes, elements: records.count };
    });
    const response = { ...outcome.value, url: shown, attempts: outcome.attempts, durationMs: outcome.durationMs };
    log(response);
    return response;
  }

  function log(response: { status: number; url: string; bytes: number; durationMs: number; attempts: number }) {
    const { status, url, bytes, durationMs, attempts } = response;
    options.logger?.debug({ method: 'GET', url, status, bytes, durationMs, attempts }, `GET ${url} ${status}`);
  }

  return {
    baseUrl: options.baseUrl,
    getJson: (path, request = {}) =>
      getWhole(path, 'application/json', request, (text, contentType, status) => {
        const parsed = parseJsonBody(text, contentType);
        if (!parsed.ok) throw new AttemptFailure(parsed.reason, true, { status, cause: parsed.cause });
        return parsed.data;
      }),
    getText: (path, request = {}) => getWhole(path, '*/*', request, (text) => text),
    streamJsonArray,
  };
}

/** `baseUrl` + `path` with exactly one `/` between; an absolute `path` is used as is. */
export function joinUrl(baseUrl: string, path: string): string {
  if (/^https?:\/\//i.test(path)) return path;
  return `${baseUrl.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}

/** Any status outside 2xx fails the attempt, retryable by status; the error body is never read. */
function failOnStatus(transfer: Transfer): void {
  const { status } = transfer;
  if (status >= 200 && status <= 299) return;
  transfer.discard();
  throw new AttemptFailure(`${status} ${transfer.statusText || STATUS_CODES[status] || ''}`.trim(), isRetryableStatus(status), {
    status,
    retryAfterMs: parseRetryAfter(transfer.header('retry-after')),
  });
}

/** An HTML page with a 2xx (a Cloudflare interstitial) is not worth reading: retried. */
function failOnHtml(transfer: Transfer): void {
  const type = mediaType(transfer.header('content-type'));
  if (type !== 'text/html' && type !== 'application/xhtml+xml') return;
  transfer.discard();
  throw new AttemptFailure(`response is not JSON: got an HTML page (content-type ${type})`, true, { status: transfer.status });
}

/** The caller's progress callback, in the `(bytes, totalBytes)` form; `undefined` when there is none. */
function progressReporter(shown: string, request: RequestOptions): ((bytes: number, totalBytes: number | undefined) => void) | undefined {
  const { onProgress, onDownloadProgress } = request;
  if (!onProgress && !onDownloadProgress) return undefined;
  return (bytes, totalBytes) => {
    onProgress?.(bytes, totalBytes);
    onDownloadProgress?.({ url: shown, loaded: bytes, ...(totalBytes !== undefined && { total: totalBytes }) });
  };
}

function packageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
  } catch {
    return '0.0.0';
  }
}
