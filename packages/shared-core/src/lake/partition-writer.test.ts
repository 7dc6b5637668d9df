import { existsSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { makeTempDir, type TempDir } from '@fakestore/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { manifestFixture } from '../../test/support/manifest.js';
import { type Manifest, parseManifest, sha256Hex } from './manifest.js';
import { openPartitionWriter, type PartitionStats } from './partition-writer.js';
import { partitionPrefix, quarantinePrefix } from './paths.js';

const key = { entity: 'products', date: '2026-11-26', runId: '0b9f6c1e-8a43-4c1b-9d6e-2f1a3b4c5d6e' };

const manifestOf = (stats: PartitionStats): Manifest => manifestFixture(key.runId, stats);

/** Every file under the folder, relative, sorted. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1)).sort();
}

describe('streamed partition writer', () => {
  let dir: TempDir;
  beforeEach(async () => { dir = await makeTempDir(); });
  afterEach(async () => { await dir.remove(); });

  it('given lines well past the write buffer, then data.jsonl holds them all and the manifest has their exact count, size and sha256', async () => {
    const writer = await openPartitionWriter(dir.path, key);
    const lines = Array.from({ length: 30_000 }, (_, index) => `{"id":${index},"text":"${'é'.repeat(index % 100)}"}\n`);
    for (const line of lines) await writer.addRow(line);

    const files = await writer.commit(manifestOf);

    const written = await readFile(files.dataPath, 'utf8');
    expect(written).toBe(lines.join(''));
    const manifest = parseManifest(await readFile(files.manifestPath, 'utf8'))!;
    expect(manifest).toMatchObject({ row_count: 30_000, quarantined_count: 0, bytes: Buffer.byteLength(written), sha256: sha256Hex(written) });
    expect(await filesUnder(dir.path)).toEqual([`${partitionPrefix(key)}/_manifest.json`, `${partitionPrefix(key)}/data.jsonl`]);
  });

  it('shows nothing under the final names until commit, and writes the manifest last', async () => {
    const writer = await openPartitionWriter(dir.path, key);
    for (let index = 0; index < 5000; index++) await writer.addRow(`${'x'.repeat(400)}\n`);
    await writer.addReject('{"_reason":"r"}\n');

    const before = await filesUnder(dir.path);
    expect(before.every((name) => name.split('/').at(-1)!.startsWith('.'))).toBe(true);
    let sawData = false;
    await writer.commit((stats) => {
      sawData = existsSync(join(dir.path, partitionPrefix(key), 'data.jsonl')) && existsSync(join(dir.path, quarantinePrefix(key), 'rejects.jsonl'));
      return manifestOf(stats);
    });
    expect(sawData).toBe(true);
  });

  it('given rejects, then rejects.jsonl lands under raw/_quarantine and is counted in the manifest', async () => {
    const writer = await openPartitionWriter(dir.path, key);
    await writer.addRow('{"a":1}\n');
    await writer.addReject('{"_reason":"duplicate_id"}\n');
    await writer.addReject('{"_reason":"price: expected a number, got a string"}\n');

    const files = await writer.commit(manifestOf);

    expect(files.rejectsPath).toBe(join(dir.path, quarantinePrefix(key), 'rejects.jsonl'));
    expect((await readFile(files.rejectsPath!, 'utf8')).split('\n')).toHaveLength(3);
    expect(parseManifest(await readFile(files.manifestPath, 'utf8'))).toMatchObject({ row_count: 1, quarantined_count: 2 });
  });

  it('given an abort mid-stream (a failed download), then no file and no folder of the partition is left', async () => {
    const writer = await openPartitionWriter(dir.path, key);
    for (let index = 0; index < 5000; index++) await writer.addRow(`${'x'.repeat(400)}\n`);
    await writer.addReject('{}\n');
    await writer.addReject(`${'y'.repeat(2 << 20)}\n`);

    await writer.abort();
    await writer.abort();

    expect(await readdir(dir.path)).toEqual([]);
    expect(() => writer.addRow('{}\n')).toThrow(/already committed or aborted/);
  });

  it('given nothing valid, then commitRejectsOnly keeps the quarantine file alone: no data, no manifest', async () => {
    const writer = await openPartitionWriter(dir.path, key);
    await writer.addReject('{"_reason":"r"}\n');

    const path = await writer.commitRejectsOnly();

    expect(path).toBe(join(dir.path, quarantinePrefix(key), 'rejects.jsonl'));
    expect(await filesUnder(dir.path)).toEqual([`${quarantinePrefix(key)}/rejects.jsonl`]);
  });

  it('refuses a partition that already has a manifest: a run id is never reused', async () => {
    const first = await openPartitionWriter(dir.path, key);
    await first.addRow('{}\n');
    await first.commit(manifestOf);

    await expect(openPartitionWriter(dir.path, key)).rejects.toThrow(/already exists; a run id is never reused/);
  });
});
