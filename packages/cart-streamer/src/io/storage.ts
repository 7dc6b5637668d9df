import { createHash, randomBytes, type Hash } from 'node:crypto';
import { type FileHandle, mkdir, open, readFile, readdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { moveIntoPlace, syncDir } from '@fakestore/shared-core';

/**
 * Where the streamer keeps its files (state, outbox, version mark, event log, dead letters,
 * quarantine): every read and write of them goes through this interface, so another backend (a
 * GCS bucket, with generation preconditions for the atomic steps) can be added without touching
 * the cycle. Paths are the backend's own (local: file paths).
 */
export interface FileStorage {
  /** The file's bytes as a stream of chunks, or `null` when it does not exist. */
  read(path: string): Promise<AsyncIterable<Uint8Array> | null>;
  /** A small file's text, or `null` when it does not exist. */
  readText(path: string): Promise<string | null>;
  /**
   * The bytes of the given ranges of a file, one chunk per range, in the order given. Ranges are
   * `[start, end)` byte offsets, ascending and not overlapping. For reading a few lines of a large file
   * by location: a backend may read nearby ranges in one request. Rejects when the file is missing
   * or shorter than a range.
   */
  readRanges(path: string, ranges: readonly (readonly [number, number])[]): AsyncIterable<Buffer>;
  /**
   * A small file's text and its generation, a token that changes whenever the file is replaced
   * (GCS: the object generation), or `null` when it does not exist.
   */
  readGeneration(path: string): Promise<{ text: string; generation: string } | null>;
  /** The generation of a file of any size (see `readGeneration`), or `null` when it does not exist. */
  generation(path: string): Promise<string | null>;
  /**
   * Replaces a small file whole, atomically, only if its generation is still `expected` (`null`: only
   * if it does not exist); otherwise rejects with `GenerationMismatch` and changes nothing. This is
   * the state's commit: on GCS one write with `ifGenerationMatch` (0 for "does not exist"); locally a
   * check, then a temp file moved in place (the state folder's lock keeps other writers out).
   */
  writeIfGeneration(path: string, text: string, expected: string | null): Promise<void>;
  /**
   * A file written as a stream; it appears at `path` only on `commit`, whole (atomic replace).
   * With `digest`, the writer keeps a SHA-256 of what it wrote.
   */
  create(path: string, options?: { digest?: boolean }): Promise<FileWriter>;
  /** Moves `from` over `to` atomically: readers see the old `to` or the new one. */
  move(from: string, to: string): Promise<void>;
  remove(path: string): Promise<void>;
  exists(path: string): Promise<boolean>;
  /** Files under `dir`, recursively, as paths relative to it, sorted; `[]` when it does not exist. */
  list(dir: string): Promise<string[]>;
  /**
   * Removes the temp files that a killed writer left under `dir` (recursively), if their last
   * write is older than `olderThanMs` (a live writer's file is younger); returns their paths.
   */
  removeLeftovers(dir: string, olderThanMs: number): Promise<string[]>;
}

export interface FileWriter {
  /** Buffers a chunk; `false` means the buffer is full: `await drain()` before writing more. */
  write(chunk: string | Uint8Array): boolean;
  drain(): Promise<void>;
  /** SHA-256 hex of every byte written so far (only when created with `{ digest: true }`). */
  digest(): string;
  /** Bytes written so far: the offset of the next byte. */
  readonly written: number;
  /** Flushes, syncs and puts the file in place: at its path, or at `as` (same folder) when the name is known only now. */
  commit(as?: string): Promise<void>;
  /** Drops the file; nothing appears at its path. */
  abort(): Promise<void>;
}

/** The file changed since it was read: someone else wrote it (the commit is refused). */
export class GenerationMismatch extends Error {
  override readonly name = 'GenerationMismatch';
}

/** Ranges closer than this are read in one `read` call (one request on a remote store). */
const RANGE_GAP = 16 << 10;

/** The local file system: temp file in the same folder, fsync, rename, fsync the folder. */
export function createLocalStorage(): FileStorage {
  const generationOf = async (path: string): Promise<string | null> => {
    try {
      const info = await stat(path, { bigint: true });
      return `${info.ino}-${info.mtimeNs}-${info.size}`;
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return null;
      throw error;
    }
  };
  return {
    read: async (path) => {
      let handle: FileHandle;
      try {
        handle = await open(path, 'r');
      } catch (error) {
        if (errorCode(error) === 'ENOENT') return null;
        throw error;
      }
      return handle.createReadStream({ highWaterMark: 1 << 20 });
    },
    readText: async (path) => {
      try {
        return await readFile(path, 'utf8');
      } catch (error) {
        if (errorCode(error) === 'ENOENT') return null;
        throw error;
      }
    },
    readRanges: (path, ranges) => readLocalRanges(path, ranges),
    generation: generationOf,
    readGeneration: async (path) => {
      // The generation is taken before the text: a replace in between shows as a mismatch at commit.
      const generation = await generationOf(path);
      if (generation === null) return null;
      const text = await readFile(path, 'utf8').catch((error: unknown) => {
        if (errorCode(error) === 'ENOENT') return null;
        throw error;
      });
      return text === null ? null : { text, generation };
    },
    writeIfGeneration: async (path, text, expected) => {
      const current = await generationOf(path);
      if (current !== expected) {
        throw new GenerationMismatch(`${path} was changed by someone else since it was read (expected ${expected ?? 'no file'}, found ${current ?? 'no file'})`);
      }
      const writer = await createLocalWriter(path, {});
      writer.write(text);
      await writer.commit();
    },
    create: (path, options = {}) => createLocalWriter(path, options),
    move: async (from, to) => {
      await rename(from, to);
      await syncDir(dirname(to));
    },
    remove: async (path) => {
      await rm(path, { force: true });
    },
    exists: async (path) => {
      try {
        await stat(path);
        return true;
      } catch (error) {
        if (errorCode(error) === 'ENOENT') return false;
        throw error;
      }
    },
    list: async (dir) => {
      try {
        const entries = await readdir(dir, { recursive: true, withFileTypes: true });
        return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name).slice(dir.length + 1)).sort();
      } catch (error) {
        if (errorCode(error) === 'ENOENT') return [];
        throw error;
      }
    },
    removeLeftovers: async (dir, olderThanMs) => {
      let names: string[];
      try {
        names = (await readdir(dir, { recursive: true })).map(String);
      } catch (error) {
        if (errorCode(error) === 'ENOENT') return [];
        throw error;
      }
      const removed: string[] = [];
      const cutoff = Date.now() - olderThanMs;
      for (const name of names) {
        if (!isTempName(basename(name))) continue;
        const path = join(dir, name);
        try {
          if ((await stat(path)).mtimeMs > cutoff) continue;
          await rm(path, { force: true });
          removed.push(path);
        } catch (error) {
          if (errorCode(error) !== 'ENOENT') throw error;
        }
      }
      return removed;
    },
  };
}

