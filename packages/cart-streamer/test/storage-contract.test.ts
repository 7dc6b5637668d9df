import { randomBytes } from 'node:crypto';
import { type TempDir, makeTempDir } from '@fakestore/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from '../src/core/location.js';
import { createGcsStorage } from '../src/io/gcs-storage.js';
import { type FileStorage, GenerationMismatch, createLocalStorage } from '../src/io/storage.js';
import { useFakeGcs, withFakeGcs } from './support/gcs.js';

/**
 * What every `FileStorage` backend promises (storage.ts), as one spec run against the local disk
 * and against Cloud Storage (the real client on fake-gcs-server). The GCS backend is set to small
 * thresholds, so files of a few hundred KiB already take its resumable, temp-object path.
 */
interface Backend {
  storage: FileStorage;
  /** A fresh folder (a temp dir, or a prefix in a fresh bucket). */
  root: string;
}

/**
 * Whether concurrent `writeIfGeneration` calls are decided by the store itself (GCS: one upload
 * with a precondition). Locally it is a check, then a rename: the state folder's lock keeps a second
 * writer out instead, so the race is not part of the local backend's promise.
 */
interface Capabilities {
  exclusiveCommit: boolean;
}

async function text(storage: FileStorage, path: string): Promise<string | null> {
  const source = await storage.read(path);
  if (source === null) return null;
  const chunks: Buffer[] = [];
  for await (const chunk of source) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks).toString('utf8');
}

async function collect(iterable: AsyncIterable<Buffer>): Promise<string[]> {
  const parts: string[] = [];
  for await (const part of iterable) parts.push(part.toString('latin1'));
  return parts;
}

/** Lines `line 000000 ....\n` of 32 bytes each, so offsets are easy to compute. */
function numberedLines(count: number): string {
  let out = '';
  for (let i = 0; i < count; i++) out += `line ${String(i).padStart(6, '0')} ${'x'.repeat(19)}\n`;
  return out;
}

