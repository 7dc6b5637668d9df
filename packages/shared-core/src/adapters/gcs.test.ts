import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type RunningEmulator, type TempDir, freePort, hasEmulator, makeTempDir, startEmulator } from '@fakestore/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGcsObjectStore, gcsUri, md5Base64OfFile, toStoredObject } from './gcs.js';

describe('toStoredObject', () => {
  it('reads the metadata GCS returns, size as a number', () => {
    expect(toStoredObject('lake', { name: 'raw/a', size: '12', md5Hash: 'bWQ1', crc32c: 'Y3Jj', bucket: 'lake' })).toEqual({
      name: 'raw/a',
      uri: 'gs://lake/raw/a',
      size: 12,
      md5Hash: 'bWQ1',
      crc32c: 'Y3Jj',
    });
  });

  it('rejects metadata without a name', () => {
    expect(() => toStoredObject('lake', { size: '1' })).toThrow(/unexpected object metadata in bucket lake/);
  });
});

describe('gcsUri', () => {
  it('is gs://bucket/name', () => {
    expect(gcsUri('lake', 'raw/x/data.jsonl')).toBe('gs://lake/raw/x/data.jsonl');
  });
});

describe.skipIf(!hasEmulator('gcs'))('createGcsObjectStore against fake-gcs-server', () => {
  let gcs: RunningEmulator;
  let dir: TempDir;
  const bucket = 'adapter-test-lake';

  beforeAll(async () => {
    [gcs, dir] = await Promise.all([startEmulator('gcs'), makeTempDir()]);
    const created = await fetch(`${gcs.url}/storage/v1/b`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: bucket }) });
    expect(created.ok).toBe(true);
  });
  afterAll(async () => {
    await Promise.all([gcs?.stop(), dir?.remove()]);
  });

  const store = () => createGcsObjectStore({ bucket, projectId: 'test-project', apiEndpoint: gcs.url, timeoutMs: 5000 });
  const file = async (name: string, text: string) => {
    const path = join(dir.path, name);
    await writeFile(path, text);
    return path;
  };

  it('given a new name, then it uploads and reports the object with checksums that match the file', async () => {
    const path = await file('a.jsonl', '{"a":1}\n');
    const { object, alreadyPresent } = await (await store()).uploadFile(path, 'raw/a/data.jsonl', { contentType: 'application/x-ndjson' });

    expect(alreadyPresent).toBe(false);
    expect(object).toMatchObject({ name: 'raw/a/data.jsonl', uri: `gs://${bucket}/raw/a/data.jsonl`, size: 8 });
    expect(object.md5Hash).toBe(createHash('md5').update('{"a":1}\n').digest('base64'));
    expect(await (await store()).stat('raw/a/data.jsonl')).toEqual(object);
  });

  it('given the same bytes are there already (an earlier attempt got through), then it counts as uploaded', async () => {
    const path = await file('b.jsonl', '{"b":1}\n');
    const objects = await store();
    await objects.uploadFile(path, 'raw/b/data.jsonl');
    const again = await objects.uploadFile(path, 'raw/b/data.jsonl');
    expect(again.alreadyPresent).toBe(true);
    expect(again.object.md5Hash).toBe(await md5Base64OfFile(path));
  });

  it('given other bytes under the name, then it refuses to overwrite them', async () => {
    const objects = await store();
    await objects.uploadFile(await file('c1.jsonl', 'first\n'), 'raw/c/data.jsonl');
    await expect(objects.uploadFile(await file('c2.jsonl', 'second\n'), 'raw/c/data.jsonl')).rejects.toThrow(/already exists with different content/);
    const response = await fetch(`${gcs.url}/storage/v1/b/${bucket}/o/${encodeURIComponent('raw/c/data.jsonl')}?alt=media`);
    expect(await response.text()).toBe('first\n');
  });

  it('given a name that is not there, then stat says undefined', async () => {
    expect(await (await store()).stat('raw/none')).toBeUndefined();
  });

  it('given nothing listens at the endpoint, then the upload fails within the bound, with a clear reason', async () => {
    const dead = await createGcsObjectStore({ bucket, projectId: 'test-project', apiEndpoint: `http://127.0.0.1:${await freePort()}`, timeoutMs: 2000 });
    const started = Date.now();
    await expect(dead.uploadFile(await file('d.jsonl', 'x\n'), 'raw/d/data.jsonl')).rejects.toThrow(
      /^Cloud Storage: uploading .*d\.jsonl to gs:\/\/adapter-test-lake\/raw\/d\/data\.jsonl failed: .*ECONNREFUSED/,
    );
    expect(Date.now() - started).toBeLessThan(2500);
  });
});
