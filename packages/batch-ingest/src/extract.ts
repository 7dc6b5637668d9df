import type { HttpClient } from '@fakestore/shared-core';
import type { EntitySpec } from './entities.js';
import { checkListPayload } from './payload.js';

/** An entity failed as a whole; the message is one line naming the URL and what was wrong. */
export class EntityError extends Error {
  override readonly name = 'EntityError';
}

export interface Extracted {
  records: unknown[];
  url: string;
  bytes: number;
  durationMs: number;
  attempts: number;
}

/**
 * Fetches an entity's list with the shared client (retries, backoff, clear `UpstreamError`) and
 * checks the response is a usable list; the records themselves are judged later, one by one.
 */
export async function extractEntity(
  http: HttpClient,
  spec: EntitySpec,
  onProgress?: (loaded: number, total: number | undefined) => void,
): Promise<Extracted> {
  const response = await http.getJson(spec.path, onProgress ? { onDownloadProgress: (p) => onProgress(p.loaded, p.total) } : {});
  const check = checkListPayload(response.data, spec.name);
  if (!check.ok) throw new EntityError(`GET ${response.url}: ${check.problem}`);
  return { records: check.records, url: response.url, bytes: response.bytes, durationMs: response.durationMs, attempts: response.attempts };
}
