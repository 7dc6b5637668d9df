import { createHash, randomBytes, type Hash } from 'node:crypto';
import { EventEmitter, once } from 'node:events';
import type { Writable } from 'node:stream';
import { UsageError, boundedRetries, describeGoogleError, httpStatusOf } from '@fakestore/shared-core';
import type { Bucket, CRC32CValidator, File, FileMetadata } from '@google-cloud/storage';
import { basename, dirname, join } from '../core/location.js';
import { readGroups } from '../core/ranges.js';
import { type FileStorage, type FileWriter, GenerationMismatch, isTempName } from './storage.js';

/**
 * Cloud Storage as the streamer's `FileStorage`, for paths `gs://bucket/name`. What readers can see:
 * - `writeIfGeneration`: one upload with `ifGenerationMatch` (0: the object must not exist); GCS
 *   replaces the object whole or refuses with 412, so of two writers that read the same generation
 *   exactly one succeeds: the state's commit.
 * - `create`: a file up to `SMALL_FILE_BYTES` is kept in memory and uploaded in one request at
 *   `commit`, at its final name; a larger one streams as a resumable upload (one request per
 *   `CHUNK_BYTES`) to a temp object `.{name}.{12 hex}.tmp` next to it, finalised at `commit` and
 *   then copied to its final name (a copy creates the object whole) and deleted. Either way the
 *   final name shows the old object or the new one, never a part. A writer killed mid-upload leaves
 *   an unfinished upload (never an object) or, between finalising and copying, a temp object that
 *   `removeLeftovers` deletes.
 * - `move`: a copy, then a delete of the source. `to` changes atomically, but in between both exist
 *   (a reader may see the file at both paths; a crash there leaves the source too).
 */
export interface GcsStorageOptions {
  /** An emulator's URL (fake-gcs-server), or unset for Google Cloud. */
  apiEndpoint?: string;
  /** A service-account key file; unset: Application Default Credentials. */
  keyFilename?: string;
  /** Per request, and the bound of the client's retries. Default 60 s. */
  timeoutMs?: number;
  /** Files up to this size go up in one request at commit. Default 8 MiB. */
  smallFileBytes?: number;
  /** The chunk of a resumable upload (a multiple of 256 KiB). Default 8 MiB. */
  chunkBytes?: number;
}

const SMALL_FILE_BYTES = 8 << 20;
const CHUNK_BYTES = 8 << 20;
/** Writes are handed to the upload in pieces of about this size (fewer, larger stream writes). */
const PIECE_BYTES = 1 << 20;
/** Listeners the client puts on one stream of a download (see createGcsStorage). */
const CLIENT_LISTENERS = 16;
/** A full read goes in windows of this size (the first one smaller: most peeks need no more). */
const FIRST_WINDOW_BYTES = 64 << 10;
const READ_WINDOW_BYTES = 8 << 20;
/** A manifest replaced between reading its generation and its bytes is read again, this many times. */
const READ_ATTEMPTS = 5;

/** `gs://{bucket}/{name}`: GCS bucket naming rules (lower case, 3-63 characters a part, no `goog`). */
const BUCKET = /^(?=.{3,222}$)(?!goog)[a-z0-9](?:[a-z0-9_-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9_-]{0,61}[a-z0-9])?)*$/;

export function isGcsUri(path: string): boolean {
  return path.startsWith('gs://');
}

/**
 * The bucket and object name of `gs://bucket/name` (`name` may be empty: the bucket's root, as a
 * folder). Rejects what GCS would: a bad bucket name, empty segments, `.`/`..`, control characters.
 */
export function parseGcsUri(uri: string): { bucket: string; name: string } {
  const problem = gcsUriProblem(uri);
  if (problem !== undefined) throw new UsageError(`${uri} is not a usable gs:// location: ${problem}`);
  const rest = uri.slice('gs://'.length);
  const slash = rest.indexOf('/');
  return slash < 0 ? { bucket: rest, name: '' } : { bucket: rest.slice(0, slash), name: rest.slice(slash + 1).replace(/\/$/, '') };
}

