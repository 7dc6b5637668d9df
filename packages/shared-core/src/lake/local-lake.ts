import { access, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../fs/atomic-write.js';
import { type Manifest, parseManifest } from './manifest.js';
import { DATA_FILE, MANIFEST_FILE, REJECTS_FILE, type PartitionKey, partitionPrefix, quarantinePrefix } from './paths.js';

export interface PartitionFiles {
  /** Relative prefix, identical to the GCS object prefix. */
  prefix: string;
  dataPath: string;
  manifestPath: string;
  /** Present only when some records were quarantined. */
  rejectsPath?: string;
}

export interface WritePartitionInput {
  dataDir: string;
  key: PartitionKey;
  /** The data.jsonl bytes, already serialised. */
  data: string;
  /** rejects.jsonl bytes; empty when nothing was quarantined. */
  rejects: string;
  /** The manifest, or a function called once data and rejects are on disk (so it can time the write). */
  manifest: Manifest | (() => Manifest);
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

/**
 * Writes one lake partition: data and rejects first, the manifest last, each atomically.
 * A partition is never overwritten: run ids are unique, and a second write of the same
 * key is a bug the caller must hear about.
 */
export async function writeLocalPartition(input: WritePartitionInput): Promise<PartitionFiles> {
  const prefix = partitionPrefix(input.key);
  const dir = join(input.dataDir, prefix);
  const files: PartitionFiles = {
    prefix,
    dataPath: join(dir, DATA_FILE),
    manifestPath: join(dir, MANIFEST_FILE),
  };
  if (await exists(files.manifestPath)) {
    throw new Error(`lake partition ${prefix} already exists; a run id is never reused`);
  }
  await writeFileAtomic(files.dataPath, input.data);
  if (input.rejects.length > 0) {
    files.rejectsPath = join(input.dataDir, quarantinePrefix(input.key), REJECTS_FILE);
    await writeFileAtomic(files.rejectsPath, input.rejects);
  }
  const manifest = typeof input.manifest === 'function' ? input.manifest() : input.manifest;
  await writeFileAtomic(files.manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  return files;
}

/** Reads a finished partition's manifest; `undefined` when the run did not finish. */
export async function readLocalManifest(dataDir: string, key: PartitionKey): Promise<Manifest | undefined> {
  const path = join(dataDir, partitionPrefix(key), MANIFEST_FILE);
  const text = await readFile(path, 'utf8').catch(() => undefined);
  return text === undefined ? undefined : parseManifest(text);
}
