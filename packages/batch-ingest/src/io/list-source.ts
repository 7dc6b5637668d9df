import { type HttpClient, joinUrl, withoutCredentials } from '@fakestore/shared-core';
import { checkListPayload } from '../core/payload.js';

/** An entity failed as a whole; the message is one line naming the URL and what was wrong. */
export class EntityError extends Error {
  override readonly name = 'EntityError';
}

export interface StreamedList<T> {
  /** What `consume` returned on the attempt that succeeded. */
  value: T;
  /** The URL, without credentials. */
  url: string;
  attempts: number;
  bytes: number;
  durationMs: number;
}

/**
 * A list endpoint (`/products`, `/users`) as a stream of records. `consume` reads the records of one
 * attempt; a retried download calls it again from the first record, so whatever it writes must
 * stay provisional (temp files) until the list is complete. Throws `EntityError` (or the HTTP
 * client's `UpstreamError`) with one line naming the URL when the response is not a usable list.
 */
export interface ListSource {
  /** The URL of a path as written in the lake (`_source`): no credentials. */
  urlOf(path: string): string;
  stream<T>(
    path: string,
    consume: (records: AsyncIterable<unknown>) => Promise<T>,
    onProgress?: (loaded: number, total: number | undefined) => void,
  ): Promise<StreamedList<T>>;
}

/** The list source over the shared HTTP client. */
export function createListSource(http: HttpClient): ListSource {
  return {
    urlOf: (path) => withoutCredentials(joinUrl(http.baseUrl, path)),
    async stream(path, consume, onProgress) {
      const response = await http.getJson(path, onProgress ? { onDownloadProgress: (p) => onProgress(p.loaded, p.total) } : {});
      const check = checkListPayload(response.data, path.replace(/^\//, ''));
      if (!check.ok) throw new EntityError(`GET ${response.url}: ${check.problem}`);
      const value = await consume(iterate(check.records));
      return { value, url: response.url, attempts: response.attempts, bytes: response.bytes, durationMs: response.durationMs };
    },
  };
}

async function* iterate(records: readonly unknown[]): AsyncIterable<unknown> {
  yield* records;
}
