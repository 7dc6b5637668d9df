import { createHash, randomBytes } from 'node:crypto';
import { type FileHandle, access, mkdir, open, rename, rm, rmdir } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { syncDir, writeFileAtomic } from '../fs/atomic-write.js';
import type { PartitionFiles } from './local-lake.js';
import type { Manifest } from './manifest.js';
import { DATA_FILE, MANIFEST_FILE, type PartitionKey, REJECTS_FILE, partitionPrefix, quarantinePrefix } from './paths.js';

/** What was written to a partition, for its manifest. */
export interface PartitionStats {
  /** Lines of data.jsonl. */
  rows: number;
  /** Size of data.jsonl. */
  bytes: number;
  /** Hex sha256 of data.jsonl, computed as it was written. */
  sha256: string;
  /** Lines of rejects.jsonl. */
  quarantined: number;
}

/**
 * One lake partition written as a stream: lines go to temp files beside their final names while
 * the sha256, size and count of data.jsonl are kept up to date, and nothing is visible until
 * `commit` renames them and writes `_manifest.json`, last. `abort` leaves no trace, so a retried
 * download can start a new writer from scratch.
 */
export interface PartitionWriter {
  readonly key: PartitionKey;
  /** Rows so far. */
  readonly rows: number;
  readonly quarantined: number;
  /**
   * Appends one line (ending in a newline) to data.jsonl. Returns a promise only when a buffer
   * went to disk: await it, so a fast source cannot outrun the disk (backpressure).
   */
  addRow(line: string): Promise<void> | undefined;
  /** The same for rejects.jsonl, created on the first reject. */
  addReject(line: string): Promise<void> | undefined;
  /** data.jsonl and rejects.jsonl in place (fsync'd), then the manifest built from their stats. */
  commit(manifest: (stats: PartitionStats) => Manifest): Promise<PartitionFiles>;
  /** Nothing valid to publish: keeps rejects.jsonl alone (no data, no manifest); its path, if any. */
  commitRejectsOnly(): Promise<string | undefined>;
  /** Removes the temp files (and the folders made for them, once empty). Safe to call twice. */
  abort(): Promise<void>;
}

/** Bytes per write buffer (two of them: one filling while the other is written). */
const BUFFER_BYTES = 1 << 20;

const exists = (path: string) => access(path).then(() => true, () => false);

export async function openPartitionWriter(dataDir: string, key: PartitionKey): Promise<PartitionWriter> {
  const prefix = partitionPrefix(key);
  const dir = join(dataDir, prefix);
  if (await exists(join(dir, MANIFEST_FILE))) {
    throw new Error(`lake partition ${prefix} already exists; a run id is never reused`);
  }
  const data = spoolFile(join(dir, DATA_FILE));
  const rejects = spoolFile(join(dataDir, quarantinePrefix(key), REJECTS_FILE));
  let closed = false;
  const assertOpen = () => {
    if (closed) throw new Error(`lake partition ${prefix}: the writer is already committed or aborted`);
  };

  return {
    key,
    get rows() {
      return data.lines;
    },
    get quarantined() {
      return rejects.lines;
    },
    addRow: (line) => (assertOpen(), data.add(line)),
    addReject: (line) => (assertOpen(), rejects.add(line)),
    async commit(manifest) {
      assertOpen();
      closed = true;
      const files: PartitionFiles = { prefix, dataPath: data.path, manifestPath: join(dir, MANIFEST_FILE) };
      try {
        await data.publish();
        const stats: PartitionStats = { rows: data.lines, bytes: data.bytes, sha256: data.sha256(), quarantined: rejects.lines };
        if (rejects.lines > 0) {
          await rejects.publish();
          files.rejectsPath = rejects.path;
        }
        await writeFileAtomic(files.manifestPath, `${JSON.stringify(manifest(stats), null, 2)}\n`);
        return files;
      } catch (error) {
        await discardAll(data, rejects);
        throw error;
      }
    },
    async commitRejectsOnly() {
      assertOpen();
      closed = true;
      await data.discard();
      if (rejects.lines === 0) return undefined;
      await rejects.publish();
      return rejects.path;
    },
    async abort() {
      closed = true;
      await discardAll(data, rejects);
    },
  };
}

