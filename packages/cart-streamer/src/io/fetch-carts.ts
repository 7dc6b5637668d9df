import { type HttpClient, UpstreamError } from '@fakestore/shared-core';

export interface FetchedCarts {
  /** The records as received; validate them. */
  records: unknown[];
  url: string;
  durationMs: number;
}

/**
 * `GET /carts`, with the client's retries. A body that is not a JSON list is a failed fetch
 * (it is never read as "no carts").
 */
export async function fetchCarts(http: HttpClient): Promise<FetchedCarts> {
  const response = await http.getJson('/carts');
  if (!Array.isArray(response.data)) {
    const got = response.data === undefined ? 'an empty body' : response.data === null ? 'null' : `a JSON ${typeof response.data}`;
    throw new UpstreamError({ method: 'GET', url: response.url, status: response.status, attempts: response.attempts, reason: `expected a list of carts, got ${got}` });
  }
  return { records: response.data as unknown[], url: response.url, durationMs: response.durationMs };
}
