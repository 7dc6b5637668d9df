import { type HttpClient, UpstreamError } from '@fakestore/shared-core';

/** One record of `GET /carts` as received: its JSON text, and its value when the source parsed it. */
export interface FetchedRecord {
  text: Uint8Array | string;
  value?: unknown;
}

/** Takes the records of a fetch as they arrive. */
export interface CartFetchConsumer {
  /** An attempt starts (a retry starts over): forget what an earlier attempt delivered. */
  start(): void | Promise<void>;
  records(batch: readonly FetchedRecord[]): void | Promise<void>;
}

export interface FetchedCarts {
  url: string;
  records: number;
}

/**
 * `GET /carts`, with the client's retries, handing the records to `consumer`. A body that is not
 * a JSON list is a failed fetch (it is never read as "no carts").
 */
export async function fetchCarts(http: HttpClient, consumer: CartFetchConsumer, signal?: AbortSignal): Promise<FetchedCarts> {
  const response = await http.getJson('/carts', signal ? { signal } : {});
  if (!Array.isArray(response.data)) {
    const got = response.data === undefined ? 'an empty body' : response.data === null ? 'null' : `a JSON ${typeof response.data}`;
    throw new UpstreamError({ method: 'GET', url: response.url, status: response.status, attempts: response.attempts, reason: `expected a list of carts, got ${got}` });
  }
  const records = response.data as unknown[];
  await consumer.start();
  for (let at = 0; at < records.length; at += 1000) {
    await consumer.records(records.slice(at, at + 1000).map((value) => ({ text: JSON.stringify(value), value })));
  }
  return { url: response.url, records: records.length };
}