/** `.{name}.{12 hex}.tmp`: the temp files of `createLocalWriter` and shared-core's `writeFileAtomic`. */
export function isTempName(name: string): boolean {
  return /^\..+\.[0-9a-f]{12}\.tmp$/.test(name);
}

const BUFFER_SIZE = 1 << 20;

async function createLocalWriter(path: string, options: { digest?: boolean }): Promise<FileWriter> {
  const dir = dirname(path);
  await mkdir(dir, { recursive: true });
  const temp = join(dir, `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temp, 'w', 0o644);
  const hash: Hash | undefined = options.digest ? createHash('sha256') : undefined;
  let buffer = Buffer.allocUnsafe(BUFFER_SIZE);
  let used = 0;
  /** Bytes handed to the file before the current buffer. */
  let flushed = 0;
  let inFlight = 0;
  let queue: Promise<void> = Promise.resolve();
  let failure: Error | undefined;
  let closed = false;

  const enqueue = (bytes: Buffer) => {
    hash?.update(bytes);
    flushed += bytes.length;
    inFlight++;
    queue = queue.then(async () => {
      try {
        if (failure === undefined) await writeAll(handle, bytes);
      } catch (error) {
        failure = error instanceof Error ? error : new Error(String(error));
      } finally {
        inFlight--;
      }
    });
  };
  const flushBuffer = () => {
    if (used === 0) return;
    enqueue(buffer.subarray(0, used));
    buffer = Buffer.allocUnsafe(BUFFER_SIZE);
    used = 0;
  };
  const flush = async () => {
    flushBuffer();
    await queue;
    if (failure !== undefined) throw failure;
  };
  const discard = async () => {
    closed = true;
    await queue;
    await handle.close().catch(() => undefined);
    await rm(temp, { force: true });
  };

  return {
    write(chunk) {
      if (closed) throw new Error(`write to ${path} after commit or abort`);
      // A string goes straight into the buffer (UTF-8 takes at most 3 bytes per UTF-16 unit).
      const room = typeof chunk === 'string' ? chunk.length * 3 : chunk.length;
      if (used + room > buffer.length) {
        flushBuffer();
        if (room > buffer.length) {
          enqueue(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk));
          return inFlight < 2;
        }
      }
      if (typeof chunk === 'string') used += buffer.write(chunk, used, 'utf8');
      else {
        buffer.set(chunk, used);
        used += chunk.length;
      }
      return inFlight < 2;
    },
    async drain() {
      await queue;
      if (failure !== undefined) throw failure;
    },
    get written() {
      return flushed + used;
    },
    digest() {
      if (!hash) throw new Error(`${path} was not created with { digest: true }`);
      return hash.copy().update(buffer.subarray(0, used)).digest('hex');
    },
    async commit(as = path) {
      if (closed) throw new Error(`${path} was already committed or aborted`);
      try {
        await flush();
        await handle.sync();
      } catch (error) {
        await discard();
        throw error;
      }
      closed = true;
      await handle.close();
      await moveIntoPlace(temp, as);
    },
    async abort() {
      if (!closed) await discard();
    },
  };
}

/** Positional reads; ranges close together are read in one call and cut apart. */
async function* readLocalRanges(path: string, ranges: readonly (readonly [number, number])[]): AsyncGenerator<Buffer> {
  if (ranges.length === 0) return;
  const handle = await open(path, 'r');
  try {
    let i = 0;
    while (i < ranges.length) {
      const start = ranges[i]![0];
      let j = i;
      while (j + 1 < ranges.length && ranges[j + 1]![0] - ranges[j]![1] <= RANGE_GAP && ranges[j + 1]![1] - start <= 8 << 20) j++;
      const end = ranges[j]![1];
      const bytes = Buffer.allocUnsafe(end - start);
      let got = 0;
      while (got < bytes.length) {
        const { bytesRead } = await handle.read(bytes, got, bytes.length - got, start + got);
        if (bytesRead === 0) throw new Error(`${path} ends at byte ${start + got}, before the end of the range [${start}, ${end}) (the file is shorter than its index says)`);
        got += bytesRead;
      }
      for (let k = i; k <= j; k++) yield bytes.subarray(ranges[k]![0] - start, ranges[k]![1] - start);
      i = j + 1;
    }
  } finally {
    await handle.close();
  }
}

async function writeAll(handle: FileHandle, bytes: Buffer): Promise<void> {
  let offset = 0;
  while (offset < bytes.length) {
    const { bytesWritten } = await handle.write(bytes, offset, bytes.length - offset);
    offset += bytesWritten;
  }
}

function errorCode(error: unknown): string | undefined {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}
