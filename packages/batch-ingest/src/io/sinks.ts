import { createBigQueryLoader, createGcsObjectStore, useKeyFileForAdc } from '@fakestore/shared-core';
import type { GcpSettings, GcpSinks } from '../types.js';

/**
 * Cloud Storage and BigQuery, for gcp mode only: the factories import the Google SDKs on call,
 * so a local run never loads them nor looks for credentials.
 */
export async function createGcpSinks(gcp: GcpSettings): Promise<GcpSinks> {
  useKeyFileForAdc(gcp.credentialsFile);
  const [store, loader] = await Promise.all([
    createGcsObjectStore({
      bucket: gcp.bucketName,
      projectId: gcp.projectId,
      timeoutMs: gcp.timeoutMs,
      ...(gcp.gcsEndpoint && { apiEndpoint: gcp.gcsEndpoint }),
    }),
    createBigQueryLoader({
      projectId: gcp.projectId,
      datasetId: gcp.datasetId,
      location: gcp.region,
      timeoutMs: gcp.timeoutMs,
      jobTimeoutMs: gcp.loadTimeoutMs,
      ...(gcp.bigqueryEndpoint && { apiEndpoint: gcp.bigqueryEndpoint }),
    }),
  ]);
  return { store, loader, projectId: gcp.projectId, datasetId: gcp.datasetId };
}
