import { checkGoogleCredentials, checkKeyFile, createBigQueryLoader, createGcsObjectStore } from '@fakestore/shared-core';
import type { GcpSettings, GcpSinks } from '../types.js';

/**
 * The credentials gcp mode will use, found and checked before anything is written: none, a broken
 * key file or one Google rejects is a `CloudConfigError` (exit 2, one line with the fix). Returns
 * whose they are, for permission-denied lines. With both endpoints on emulators no credentials are
 * used: only a key file someone named is checked.
 */
export async function checkGcpCredentials(gcp: GcpSettings, alternative?: string): Promise<string | undefined> {
  if (gcp.gcsEndpoint && gcp.bigqueryEndpoint) return gcp.credentialsFile ? checkKeyFile(gcp.credentialsFile) : undefined;
  const credentials = await checkGoogleCredentials({
    ...(gcp.credentialsFile && { keyFile: gcp.credentialsFile }),
    ...(alternative && { alternative }),
    timeoutMs: gcp.timeoutMs,
  });
  return credentials.principal;
}

/**
 * Cloud Storage and BigQuery, for gcp mode only: the factories import the Google SDKs on call,
 * so a local run never loads them nor looks for credentials. Call {@link checkGcpCredentials} first.
 */
export async function createGcpSinks(gcp: GcpSettings, principal?: string): Promise<GcpSinks> {
  const [store, loader] = await Promise.all([
    createGcsObjectStore({
      bucket: gcp.bucketName,
      projectId: gcp.projectId,
      timeoutMs: gcp.timeoutMs,
      ...(gcp.gcsEndpoint && { apiEndpoint: gcp.gcsEndpoint }),
      ...(principal && { principal }),
    }),
    createBigQueryLoader({
      projectId: gcp.projectId,
      datasetId: gcp.datasetId,
      location: gcp.region,
      timeoutMs: gcp.timeoutMs,
      jobTimeoutMs: gcp.loadTimeoutMs,
      ...(gcp.bigqueryEndpoint && { apiEndpoint: gcp.bigqueryEndpoint }),
      ...(principal && { principal }),
    }),
  ]);
  return { store, loader, projectId: gcp.projectId, datasetId: gcp.datasetId };
}
