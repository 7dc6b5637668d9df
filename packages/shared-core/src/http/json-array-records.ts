import { JsonArrayError, JsonArraySplitter, type RawElements } from '../json/array-splitter.js';
import type { JsonArrayRecord } from '../types.js';
import { AttemptFailure } from './attempt-failure.js';

/**
 * The elements of a JSON array body, read from its chunks as the consumer asks for them: the next
 * chunk is pulled only once the elements of the last one were handed out, so a consumer that awaits
 * holds the socket paused. One reader, one pass.
 *
 * When the body fails (a broken connection, a stall, invalid JSON, no closing `]`) the iteration throws,
 * and `failure` keeps what was thrown so the client can tell a failed transfer from a failed consumer.
 * A hand-written iterator rather than an async generator: about half the cost per element, which counts
 * at millions of elements.
 */
export class JsonArrayRecords implements AsyncIterable<JsonArrayRecord>, AsyncIterator<JsonArrayRecord> {
  /** What the iteration threw, when the body failed under the consumer. */
  failure: Error | undefined = undefined;
  #chunks: AsyncGenerator<Buffer, void, undefined>;
  #splitter = new JsonArraySplitter();
  #batch: unknown[] = [];
  /** With `raw`: the elements of the last chunk (`#batch` is unused then). */
  #raw: RawChunk | undefined;
  readonly #rawMode: boolean;
  #next = 0;
  #base = 0;
  #finished = false;
  #ended = false;
  #closed = false;
  #iterated = false;
  #pulling: Promise<IteratorResult<JsonArrayRecord>> | undefined;

  /** `status`: the response's, named in the failure of a bad body. */
  constructor(
    chunks: AsyncGenerator<Buffer, void, undefined>,
    readonly status: number,
    options: { raw?: boolean } = {},
  ) {
    this.#chunks = chunks;
    this.#rawMode = options.raw === true;
  }

  /** Elements handed out so far. */
  get count(): number {
    return this.#base + this.#next;
  }

  /** True once the whole body was read and found to be one complete array. */
  get complete(): boolean {
    return this.#ended && this.failure === undefined;
  }

  [Symbol.asyncIterator](): AsyncIterator<JsonArrayRecord> {
    if (this.#iterated) throw new TypeError('the records of a response can be iterated only once; a retry brings a fresh iterable');
    this.#iterated = true;
    return this;
  }

  next(): Promise<IteratorResult<JsonArrayRecord>> {
    if (this.#pulling) return this.#pulling.then(() => this.next());
    if (this.#raw !== undefined && this.#next < this.#raw.count) {
      return Promise.resolve({ done: false, value: new RawRecord(this, this.#raw, this.#next++) });
    }
    if (this.#next < this.#batch.length) {
      const index = this.#base + this.#next;
      return Promise.resolve({ done: false, value: { value: this.#batch[this.#next++], index } });
    }
    if (this.#finished) return Promise.resolve({ done: true, value: undefined });
    this.#pulling = this.#pull().finally(() => {
      this.#pulling = undefined;
    });
    return this.#pulling;
  }

  /** The consumer stopped early (`break`, `return`, a throw inside `for await`): drop the rest of the body. */
  async return(): Promise<IteratorResult<JsonArrayRecord>> {
    await this.close();
    return { done: true, value: undefined };
  }

  /** Stops reading and frees the connection; safe to call more than once. */
  async close(): Promise<void> {
    this.#closed = true;
    if (this.#finished) return;
    this.#finished = true;
    this.#batch = [];
    await this.#chunks.return(undefined);
  }

  async #pull(): Promise<IteratorResult<JsonArrayRecord>> {
    try {
      for (;;) {
        const step = await this.#chunks.next();
        if (step.done) {
          this.#splitter.end();
          this.#ended = true;
          this.#finished = true;
          this.#batch = [];
          this.#raw = undefined;
          return { done: true, value: undefined };
        }
        if (this.#rawMode) {
          const elements = this.#splitter.pushRaw(step.value);
          if (elements.count > 0) {
            // A consumer that read every value of the last chunk gets this one parsed in one call (as
            // without `raw`); one that skips values gets each parsed when it reads it.
            const eager = this.#raw !== undefined && this.#raw.read === this.#raw.count;
            this.#base = elements.first;
            // The bounds array is the splitter's, reused by its next push: this chunk's elements keep a copy.
            const chunk: RawChunk = { ...elements, bounds: elements.bounds.slice(), read: 0, values: undefined };
            if (eager) chunk.values = JsonArraySplitter.parseElements(chunk);
            this.#raw = chunk;
            this.#next = 1;
            return { done: false, value: new RawRecord(this, chunk, 0) };
          }
          continue;
        }
        const values = this.#splitter.push(step.value);
        if (values.length > 0) {
          this.#base += this.#batch.length;
          this.#batch = values;
          this.#next = 1;
          return { done: false, value: { value: values[0], index: this.#base } };
        }
      }
    } catch (error) {
      // Closed meanwhile (the consumer has returned): what the read ran into no longer matters.
      if (this.#closed) return { done: true, value: undefined };
      // A non-Error can only be a caller's abort reason; the client rethrows the caller's own value then.
      this.failure = this.#failureOf(error);
      this.#finished = true;
      this.#batch = [];
      await this.#chunks.return(undefined).catch(() => undefined);
      throw this.failure;
    }
  }

  /**
   * A raw element the consumer found not to be valid JSON: the body is bad, as if the splitter had
   * found it (the attempt fails and is retried). Returns the error for the consumer to throw.
   */
  badElement(error: JsonArrayError): Error {
    this.failure ??= this.#failureOf(error);
    return this.failure;
  }

  #failureOf(error: unknown): Error {
    return error instanceof JsonArrayError
      ? new AttemptFailure(`bad response body: ${error.message}`, true, { status: this.status, cause: error })
      : error instanceof Error
        ? error
        : new Error('aborted', { cause: error });
  }
}

/**
 * An element handed out by a `raw` stream: its bytes as received, parsed only when `value` is read
 * (once). An element whose value is never read is checked only for its structure.
 */
class RawRecord implements JsonArrayRecord {
  #value: unknown;
  #parsed = false;

  constructor(
    private readonly owner: JsonArrayRecords,
    private readonly elements: RawChunk,
    private readonly k: number,
  ) {}

  get index(): number {
    return this.elements.first + this.k;
  }

  get raw(): Buffer {
    const { region, regionStart, bounds } = this.elements;
    return region.subarray(bounds[2 * this.k]! - regionStart, bounds[2 * this.k + 1]! - regionStart);
  }

  get value(): unknown {
    if (!this.#parsed) {
      const { values } = this.elements;
      try {
        this.#value = values === undefined ? JsonArraySplitter.parseElement(this.elements, this.k) : values[this.k];
      } catch (error) {
        throw error instanceof JsonArrayError ? this.owner.badElement(error) : error;
      }
      this.#parsed = true;
      this.elements.read++;
    }
    return this.#value;
  }
}

/** A chunk's raw elements, with how many of their values the consumer read, and their values when parsed at once. */
interface RawChunk extends RawElements {
  read: number;
  values: unknown[] | undefined;
}
