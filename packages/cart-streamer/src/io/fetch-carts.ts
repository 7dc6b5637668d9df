import type { HttpClient } from '@fakestore/shared-core';
import type { FetchedRecord } from '../core/fetch-diff.js';

/** Takes the records of `GET /carts` as they arrive. */
export interface CartFetchConsumer {
  /** An attempt starts (a retry starts over): forget what an earlier attempt delivered. */
  start(): void | Promise<void>;
  /** One record: its bytes as received and its value (parsed when read; unknown: validate it). */
  record(record: FetchedRecord): void | Promise<void>;
}

export interface FetchedCarts {
  url: string;
  records: number;
}

/**
 * `GET /carts` through the HTTP client's streaming JSON-array mode, raw (each record's bytes, parsed
 * only when the consumer reads its value): the records reach `consumer` one by one as the body arrives, the body is never held whole, and the socket waits while the
 * consumer does. A body that is not a JSON list (or is cut off) is a failed attempt, retried from
 * the start; after the last one the fetch rejects (it is never read as "no carts").
 */
export async function fetchCarts(http: HttpClient, consumer: CartFetchConsumer, signal?: AbortSignal): Promise<FetchedCarts> {
  const response = await http.streamJsonArray('/carts', async (records) => {
    await consumer.start();
    let count = 0;
    for await (const record of records) {
      const pending = consumer.record(record);
      if (pending) await pending;
      count++;
    }
    return count;
  }, { raw: true, ...(signal ? { signal } : {}) });
  return { url: response.url, records: response.data };
}
