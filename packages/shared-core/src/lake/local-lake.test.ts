import { existsSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { makeTempDir, type TempDir } from '@fakestore/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readLocalManifest, writeLocalPartition } from './local-lake.js';
import { manifestFixture } from '../../test/support/manifest.js';
import { type Manifest, sha256Hex } from './manifest.js';

const key = { entity: 'products', date: '2026-11-26', runId: '0b9f6c1e-8a43-4c1b-9d6e-2f1a3b4c5d6e' };
const data = '{"a":1}\n';

function manifestFor(content: string): Manifest {
  return manifestFixture(key.runId, { rows: 1, quarantined: 0, bytes: Buffer.byteLength(content), sha256: sha256Hex(content) });
}

describe('local lake partition', () => {
  let dir: TempDir;
  beforeEach(async () => { dir = await makeTempDir(); });
  afterEach(async () => { await dir.remove(); });

  it('writes data.jsonl and a manifest whose checksum matches the data', async () => {
    const files = await writeLocalPartition({ dataDir: dir.path, key, data, rejects: '', manifest: manifestFor(data) });
    const written = await readFile(files.dataPath, 'utf8');
    expect(written).toBe(data);
    const manifest = await readLocalManifest(dir.path, key);
    expect(manifest?.sha256).toBe(sha256Hex(written));
    expect(files.rejectsPath).toBeUndefined();
  });

  it('leaves no temp files behind', async () => {
    const files = await writeLocalPartition({ dataDir: dir.path, key, data, rejects: '', manifest: manifestFor(data) });
    const entries = await readdir(join(dir.path, files.prefix));
    expect(entries.sort()).toEqual(['_manifest.json', 'data.jsonl']);
  });

  it('writes quarantined records under raw/_quarantine when there are any', async () => {
    const rejects = '{"record":{"id":"x"},"reason":"id: expected a number"}\n';
    const files = await writeLocalPartition({ dataDir: dir.path, key, data, rejects, manifest: manifestFor(data) });
    expect(files.rejectsPath).toBe(join(dir.path, 'raw/_quarantine/products/date=2026-11-26/run_id=0b9f6c1e-8a43-4c1b-9d6e-2f1a3b4c5d6e/rejects.jsonl'));
    expect(await readFile(files.rejectsPath!, 'utf8')).toBe(rejects);
  });

  it('never overwrites a finished partition', async () => {
    await writeLocalPartition({ dataDir: dir.path, key, data, rejects: '', manifest: manifestFor(data) });
    await expect(writeLocalPartition({ dataDir: dir.path, key, data: 'other\n', rejects: '', manifest: manifestFor('other\n') }))
      .rejects.toThrow(/already exists/);
    expect(await readFile(join(dir.path, 'raw/products/date=2026-11-26/run_id=0b9f6c1e-8a43-4c1b-9d6e-2f1a3b4c5d6e/data.jsonl'), 'utf8')).toBe(data);
  });

  it('given a manifest function, calls it once the data is on disk, so the manifest can time the write', async () => {
    let dataOnDiskWhenCalled = false;
    const files = await writeLocalPartition({
      dataDir: dir.path,
      key,
      data,
      rejects: '',
      manifest: () => {
        dataOnDiskWhenCalled = existsSync(join(dir.path, 'raw/products/date=2026-11-26/run_id=0b9f6c1e-8a43-4c1b-9d6e-2f1a3b4c5d6e/data.jsonl'));
        return manifestFor(data);
      },
    });
    expect(dataOnDiskWhenCalled).toBe(true);
    expect(await readFile(files.dataPath, 'utf8')).toBe(data);
    expect((await readLocalManifest(dir.path, key))?.sha256).toBe(sha256Hex(data));
  });

  it('treats a partition without a valid manifest as unfinished', async () => {
    expect(await readLocalManifest(dir.path, key)).toBeUndefined();
  });
});
