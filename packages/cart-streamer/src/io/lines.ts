import type { Hash } from 'node:crypto';

/**
 * Reads a stream of chunks line by line without making a string per line: `next()` gives the
 * next complete line as a byte range of `buf` (valid until the next `fill`), or `false` when the
 * buffered bytes hold no complete line; then `await fill()` reads on. Lines end with `\n`; bytes
 * after the last `\n` at the end of the stream are reported by `rest()`.
 */
export class LineCursor {
  buf: Buffer = Buffer.alloc(0);
  start = 0;
  end = 0;
  /** 1-based number of the current line. */
  lineNumber = 0;
  /** Stream offset of `buf[0]`. */
  private base = 0;
  private pos = 0;
  private done = false;
  private readonly chunks: AsyncIterator<Uint8Array>;
  private hash: Hash | undefined;
  private hashedUpTo = 0;

  constructor(source: AsyncIterable<Uint8Array>, options: { hash?: Hash } = {}) {
    this.chunks = source[Symbol.asyncIterator]();
    this.hash = options.hash;
  }

  /** Moves to the next complete line in the buffer; `false` when there is none yet. */
  next(): boolean {
    const nl = this.buf.indexOf(10, this.pos);
    if (nl < 0) return false;
    this.start = this.pos;
    this.end = nl;
    this.pos = nl + 1;
    this.lineNumber++;
    return true;
  }

  /** Reads the next chunk; `false` at the end of the stream. */
  async fill(): Promise<boolean> {
    if (this.done) return false;
    const step: IteratorResult<Uint8Array> = await this.chunks.next();
    if (step.done === true) {
      this.done = true;
      return false;
    }
    const value = step.value;
    if (this.hash && this.hashedUpTo < this.pos) this.hash.update(this.buf.subarray(this.hashedUpTo, this.pos));
    this.base += this.pos;
    const rest = this.buf.subarray(this.pos);
    const chunk = Buffer.isBuffer(value) ? value : Buffer.from(value.buffer, value.byteOffset, value.byteLength);
    this.buf = rest.length === 0 ? chunk : Buffer.concat([rest, chunk]);
    this.pos = 0;
    this.hashedUpTo = 0;
    return true;
  }

  /** The next line, reading on as needed; `false` at the end of the stream. */
  async nextLine(): Promise<boolean> {
    while (!this.next()) {
      if (!(await this.fill())) return false;
    }
    return true;
  }

  /** Stream offset of the current line's first byte. */
  get offset(): number {
    return this.base + this.start;
  }

  /** Stops hashing at the start of the current line: the digest covers every byte before it. */
  digestBeforeCurrentLine(): string | undefined {
    if (!this.hash) return undefined;
    if (this.hashedUpTo < this.start) this.hash.update(this.buf.subarray(this.hashedUpTo, this.start));
    const digest = this.hash.digest('hex');
    this.hash = undefined;
    return digest;
  }

  /** Bytes left after the last newline, once the stream has ended. */
  rest(): Buffer {
    return this.buf.subarray(this.pos);
  }

  text(): string {
    return this.buf.toString('utf8', this.start, this.end);
  }

  /** Stops reading (closes the file). */
  async close(): Promise<void> {
    await this.chunks.return?.();
  }
}