/** Why `uri` is not a usable `gs://bucket/prefix...` location, or `undefined` when it is one. */
export function gcsUriProblem(uri: string): string | undefined {
  if (!isGcsUri(uri)) return 'it must start with gs://';
  const rest = uri.slice('gs://'.length);
  const slash = rest.indexOf('/');
  const bucket = slash < 0 ? rest : rest.slice(0, slash);
  const name = slash < 0 ? '' : rest.slice(slash + 1).replace(/\/$/, '');
  if (!BUCKET.test(bucket)) {
    return `"${bucket}" is not a bucket name (3-63 lower-case letters, digits, -, _ or . a part, starting and ending with a letter or digit, not starting with "goog")`;
  }
  if (name === '') return undefined;
  if (Buffer.byteLength(name) > 1000) return 'the object name is longer than 1000 bytes';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) return 'the object name holds a control character';
  if (name.split('/').some((part) => part === '' || part === '.' || part === '..')) return 'the object name has an empty, "." or ".." part';
  return undefined;
}

/** A `FileStorage` on Cloud Storage. Loads the SDK here, so a local run never does. */
export async function createGcsStorage(options: GcsStorageOptions = {}): Promise<FileStorage> {
  const { CRC32C, Storage, IdempotencyStrategy } = await import('@google-cloud/storage');
  const timeoutMs = options.timeoutMs ?? 60_000;
  // Every streamed download of this client version wires 11 'error' and 'close' listeners to one
  // internal stream, one above Node's default leak-warning threshold: without this, each read of a
  // large object prints two MaxListenersExceededWarning lines on stderr
  // (googleapis/google-cloud-node#9185, fix pending in #9254). Only the warning threshold changes.
  if (EventEmitter.defaultMaxListeners < CLIENT_LISTENERS) EventEmitter.defaultMaxListeners = CLIENT_LISTENERS;
  // The client itself reads STORAGE_EMULATOR_HOST, and then sends JSON API calls to that URL without
  // its /storage/v1 path (fake-gcs-server answers object lists there with 404). The config has read
  // the variable already (`apiEndpoint`), so the client is built without it.
  const emulatorHost = process.env.STORAGE_EMULATOR_HOST;
  delete process.env.STORAGE_EMULATOR_HOST;
  let client: InstanceType<typeof Storage>;
  let uploadClient: InstanceType<typeof Storage>;
  try {
    const settings = {
      ...(options.apiEndpoint !== undefined && { apiEndpoint: options.apiEndpoint }),
      ...(options.keyFilename !== undefined && { keyFilename: options.keyFilename }),
      timeout: timeoutMs,
    };
    // Every write here is safe to repeat: a plain upload writes the same bytes again, and the
    // conditional commit tells a repeat of its own success from a loss (see writeIfGeneration).
    client = new Storage({ ...settings, retryOptions: { ...boundedRetries(timeoutMs), idempotencyStrategy: IdempotencyStrategy.RetryAlways } });
    // Resumable uploads run without the client's own retries: destroying the stream does not stop
    // them, so they would go on querying GCS after the write was aborted or reported failed, and end
    // in an error nobody listens to (shared-core's uploads found it). A failed upload fails the
    // cycle, whose next attempt writes its files again.
    uploadClient = new Storage({ ...settings, retryOptions: { ...boundedRetries(timeoutMs), autoRetry: false } });
  } finally {
    if (emulatorHost !== undefined) process.env.STORAGE_EMULATOR_HOST = emulatorHost;
  }
  const buckets = new Map<string, Bucket>();
  const uploadBuckets = new Map<string, Bucket>();
  const fileOf = (path: string, generation?: string): File => {
    const { bucket, name } = parseGcsUri(path);
    if (name === '') throw new UsageError(`${path} names a bucket, not an object`);
    let handle = buckets.get(bucket);
    if (!handle) buckets.set(bucket, (handle = client.bucket(bucket)));
    return handle.file(name, generation === undefined ? {} : { generation });
  };
  /** The same object on the client without retries, for resumable uploads. */
  const uploadFileOf = (path: string): File => {
    const { bucket, name } = parseGcsUri(path);
    let handle = uploadBuckets.get(bucket);
    if (!handle) uploadBuckets.set(bucket, (handle = uploadClient.bucket(bucket)));
    return handle.file(name);
  };
  /** The objects under a folder-like `dir`, with their names relative to it. */
  const objectsUnder = async (dir: string): Promise<{ relative: string; file: File }[]> => {
    const { bucket, name } = parseGcsUri(dir);
    const prefix = name === '' ? '' : `${name}/`;
    const [files] = await client.bucket(bucket).getFiles({ prefix, autoPaginate: true }).catch(failed('listing', dir));
    return files.filter((file) => !file.name.endsWith('/')).map((file) => ({ relative: file.name.slice(prefix.length), file }));
  };
  const generationOf = async (path: string): Promise<string | null> => {
    try {
      const [metadata] = await fileOf(path).getMetadata();
      return String(metadata.generation);
    } catch (error) {
      if (httpStatusOf(error) === 404) return null;
      throw gcsError('reading', path, error);
    }
  };
  const readGeneration = async (path: string): Promise<{ text: string; generation: string } | null> => {
    for (let attempt = 1; ; attempt++) {
      const generation = await generationOf(path);
      if (generation === null) return null;
      try {
        // That very generation: the text and its generation always belong together.
        const [bytes] = await fileOf(path, generation).download();
        return { text: bytes.toString('utf8'), generation };
      } catch (error) {
        // 404: replaced (or removed) between the two requests; read the new one.
        if (httpStatusOf(error) !== 404 || attempt === READ_ATTEMPTS) throw gcsError('reading', path, error);
      }
    }
  };

  return {
    read: async (path) => {
      let metadata: FileMetadata;
      try {
        [metadata] = await fileOf(path).getMetadata();
      } catch (error) {
        if (httpStatusOf(error) === 404) return null;
        throw gcsError('reading', path, error);
      }
      return readWhole(fileOf(path, String(metadata.generation)), path, Number(metadata.size ?? 0), metadata.crc32c, new CRC32C());
    },
    readText: async (path) => {
      try {
        const [bytes] = await fileOf(path).download();
        return bytes.toString('utf8');
      } catch (error) {
        if (httpStatusOf(error) === 404) return null;
        throw gcsError('reading', path, error);
      }
    },
    readRanges: (path, ranges) => readGcsRanges(fileOf(path), path, ranges),
    readGeneration,
    generation: generationOf,
    writeIfGeneration: async (path, text, expected) => {
      if (expected !== null && !/^\d+$/.test(expected)) {
        throw new GenerationMismatch(`${path}: ${expected} is not a Cloud Storage generation (the state was read from another store)`);
      }
      try {
        await fileOf(path).save(text, {
          resumable: false,
          contentType: 'application/json',
          preconditionOpts: { ifGenerationMatch: expected ?? 0 },
        });
        return;
      } catch (error) {
        if (httpStatusOf(error) !== 412) throw gcsError('writing', path, error);
      }
      // 412. A retry of our own write that had gone through finds our very bytes: that is success.
      const now = await readGeneration(path);
      if (now?.text === text) return;
      throw new GenerationMismatch(
        `${path} was changed by someone else since it was read (expected generation ${expected ?? 'none: no object'}, found ${now?.generation ?? 'no object'})`,
      );
    },
    create: (path, createOptions = {}) => {
      fileOf(path); // a bad path fails here, not at commit
      return Promise.resolve(createGcsWriter({ fileOf, uploadFileOf }, path, createOptions, options));
    },
    move: async (from, to) => {
      await fileOf(from).copy(fileOf(to)).catch(failed('copying', `${from} to ${to}`));
      await fileOf(from).delete({ ignoreNotFound: true }).catch(failed('removing', from));
    },
    remove: async (path) => {
      await fileOf(path).delete({ ignoreNotFound: true }).catch(failed('removing', path));
    },
    exists: async (path) => {
      const [found] = await fileOf(path).exists().catch(failed('reading', path));
      return found;
    },
    list: async (dir) => (await objectsUnder(dir)).map((o) => o.relative).sort(),
    removeLeftovers: async (dir, olderThanMs) => {
      const cutoff = Date.now() - olderThanMs;
      const removed: string[] = [];
      for (const { relative, file } of await objectsUnder(dir)) {
        if (!isTempName(basename(relative))) continue;
        const updated = Date.parse(String(file.metadata.updated ?? file.metadata.timeCreated ?? ''));
        if (Number.isFinite(updated) && updated > cutoff) continue;
        const path = join(dir, relative);
        await file.delete({ ignoreNotFound: true }).catch(failed('removing', path));
        removed.push(path);
      }
      return removed;
    },
  };
}

