import { createHash, randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { type Server, createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { type RunningEmulator, type TempDir, hasEmulator, makeTempDir, startEmulator } from '@fakestore/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGcsObjectStore } from '../src/adapters/gcs.js';

interface LinkBehaviour {
  /** After this many bytes of a request body, swallow the rest and never end it upstream: a dead link. */
  stallAfterBytes?: number;
}

/**
 * An HTTP proxy in front of fake-gcs-server that stands in for the network: it logs each request
 * and can stall request bodies. (A slow link cannot be shown this way: on loopback the kernel's
 * socket buffers swallow megabytes at once. `pipeUntilSilent`'s own test covers slow transfers.)
 */
function linkProxy(target: () => string) {
  let server: Server | undefined;
  let behaviour: LinkBehaviour = {};
  const requests: string[] = [];
  return {
    url: () => `http://127.0.0.1:${(server!.address() as AddressInfo).port}`,
    requests,
    set(next: LinkBehaviour) {
      behaviour = next;
      requests.length = 0;
    },
    async start() {
      server = createServer((incoming, outgoing) => {
        requests.push(`${incoming.method} ${incoming.url}`);
        const { stallAfterBytes } = behaviour;
        const upstream = new URL(target());
        const forward = httpRequest(
          { host: upstream.hostname, port: upstream.port, method: incoming.method, path: incoming.url, headers: incoming.headers },
          (answer) => {
            outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(outgoing);
          },
        );
        let passed = 0;
        let stalled = false;
        const link = new Transform({
          flush(done) {
            if (!stalled) done(); // a stalled body never ends, so the emulator never answers
          },
          transform(chunk: Buffer, _encoding, done) {
            const room = stallAfterBytes === undefined ? chunk.length : Math.max(0, stallAfterBytes - passed);
            if (room < chunk.length) stalled = true;
            if (room > 0) this.push(chunk.subarray(0, room));
            passed += Math.min(room, chunk.length);
            done();
          },
        });
        // A test ends connections halfway on purpose: errors of either side just end the exchange.
        forward.on('error', () => outgoing.destroy());
        incoming.on('error', () => forward.destroy());
        outgoing.on('error', () => forward.destroy());
        incoming.pipe(link).pipe(forward);
      });
      await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    },
    /** Ends every open connection, as a link that comes back does: a client still waiting sees a reset. */
    dropConnections() {
      server?.closeAllConnections();
    },
    async stop() {
      server?.closeAllConnections();
      await new Promise((resolve) => server?.close(resolve));
    },
  };
}

describe.skipIf(!hasEmulator('gcs'))('large uploads to Cloud Storage (fake-gcs-server behind a link we control)', () => {
  let gcs: RunningEmulator;
  let dir: TempDir;
  const link = linkProxy(() => gcs.url);
  const bucket = 'upload-test-lake';

  beforeAll(async () => {
    [gcs, dir] = await Promise.all([startEmulator('gcs'), makeTempDir()]);
    await link.start();
    const created = await fetch(`${gcs.url}/storage/v1/b`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: bucket }) });
    expect(created.ok).toBe(true);
  });
  afterAll(async () => {
    await link.stop();
    await Promise.all([gcs?.stop(), dir?.remove()]);
  });

  /** A store behind the proxy, resumable from 256 kB so a test file of a few MB takes that path. */
  const store = (timeoutMs: number) =>
    createGcsObjectStore({ bucket, projectId: 'test-project', apiEndpoint: link.url(), timeoutMs, resumableFromBytes: 256 * 1024 });
  const file = async (name: string, bytes: number) => {
    const path = join(dir.path, name);
    const content = randomBytes(bytes);
    await writeFile(path, content);
    return { path, md5: createHash('md5').update(content).digest('base64') };
  };
  const stored = async (name: string) => {
    const response = await fetch(`${gcs.url}/storage/v1/b/${bucket}/o/${encodeURIComponent(name)}`);
    return response.status === 404 ? undefined : ((await response.json()) as { md5Hash: string; size: string });
  };

  it('given a file above the threshold, then it goes up as a resumable session, byte for byte, create-only', async () => {
    link.set({});
    const { path, md5 } = await file('big.jsonl', 3 * 1024 * 1024);
    const objects = await store(5000);

    const { object, alreadyPresent } = await objects.uploadFile(path, 'raw/big/data.jsonl', { contentType: 'application/x-ndjson' });

    expect(alreadyPresent).toBe(false);
    expect(object).toMatchObject({ name: 'raw/big/data.jsonl', size: 3 * 1024 * 1024, md5Hash: md5 });
    expect(link.requests.some((line) => /^POST \/upload\/storage\/v1\/b\/upload-test-lake\/o\?.*uploadType=resumable.*ifGenerationMatch=0/.test(line))).toBe(true);
    expect(link.requests.some((line) => /^PUT .*upload_id=/.test(line))).toBe(true);
    expect((await objects.uploadFile(path, 'raw/big/data.jsonl')).alreadyPresent).toBe(true);
    const other = await file('other.jsonl', 3 * 1024 * 1024);
    await expect(objects.uploadFile(other.path, 'raw/big/data.jsonl')).rejects.toThrow(/already exists with different content/);
    expect((await stored('raw/big/data.jsonl'))?.md5Hash).toBe(md5);
  });

  it('given the link goes silent mid-upload, then it fails after the timeout of silence with one clear line, no object appears and no request follows', async () => {
    link.set({ stallAfterBytes: 512 * 1024 });
    const { path } = await file('stalled.jsonl', 2 * 1024 * 1024);
    const started = Date.now();

    await expect((await store(800)).uploadFile(path, 'raw/stalled/data.jsonl')).rejects.toThrow(
      /^Cloud Storage: uploading .*stalled\.jsonl to gs:\/\/upload-test-lake\/raw\/stalled\/data\.jsonl failed: no progress for 800 ms$/,
    );
    expect(Date.now() - started).toBeLessThan(5000);
    expect(await stored('raw/stalled/data.jsonl')).toBeUndefined();

    // and the client's session is over: nothing keeps querying GCS once the upload was reported failed
    const seen = [...link.requests];
    link.set({});
    link.dropConnections();
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(link.requests).toEqual([]);
    expect(seen.length).toBeGreaterThan(0);
  });
});
