import { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import { isAxiosError, type AxiosInstance, type AxiosResponse } from 'axios';
import { isRetryableNetworkCode } from '../retry.js';
import { AttemptFailure } from './attempt-failure.js';
import { linkedAbort } from './linked-abort.js';

/** One GET, body not yet read. */
export interface TransferRequest {
  /** As sent: it may carry credentials. */
  url: string;
  accept: string;
  /** Longest wait for the response to start, and then for each next bytes of it: a stalled connection. */
  idleTimeoutMs: number;
  /** Ends the transfer at once (the caller's cancel, the call's deadline); errors are then the signal's reason. */
  signal: AbortSignal;
  /** Called as each chunk arrives, with the body bytes so far. */
  onBytes?: (bytes: number) => void;
}

export interface Transfer {
  readonly status: number;
  readonly statusText: string;
  header(name: string): string | undefined;
  /** From `content-length`, when sent and the body is not compressed. */
  readonly totalBytes: number | undefined;
  /** Body bytes received so far (after decompression). */
  readonly bytes: number;
  /**
   * The body, chunk by chunk, pulled on demand: while nobody asks for the next chunk nothing more is
   * read, and the socket pauses once its buffers are full (backpressure). Only one reader. A stall
   * longer than `idleTimeoutMs` or a broken connection throws a retryable `AttemptFailure`.
   */
  chunks(): AsyncGenerator<Buffer, void, undefined>;
  /** Drops the rest of the body and the connection. */
  discard(): void;
}

/**
 * Starts a GET and waits for the status and headers (up to `idleTimeoutMs`). Connection failures
 * and that timeout throw an `AttemptFailure`, retryable or not by error code.
 */
export async function openTransfer(http: AxiosInstance, request: TransferRequest): Promise<Transfer> {
  const { signal, idleTimeoutMs } = request;
  // Aborts the request on the call's signal, or when no response comes within the idle timeout.
  const attempt = linkedAbort(signal);
  let stalled = false;
  const timer = setTimeout(() => {
    stalled = true;
    attempt.abort(new Error('no response'));
  }, idleTimeoutMs);
  let response: AxiosResponse<Readable>;
  try {
    response = await http.get<Readable>(request.url, {
      headers: { Accept: request.accept },
      responseType: 'stream',
      maxContentLength: -1, // else axios wraps the body in a generator of its own
      signal: attempt.signal,
    });
  } catch (error) {
    attempt.release();
    if (signal.aborted) throw signal.reason;
    if (stalled) throw timedOut(`timed out after ${idleTimeoutMs} ms`);
    const code = isAxiosError(error) ? error.code : undefined;
    throw new AttemptFailure(describeNetworkError(error), isRetryableNetworkCode(code), { cause: networkCause(error) });
  } finally {
    clearTimeout(timer);
  }
  // From here the call's signal reaches the body through `attempt` (axios destroys the stream on it).
  response.data.once('close', () => attempt.release());
  return new StreamTransfer(response, request);
}

class StreamTransfer implements Transfer {
  readonly status: number;
  readonly statusText: string;
  readonly totalBytes: number | undefined;
  #bytes = 0;
  #body: Readable;
  #headers: AxiosResponse['headers'];
  #request: TransferRequest;
  #reading = false;

  constructor(response: AxiosResponse<Readable>, request: TransferRequest) {
    this.status = response.status;
    this.statusText = response.statusText;
    this.#headers = response.headers;
    this.#body = response.data;
    this.#request = request;
    const length = Number(this.header('content-length'));
    // A decompressed body is a zlib stream, not the message itself: its content-length counts compressed bytes.
    const raw = response.data instanceof IncomingMessage;
    this.totalBytes = raw && Number.isSafeInteger(length) && length >= 0 && this.header('content-length') !== undefined ? length : undefined;
  }

  get bytes(): number {
    return this.#bytes;
  }

  header(name: string): string | undefined {
    const value: unknown = this.#headers[name];
    return typeof value === 'string' ? value : Array.isArray(value) ? value.join(', ') : undefined;
  }

  discard(): void {
    this.#body.destroy();
  }

  async *chunks(): AsyncGenerator<Buffer, void, undefined> {
    if (this.#reading) throw new TypeError('the body of a transfer can be read only once');
    this.#reading = true;
    const { signal, idleTimeoutMs, onBytes } = this.#request;
    const body = this.#body;
    let stalled = false;
    let timer: NodeJS.Timeout | undefined;
    const iterator = body[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
    try {
      for (;;) {
        // The idle clock runs only while waiting for the network, never while the reader is busy.
        timer = setTimeout(() => {
          stalled = true;
          body.destroy(new Error('stalled'));
        }, idleTimeoutMs);
        let step: IteratorResult<Buffer>;
        try {
          step = await iterator.next();
        } finally {
          clearTimeout(timer);
        }
        if (step.done) return;
        this.#bytes += step.value.length;
        onBytes?.(this.#bytes);
        yield step.value;
      }
    } catch (error) {
      if (signal.aborted) throw signal.reason;
      if (stalled) throw timedOut(`timed out after ${idleTimeoutMs} ms without data, at byte ${this.#bytes}`);
      throw new AttemptFailure(`the response broke off at byte ${this.#bytes} (${describeNetworkError(error)})`, true, { cause: networkCause(error) });
    } finally {
      if (!body.readableEnded) body.destroy();
    }
  }
}

function timedOut(reason: string): AttemptFailure {
  return new AttemptFailure(reason, true, { cause: Object.assign(new Error(reason), { code: 'ETIMEDOUT' }) });
}

/** `connect ECONNREFUSED 127.0.0.1:1`, also for Node's AggregateError (IPv4 + IPv6) whose message is empty. */
function describeNetworkError(error: unknown): string {
  const inner = isAxiosError(error) ? (error.cause ?? error) : error;
  if (inner instanceof AggregateError && inner.errors.length > 0) {
    return inner.errors.map((e) => (e instanceof Error ? e.message : String(e))).join('; ');
  }
  const code = (inner as { code?: unknown } | undefined)?.code;
  if (inner instanceof Error && inner.message) return typeof code === 'string' && !inner.message.includes(code) ? `${code} ${inner.message}` : inner.message;
  if (error instanceof Error && error.message) return error.message;
  return (isAxiosError(error) ? error.code : undefined) ?? 'network error';
}

/** The Node system error under axios's wrapper: small, and free of request config and headers. */
function networkCause(error: unknown): unknown {
  return isAxiosError(error) && error.cause instanceof Error ? error.cause : error;
}