/** One line naming the operation and the object, the client's error as the cause (ours pass through). */
function gcsError(what: string, path: string, error: unknown): Error {
  if (error instanceof UsageError || error instanceof GenerationMismatch) return error;
  return new Error(`Cloud Storage: ${what} ${path} failed: ${describeGoogleError(error)}`, { cause: error });
}

/** A `.catch` handler that rethrows as `gcsError`. */
function failed(what: string, path: string): (error: unknown) => never {
  return (error) => {
    throw gcsError(what, path, error);
  };
}

/**
 * A whole object, one generation of it, in windows read to their end before they are handed on: a
 * reader that stops early (a peek at the first bytes) never leaves a response half read, which
 * would hold the client's connection and slow the next request by seconds. Checked against the
 * object's CRC32C at the end.
 */
async function* readWhole(file: File, path: string, size: number, crc32c: string | undefined, checksum: CRC32CValidator): AsyncGenerator<Buffer> {
  let window = FIRST_WINDOW_BYTES;
  for (let at = 0; at < size; at += window, window = READ_WINDOW_BYTES) {
    const bytes = await readRange(file, path, at, Math.min(size, at + window));
    checksum.update(bytes);
    yield bytes;
  }
  if (crc32c !== undefined && !checksum.validate(crc32c)) {
    throw new Error(`Cloud Storage: reading ${path} failed: its bytes do not match its CRC32C (${crc32c})`);
  }
}