/**
 * Discards both files, one after the other and then the first again: each removes the folders it
 * made once empty, and whichever made `raw/` first can only remove it once the other's are gone.
 */
async function discardAll(first: SpoolFile, second: SpoolFile): Promise<void> {
  await first.discard();
  await second.discard();
  await first.discard();
}

interface SpoolFile {
  readonly path: string;
  readonly lines: number;
  /** Bytes handed to the disk so far: all of them once published. */
  readonly bytes: number;
  add(line: string): Promise<void> | undefined;
  /** Flush, fsync, rename into place, fsync the folder. */
  publish(): Promise<void>;
  discard(): Promise<void>;
  sha256(): string;
}

/**
 * A file written through a temp file, hashed as it goes. Lines are encoded straight into one of two
 * buffers; a full buffer is hashed and handed to the disk while the other fills, so at most one write
 * is in flight and memory stays at two buffers whatever the file's size.
 */
function spoolFile(path: string): SpoolFile {
  const dir = dirname(path);
  const temp = join(dir, `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  const hash = createHash('sha256');
  const buffers = [Buffer.allocUnsafe(BUFFER_BYTES), Buffer.allocUnsafe(BUFFER_BYTES)] as const;
  let filling: 0 | 1 = 0;
  let used = 0;
  let lines = 0;
  let bytes = 0;
  let handle: FileHandle | undefined;
  let madeDir: string | undefined;
  let writing: Promise<void> = Promise.resolve();

  async function writeAll(target: FileHandle, chunk: Buffer): Promise<void> {
    for (let offset = 0; offset < chunk.length; ) {
      const { bytesWritten } = await target.write(chunk, offset);
      offset += bytesWritten;
    }
  }

  async function opened(): Promise<FileHandle> {
    if (!handle) {
      madeDir = await mkdir(dir, { recursive: true });
      handle = await open(temp, 'w', 0o644);
    }
    return handle;
  }

  /** Hands `chunk` to the disk once the write before it is done; resolves when it has started. */
  async function send(chunk: Buffer): Promise<void> {
    hash.update(chunk);
    bytes += chunk.length;
    await writing;
    const target = await opened();
    writing = writeAll(target, chunk);
  }

  /** Sends the filling buffer and switches to the other one (free once the previous write is done). */
  async function flush(): Promise<void> {
    if (used === 0) return;
    const chunk = buffers[filling].subarray(0, used);
    filling = filling === 0 ? 1 : 0;
    used = 0;
    await send(chunk);
  }

  /** A line that does not fit what is left of the buffer: flush, then write it (alone, if it is huge). */
  async function addAfterFlush(line: string): Promise<void> {
    await flush();
    if (line.length * 3 > BUFFER_BYTES) {
      await writing;
      await send(Buffer.from(line, 'utf8'));
    } else {
      used += buffers[filling].write(line, used, 'utf8');
    }
  }

  return {
    path,
    get lines() {
      return lines;
    },
    get bytes() {
      return bytes;
    },
    add(line) {
      lines++;
      // UTF-8 takes at most 3 bytes per UTF-16 unit: past that bound, the line might not fit.
      if (used + line.length * 3 > BUFFER_BYTES) return addAfterFlush(line);
      used += buffers[filling].write(line, used, 'utf8');
      return undefined;
    },
    async publish() {
      await flush();
      await writing;
      const target = await opened();
      await target.sync();
      await target.close();
      handle = undefined;
      await rename(temp, path);
      await syncDir(dir);
    },
    async discard() {
      used = 0;
      await writing.catch(() => undefined);
      await handle?.close().catch(() => undefined);
      handle = undefined;
      await rm(temp, { force: true });
      if (madeDir !== undefined) await removeEmptyDirs(dir, madeDir);
    },
    sha256: () => hash.digest('hex'),
  };
}

/** rmdir from `dir` up to `top` (the first folder mkdir made), stopping at the first that is not empty. */
async function removeEmptyDirs(dir: string, top: string): Promise<void> {
  for (let current = dir; ; current = dirname(current)) {
    // Gone already (an earlier discard) counts as removed: the folders above may still be ours to remove.
    const removed = await rmdir(current).then(
      () => true,
      (error: NodeJS.ErrnoException) => error.code === 'ENOENT',
    );
    if (!removed || current === top || dirname(current) === current) return;
  }
}
