import type { HttpClient } from '@fakestore/shared-core';

/** Takes the records of `GET /carts` as they arrive. */
export interface CartFetchConsumer {
  /** An attempt starts (a retry starts over): forget what an earlier attempt delivered. */
  start(): void | Promise<void>;
  /** One record, as `JSON.parse` read it (unknown: validate it). */
  record(value: unknown): void | Promise<void>;
}

export interface FetchedCarts {
  url: string;
  records: number;
}

/**
 * `GET /carts` through the HTTP client's streaming JSON-array mode: the records reach `consumer`
 * one by one as the body arrives, the body is never held whole, and the socket waits while the
 * consumer does. A body that is not a JSON list (or is cut off) is a failed attempt, retried from
 * the start; after the last one the fetch rejects (it is never read as "no carts").
 */
export async function fetchCarts(http: HttpClient, consumer: CartFetchConsumer, signal?: AbortSignal): Promise<FetchedCarts> {
  const response = await http.streamJsonArray('/carts', async (records) => {
    await consumer.start();
    let count = 0;
    for await (const { value } of records) {
      const pending = consumer.record(value);
      if (pending) await pending;
      count++;
    }
    return count;
  }, signal ? { signal } : {});
  return { url: response.url, records: response.data };
}
