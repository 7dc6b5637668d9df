import { type BronzeLoader, type LoadJobRequest, type ObjectStore, type PartitionKey, openPartitionWriter, productSchema } from '@fakestore/shared-core';
import { buildManifest, createPartitionSorter } from '../../src/core/partition.js';
import type { GcpSinks } from '../../src/types.js';

export const product = { id: 1, title: 'Bag', price: 109.95, description: 'd', category: 'c', image: 'i', rating: { rate: 3.9, count: 120 } };

/** A finished products partition in the lake, written as a run writes it: one valid record, one quarantined. */
export async function writeProductsPartition(dataDir: string, key: PartitionKey): Promise<void> {
  const at = new Date(`${key.date}T12:00:00.000Z`);
  const sorter = createPartitionSorter(productSchema, { runId: key.runId, ingestedAt: at.toISOString(), source: 'http://x/products' });
  const writer = await openPartitionWriter(dataDir, key);
  for (const record of [product, { ...product, id: 2, price: 'free' }]) {
    const { to, line } = sorter.sort(record);
    await (to === 'data' ? writer.addRow(line) : writer.addReject(line));
  }
  await writer.commit((stats) =>
    buildManifest({ key, sourceUrl: 'http://x/products', stats, startedAt: at, finishedAt: at, timings: { fetch: 1, validate: 1, write: 1 }, fetchAttempts: 1, tool: { name: 'batch-ingest', version: '0' } }),
  );
}

/** Sinks that record calls; `failUpload` makes every upload throw as a dead endpoint would. */
export function fakeSinks(options: { failUpload?: boolean } = {}) {
  const calls: string[] = [];
  const loads: LoadJobRequest[] = [];
  const store: ObjectStore = {
    bucket: 'lake',
    uri: (name) => `gs://lake/${name}`,
    stat: () => Promise.resolve(undefined),
    uploadFile: (_path, name) => {
      if (options.failUpload) return Promise.reject(new Error('Cloud Storage: uploading failed: connect ECONNREFUSED'));
      calls.push(`upload ${name}`);
      return Promise.resolve({ object: { name, uri: `gs://lake/${name}`, size: 1 }, alreadyPresent: false });
    },
  };
  const loader: BronzeLoader = {
    ensureTable: (table) => {
      calls.push(`ensure ${table}`);
      return Promise.resolve();
    },
    load: (request) => {
      calls.push(`load ${request.jobId}`);
      loads.push(request);
      return Promise.resolve({ jobId: request.jobId, reused: false });
    },
  };
  const sinks: GcpSinks = { store, loader, projectId: 'my-project', datasetId: 'bronze_data' };
  return { sinks, calls, loads };
}
