import { type GcsStorageOptions, createGcsStorage, isGcsUri } from './gcs-storage.js';
import { type FileStorage, createLocalStorage } from './storage.js';

/**
 * The streamer's storage, chosen per path: `gs://bucket/...` on Cloud Storage (the SDK loaded on
 * first use), anything else on the local disk. So the state can live in a bucket while the event
 * log or the dead letters stay local, or the other way round.
 */
export function createStorage(gcs: GcsStorageOptions = {}): FileStorage {
  const local = createLocalStorage();
  let remote: Promise<FileStorage> | undefined;
  const on = async (path: string): Promise<FileStorage> => (isGcsUri(path) ? (remote ??= createGcsStorage(gcs)) : local);
  return {
    read: async (path) => (await on(path)).read(path),
    readText: async (path) => (await on(path)).readText(path),
    readRanges: (path, ranges) => ({
      async *[Symbol.asyncIterator]() {
        yield* (await on(path)).readRanges(path, ranges);
      },
    }),
    readGeneration: async (path) => (await on(path)).readGeneration(path),
    generation: async (path) => (await on(path)).generation(path),
    writeIfGeneration: async (path, text, expected) => (await on(path)).writeIfGeneration(path, text, expected),
    create: async (path, options) => (await on(path)).create(path, options),
    move: async (from, to) => {
      if (isGcsUri(from) !== isGcsUri(to)) throw new Error(`cannot move ${from} to ${to}: a move stays on one store (local disk or Cloud Storage)`);
      return (await on(from)).move(from, to);
    },
    remove: async (path) => (await on(path)).remove(path),
    exists: async (path) => (await on(path)).exists(path),
    list: async (dir) => (await on(dir)).list(dir),
    removeLeftovers: async (dir, olderThanMs) => (await on(dir)).removeLeftovers(dir, olderThanMs),
  };
}
