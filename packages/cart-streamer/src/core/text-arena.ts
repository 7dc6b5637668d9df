/**
 * Texts appended to large Buffers (outside the JS heap), each kept by a number: a cold start of
 * ten million carts holds ~1.3 GB of canonical JSON, which as JS strings would press on V8's heap
 * limit. A text never spans two blocks.
 */
export class TextArena {
  private readonly blocks: Buffer[] = [];
  private block: Buffer | undefined;
  private used = 0;
  private starts = new Float64Array(1024);
  private lengths = new Uint32Array(1024);
  private count = 0;

  constructor(private readonly blockSize = 8 << 20) {}

  get size(): number {
    return this.count;
  }

  /** Appends a text (UTF-8); returns its number. */
  add(text: string): number {
    // UTF-8 takes at most 3 bytes per UTF-16 unit: the exact length is measured only near a block's end.
    if (!this.block || this.used + text.length * 3 > this.block.length) {
      const length = Buffer.byteLength(text, 'utf8');
      if (!this.block || this.used + length > this.block.length) {
        this.block = Buffer.allocUnsafe(Math.max(this.blockSize, length));
        this.blocks.push(this.block);
        this.used = 0;
      }
    }
    return this.record(this.block.write(text, this.used, 'utf8'));
  }

  private record(length: number): number {
    if (this.count === this.starts.length) this.grow();
    this.starts[this.count] = (this.blocks.length - 1) * 2 ** 32 + this.used;
    this.lengths[this.count] = length;
    this.used += length;
    return this.count++;
  }

  /** Appends bytes (UTF-8 text) as they are; returns their number. */
  addBytes(bytes: Uint8Array): number {
    const length = bytes.length;
    if (!this.block || this.used + length > this.block.length) {
      this.block = Buffer.allocUnsafe(Math.max(this.blockSize, length));
      this.blocks.push(this.block);
      this.used = 0;
    }
    this.block.set(bytes, this.used);
    return this.record(length);
  }

  /** The bytes of text `n` (a view, not a copy). */
  bytes(n: number): Buffer {
    const start = this.starts[n]!;
    const block = Math.floor(start / 2 ** 32);
    const offset = start - block * 2 ** 32;
    return this.blocks[block]!.subarray(offset, offset + this.lengths[n]!);
  }

  text(n: number): string {
    return this.bytes(n).toString('utf8');
  }

  private grow(): void {
    const starts = new Float64Array(this.starts.length * 2);
    starts.set(this.starts);
    this.starts = starts;
    const lengths = new Uint32Array(this.lengths.length * 2);
    lengths.set(this.lengths);
    this.lengths = lengths;
  }
}
