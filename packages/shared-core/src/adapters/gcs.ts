import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat as statFile } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { z } from 'zod';
import type { ObjectStore, ObjectStoreOptions, StoredObject } from '../types.js';
import { CloudConfigError } from '../errors.js';
import { classifyCloudError, isConfigurationFault } from '../gcp/classify-fault.js';
import { boundedRetries, describeGoogleError, httpStatusOf, withDeadline } from './_google.js';
import { pipeUntilSilent } from './_silence.js';

/** Files from this size go up as resumable uploads; smaller ones in one request. */
const RESUMABLE_FROM_BYTES = 8 * 1024 * 1024;

const objectMetadataSchema = z.looseObject({
  name: z.string(),
  size: z.union([z.string(), z.number()]).transform(Number).pipe(z.number().int().nonnegative()),
  md5Hash: z.string().optional(),
  crc32c: z.string().optional(),
});

/** `gs://bucket/name`. */
export function gcsUri(bucket: string, name: string): string {
  return `gs://${bucket}/${name}`;
}

/** The object metadata GCS returned, checked. */
export function toStoredObject(bucket: string, metadata: unknown): StoredObject {
  const parsed = objectMetadataSchema.safeParse(metadata);
  if (!parsed.success) {
    throw new Error(`Cloud Storage returned unexpected object metadata in bucket ${bucket}: ${parsed.error.issues[0]?.message ?? 'unknown'}`);
  }
  const { name, size, md5Hash, crc32c } = parsed.data;
  return { name, uri: gcsUri(bucket, name), size, ...(md5Hash && { md5Hash }), ...(crc32c && { crc32c }) };
}

/** Base64 MD5 of a file, the form GCS reports as `md5Hash`. */
export async function md5Base64OfFile(path: string): Promise<string> {
  const hash = createHash('md5');
  await pipeline(createReadStream(path), hash);
  return hash.digest('base64');
}

/**
 * A Cloud Storage `ObjectStore`. The SDK is imported here, on first use, so a local run never
 * loads it. Uploads use `ifGenerationMatch: 0` (create only), which also lets the client retry
 * them safely; CRC32C is validated end to end.
 *
 * A large file (a lake partition of a million records is half a gigabyte) goes up as a resumable
 * upload streamed from disk, never in memory; a failure fails the whole upload (see
 * `uploadResumable`), and the partition stays pending. Its bound is silence, not the whole
 * transfer: it fails when no byte moved for `timeoutMs`, however long a slow but steady link
 * takes. A small file goes up in one request, bounded as a whole by `timeoutMs`.
 */
export async function createGcsObjectStore(options: ObjectStoreOptions): Promise<ObjectStore> {
  const { Storage } = await import('@google-cloud/storage');
  const timeoutMs = options.timeoutMs ?? 30_000;
  const resumableFromBytes = options.resumableFromBytes ?? RESUMABLE_FROM_BYTES;
  const settings = {
    projectId: options.projectId,
    ...(options.apiEndpoint && { apiEndpoint: options.apiEndpoint }),
    timeout: timeoutMs,
  };
  const bucket = new Storage({ ...settings, retryOptions: boundedRetries(timeoutMs) }).bucket(options.bucket);
  // Resumable sessions only: without the client's retries (see `uploadResumable`).
  const resumableBucket = new Storage({ ...settings, retryOptions: { ...boundedRetries(timeoutMs), autoRetry: false } }).bucket(options.bucket);
  const uri = (name: string) => gcsUri(options.bucket, name);
  /** A refusal no retry fixes (a missing role, a disabled API, rejected credentials) as a CloudConfigError; else the error to throw. */
  const failure = (what: string, error: unknown): Error => {
    const fault = classifyCloudError(error, {
      resources: { bucket: `gs://${options.bucket}`, project: options.projectId },
      service: 'storage.googleapis.com',
      projectId: options.projectId,
      ...(options.principal && { principal: options.principal }),
    });
    if (isConfigurationFault(fault)) return new CloudConfigError(`Cloud Storage: ${fault.line}`, { kind: fault.kind, cause: error });
    return new Error(`Cloud Storage: ${what} failed: ${describeGoogleError(error)}`, { cause: error });
  };

  async function stat(name: string): Promise<StoredObject | undefined> {
    try {
      const [metadata] = await withDeadline(bucket.file(name).getMetadata(), timeoutMs);
      return toStoredObject(options.bucket, metadata);
    } catch (error) {
      if (httpStatusOf(error) === 404) return undefined;
      throw failure(`reading ${uri(name)}`, error);
    }
  }

  /**
   * Streams the file into a resumable upload session; fails after `timeoutMs` without progress.
   * The session runs without the client's own retries (`resumableStorage`): destroying the stream
   * does not stop them, so a retry timer set before the failure would go on querying GCS after the
   * upload was reported failed, and end in an 'error' event nobody listens to any more (an uncaught
   * exception). A failed upload is whole to redo: the object never appears (create-only, finalized
   * only by the last byte), and the caller keeps the partition pending (`push-pending`).
   */
  async function uploadResumable(localPath: string, name: string, contentType: string | undefined): Promise<StoredObject> {
    const file = resumableBucket.file(name);
    const writable = file.createWriteStream({
      resumable: true,
      validation: 'crc32c',
      preconditionOpts: { ifGenerationMatch: 0 },
      ...(contentType && { metadata: { contentType } }),
    });
    await pipeUntilSilent(createReadStream(localPath), writable, timeoutMs);
    return toStoredObject(options.bucket, file.metadata);
  }

  async function uploadFile(localPath: string, name: string, upload: { contentType?: string } = {}) {
    const { size } = await statFile(localPath);
    try {
      if (size >= resumableFromBytes) {
        return { object: await uploadResumable(localPath, name, upload.contentType), alreadyPresent: false };
      }
      const [file] = await withDeadline(
        bucket.upload(localPath, {
          destination: name,
          resumable: false,
          validation: 'crc32c',
          preconditionOpts: { ifGenerationMatch: 0 },
          ...(upload.contentType && { contentType: upload.contentType }),
        }),
        timeoutMs,
      );
      return { object: toStoredObject(options.bucket, file.metadata), alreadyPresent: false };
    } catch (error) {
      if (httpStatusOf(error) !== 412) {
        throw failure(`uploading ${localPath} to ${uri(name)}`, error);
      }
    }
    // 412: the object exists. Same bytes (an earlier attempt got through) is success; anything else is not ours to overwrite.
    const existing = await stat(name);
    const local = await md5Base64OfFile(localPath);
    if (existing?.md5Hash === local) return { object: existing, alreadyPresent: true };
    throw new Error(
      `Cloud Storage: ${uri(name)} already exists with different content (md5 ${existing?.md5Hash ?? 'unknown'}, local ${local}); ` +
        'lake objects are never overwritten: move the object away if the local partition is the right one',
    );
  }

  return { bucket: options.bucket, uri, stat, uploadFile };
}