/** Ranged reads, nearby ranges in one request (`core/ranges.ts`), each checked for its full length. */
async function* readGcsRanges(file: File, path: string, ranges: readonly (readonly [number, number])[]): AsyncGenerator<Buffer> {
  for (const group of readGroups(ranges)) {
    const bytes = await readRange(file, path, group.start, group.end);
    for (const [start, end] of group.ranges) yield bytes.subarray(start - group.start, end - group.start);
  }
}

/** The bytes `[start, end)` of an object, read to the end of the response. */
async function readRange(file: File, path: string, start: number, end: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  try {
    // `end` is inclusive here; the client's validation cannot cover a part of an object.
    for await (const chunk of file.createReadStream({ start, end: end - 1, validation: false, decompress: false })) chunks.push(chunk as Buffer);
  } catch (error) {
    // 416: the range starts past the end of the object.
    if (httpStatusOf(error) === 416) throw shorterThanIndex(path, start, end);
    throw gcsError('reading', path, error);
  }
  const bytes = Buffer.concat(chunks);
  if (bytes.length < end - start) throw shorterThanIndex(path, start + bytes.length, end);
  // More than asked: the server ignored the range, so these bytes start elsewhere.
  if (bytes.length > end - start) throw new Error(`Cloud Storage: reading ${path} failed: asked for bytes ${start}-${end - 1}, got ${bytes.length} bytes`);
  return bytes;
}