function storageContract(name: string, can: Capabilities, setup: () => Promise<Backend>, teardown: () => Promise<void> = () => Promise.resolve()): void {
  describe(`FileStorage contract: ${name}`, () => {
    let b: Backend;
    const at = (...parts: string[]) => join(b.root, ...parts);
    beforeEach(async () => { b = await setup(); });
    afterEach(teardown);

    it('given no file, then read, readText, readGeneration and generation say null, exists says false, list says []', async () => {
      const path = at('none.json');
      expect(await b.storage.read(path)).toBeNull();
      expect(await b.storage.readText(path)).toBeNull();
      expect(await b.storage.readGeneration(path)).toBeNull();
      expect(await b.storage.generation(path)).toBeNull();
      expect(await b.storage.exists(path)).toBe(false);
      expect(await b.storage.list(at('nothing'))).toEqual([]);
    });

    for (const [size, bytes] of [['small', 40], ['large (past the one-request threshold)', 700_000]] as const) {
      it(`given a ${size} file being written, then nothing is at its path before commit, and all of it after`, async () => {
        const path = at('dir', 'file.jsonl');
        const body = numberedLines(Math.ceil(bytes / 32));
        const writer = await b.storage.create(path, { digest: true });
        for (let i = 0; i < body.length; i += 4096) {
          if (!writer.write(body.slice(i, i + 4096))) await writer.drain();
        }
        expect(writer.written).toBe(body.length);
        expect(await b.storage.exists(path)).toBe(false);
        await writer.commit();
        expect(writer.digest()).toBe((await import('node:crypto')).createHash('sha256').update(body).digest('hex'));
        expect(await text(b.storage, path)).toBe(body);
        expect(await b.storage.list(at('dir'))).toEqual(['file.jsonl']);
      });

      it(`given a ${size} file committed under a name known late, then it is there and not at the first name; an aborted one is nowhere`, async () => {
        const body = numberedLines(Math.ceil(bytes / 32));
        const writer = await b.storage.create(at('log', 'pending.jsonl'));
        writer.write(body);
        await writer.drain();
        await writer.commit(at('log', 'batch-1.jsonl'));
        const dropped = await b.storage.create(at('log', 'pending.jsonl'));
        dropped.write(body);
        await dropped.drain();
        await dropped.abort();
        expect(await b.storage.list(at('log'))).toEqual(['batch-1.jsonl']);
        expect(await b.storage.readText(at('log', 'batch-1.jsonl'))).toBe(body);
      });
    }

    it('given a file replaced whole, then its generation changes and readGeneration pairs the new text with it', async () => {
      const path = at('state.json');
      await b.storage.writeIfGeneration(path, '{"commit":1}\n', null);
      const first = await b.storage.readGeneration(path);
      expect(first?.text).toBe('{"commit":1}\n');
      expect(await b.storage.generation(path)).toBe(first?.generation);
      await b.storage.writeIfGeneration(path, '{"commit":2}\n', first!.generation);
      const second = await b.storage.readGeneration(path);
      expect(second?.text).toBe('{"commit":2}\n');
      expect(second?.generation).not.toBe(first?.generation);
    });

    it('given a stale generation (or "must not exist" for a file that does), then writeIfGeneration rejects with GenerationMismatch and changes nothing', async () => {
      const path = at('state.json');
      await b.storage.writeIfGeneration(path, 'one\n', null);
      const one = (await b.storage.generation(path))!;
      await b.storage.writeIfGeneration(path, 'two\n', one);
      await expect(b.storage.writeIfGeneration(path, 'stale\n', one)).rejects.toBeInstanceOf(GenerationMismatch);
      await expect(b.storage.writeIfGeneration(path, 'create\n', null)).rejects.toBeInstanceOf(GenerationMismatch);
      expect(await b.storage.readText(path)).toBe('two\n');
    });

    it.runIf(can.exclusiveCommit)('given two writers committing from the same generation at once, then exactly one wins and the file holds its text', async () => {
      const path = at('state.json');
      await b.storage.writeIfGeneration(path, 'base\n', null);
      const base = (await b.storage.generation(path))!;
      const results = await Promise.allSettled([b.storage.writeIfGeneration(path, 'writer A\n', base), b.storage.writeIfGeneration(path, 'writer B\n', base)]);
      const won = results.map((r) => r.status === 'fulfilled');
      expect(won.filter(Boolean)).toHaveLength(1);
      const lost = results.find((r) => r.status === 'rejected');
      expect(lost?.status === 'rejected' && lost.reason).toBeInstanceOf(GenerationMismatch);
      expect(await b.storage.readText(path)).toBe(won[0] ? 'writer A\n' : 'writer B\n');
    });

    it.runIf(can.exclusiveCommit)('given two writers creating a file that does not exist yet, then exactly one wins', async () => {
      const path = at('cold', 'state.json');
      const results = await Promise.allSettled([b.storage.writeIfGeneration(path, 'A\n', null), b.storage.writeIfGeneration(path, 'B\n', null)]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect(['A\n', 'B\n']).toContain(await b.storage.readText(path));
    });

    it('given ranges of a file, near and far apart, then readRanges gives exactly their bytes, in order', async () => {
      const path = at('seg.jsonl');
      const body = numberedLines(20_000); // 640,000 bytes: ranges far apart take several reads
      const writer = await b.storage.create(path);
      writer.write(body);
      await writer.commit();
      const lines = [0, 1, 3, 700, 701, 19_999];
      const ranges = lines.map((n) => [n * 32, n * 32 + 32] as const);
      expect(await collect(b.storage.readRanges(path, ranges))).toEqual(lines.map((n) => body.slice(n * 32, n * 32 + 32)));
      expect(await collect(b.storage.readRanges(path, [[5, 9]]))).toEqual([body.slice(5, 9)]);
    });

    it('given a range past the end of the file, or no file, then readRanges rejects', async () => {
      const path = at('short.jsonl');
      await b.storage.writeIfGeneration(path, '0123456789', null);
      await expect(collect(b.storage.readRanges(path, [[4, 20]]))).rejects.toThrow();
      await expect(collect(b.storage.readRanges(path, [[40, 50]]))).rejects.toThrow();
      await expect(collect(b.storage.readRanges(at('none.jsonl'), [[0, 1]]))).rejects.toThrow();
    });

    it('given a reader that stops after the first chunk, then the rest is not needed and a full read still works', async () => {
      const path = at('big.jsonl');
      const body = numberedLines(40_000);
      const writer = await b.storage.create(path);
      writer.write(body);
      await writer.commit();
      const chunks = (await b.storage.read(path))![Symbol.asyncIterator]();
      const first = await chunks.next();
      await chunks.return?.();
      expect(Buffer.from(first.value as Uint8Array).toString('utf8', 0, 12)).toBe('line 000000 ');
      expect(await text(b.storage, path)).toBe(body);
    });

    it('given a move, then the target holds the source bytes (replacing what was there) and the source is gone', async () => {
      await b.storage.writeIfGeneration(at('a.json'), 'new\n', null);
      await b.storage.writeIfGeneration(at('b.json'), 'old\n', null);
      await b.storage.move(at('a.json'), at('b.json'));
      expect(await b.storage.readText(at('b.json'))).toBe('new\n');
      expect(await b.storage.exists(at('a.json'))).toBe(false);
      await b.storage.remove(at('b.json'));
      await b.storage.remove(at('b.json'));
      expect(await b.storage.exists(at('b.json'))).toBe(false);
    });

    it('given files in a tree, then list gives every one, relative and sorted, and removeLeftovers removes only temp files old enough', async () => {
      for (const file of ['b.jsonl', 'a/x.jsonl', 'a/y/z.jsonl', 'a/.x.jsonl.0123456789ab.tmp']) await b.storage.writeIfGeneration(at('tree', file), file, null);
      expect(await b.storage.list(at('tree'))).toEqual(['a/.x.jsonl.0123456789ab.tmp', 'a/x.jsonl', 'a/y/z.jsonl', 'b.jsonl']);
      expect(await b.storage.removeLeftovers(at('tree'), 3_600_000)).toEqual([]);
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(await b.storage.removeLeftovers(at('tree'), 10)).toEqual([at('tree', 'a/.x.jsonl.0123456789ab.tmp')]);
      expect(await b.storage.list(at('tree'))).toEqual(['a/x.jsonl', 'a/y/z.jsonl', 'b.jsonl']);
    });
  });
}

let temp: TempDir | undefined;
storageContract(
  'local disk',
  { exclusiveCommit: false },
  async () => {
    temp = await makeTempDir('storage-contract-');
    return { storage: createLocalStorage(), root: temp.path };
  },
  async () => { await temp?.remove(); },
);

describe.skipIf(!withFakeGcs)('on fake-gcs-server', () => {
  const gcs = useFakeGcs();
  storageContract('Cloud Storage (fake-gcs-server)', { exclusiveCommit: true }, async () => {
    const bucket = await gcs.bucket();
    const storage = await createGcsStorage({ apiEndpoint: gcs.url(), timeoutMs: 10_000, smallFileBytes: 64 << 10, chunkBytes: 256 << 10 });
    return { storage, root: `gs://${bucket}/${randomBytes(3).toString('hex')}/state` };
  });

  it('given a commit whose answer was lost and whose retry finds its own bytes (412), then it counts as committed; other bytes are a mismatch', async () => {
    const storage = await createGcsStorage({ apiEndpoint: gcs.url(), timeoutMs: 10_000 });
    const path = `gs://${await gcs.bucket()}/state.json`;
    await storage.writeIfGeneration(path, 'commit 1\n', null);
    // The same call again stands for the client's retry after a first attempt that went through.
    await expect(storage.writeIfGeneration(path, 'commit 1\n', null)).resolves.toBeUndefined();
    await expect(storage.writeIfGeneration(path, 'commit 1 of another writer\n', null)).rejects.toThrow(/changed by someone else since it was read \(expected generation none: no object, found \d+\)/);
  });
});