function shorterThanIndex(path: string, at: number, end: number): Error {
  return new Error(`${path} ends at byte ${at}, before the end of the range ending at ${end} (the file is shorter than its index says)`);
}

function createGcsWriter(
  { fileOf, uploadFileOf }: { fileOf: (path: string) => File; uploadFileOf: (path: string) => File },
  path: string,
  createOptions: { digest?: boolean },
  options: GcsStorageOptions,
): FileWriter {
  const smallFileBytes = options.smallFileBytes ?? SMALL_FILE_BYTES;
  const hash: Hash | undefined = createOptions.digest ? createHash('sha256') : undefined;
  /** Bytes not yet handed to the upload (all of them while the file is small). */
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let written = 0;
  let upload: { temp: string; stream: Writable; finished: Promise<void> } | undefined;
  let failure: Error | undefined;
  let closed = false;

  const startUpload = () => {
    const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
    const stream = uploadFileOf(temp).createWriteStream({ resumable: true, chunkSize: options.chunkBytes ?? CHUNK_BYTES, validation: 'crc32c' });
    const finished = new Promise<void>((resolve, reject) => {
      stream.once('finish', resolve);
      // `on`, not `once`: an aborted upload may still report an error later, which must not go uncaught.
      stream.on('error', (error: unknown) => {
        failure ??= new Error(`Cloud Storage: writing ${path} (as ${temp}) failed: ${describeGoogleError(error)}`, { cause: error });
        reject(failure);
      });
    });
    finished.catch(() => undefined); // seen through `failure` at the next drain or commit
    return { temp, stream, finished };
  };
  /** Hands the pending bytes to the upload; `false` when it wants a drain first. */
  const handOver = (): boolean => {
    upload ??= startUpload();
    if (pendingBytes === 0) return !upload.stream.writableNeedDrain;
    const bytes = Buffer.concat(pending, pendingBytes);
    pending = [];
    pendingBytes = 0;
    return upload.stream.write(bytes);
  };
  const check = () => {
    if (failure !== undefined) throw failure;
  };

  return {
    write(chunk) {
      if (closed) throw new Error(`write to ${path} after commit or abort`);
      check();
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      hash?.update(bytes);
      // A copy: the caller may reuse its buffer once write returns.
      pending.push(typeof chunk === 'string' ? bytes : Buffer.from(bytes));
      pendingBytes += bytes.length;
      written += bytes.length;
      if (upload ? pendingBytes >= PIECE_BYTES : written > smallFileBytes) return handOver();
      return true;
    },
    async drain() {
      check();
      if (upload?.stream.writableNeedDrain) await Promise.race([once(upload.stream, 'drain'), upload.finished]);
      check();
    },
    get written() {
      return written;
    },
    digest() {
      if (!hash) throw new Error(`${path} was not created with { digest: true }`);
      return hash.copy().digest('hex');
    },
    async commit(as = path) {
      if (closed) throw new Error(`${path} was already committed or aborted`);
      closed = true;
      check();
      if (!upload) {
        await fileOf(as).save(Buffer.concat(pending, pendingBytes), { resumable: false, validation: 'crc32c' }).catch(failed('writing', as));
        pending = [];
        return;
      }
      handOver();
      upload.stream.end();
      await upload.finished;
      const temp = fileOf(upload.temp);
      await temp.copy(fileOf(as)).catch(failed('copying', `${upload.temp} to ${as}`));
      await temp.delete({ ignoreNotFound: true }).catch(failed('removing', upload.temp));
    },
    async abort() {
      if (closed) return;
      closed = true;
      pending = [];
      if (!upload) return;
      // The upload is never finalised, so no object appears; a temp object that did appear is removed.
      upload.stream.destroy();
      await fileOf(upload.temp).delete({ ignoreNotFound: true }).catch(() => undefined);
    },
  };
}
