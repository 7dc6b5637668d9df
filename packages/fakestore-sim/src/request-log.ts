export interface LoggedRequest {
  method: string;
  /** The request target as sent: path plus query string, e.g. "/carts?limit=2". */
  path: string;
  /** When the request arrived, in epoch milliseconds. */
  receivedAt: number;
}

/** Enough for any retry test; bounded so a long benchmark cannot grow it without end. */
export const REQUEST_LOG_LIMIT = 100_000;

export interface RequestLog {
  record(entry: LoggedRequest): void;
  entries(): readonly LoggedRequest[];
  clear(): void;
}

export function createRequestLog(limit = REQUEST_LOG_LIMIT): RequestLog {
  let entries: LoggedRequest[] = [];
  return {
    record(entry) {
      entries.push(entry);
      // Drop the oldest in batches, so the cost of trimming stays amortised.
      if (entries.length > limit * 1.1) entries = entries.slice(entries.length - limit);
    },
    entries: () => (entries.length > limit ? entries.slice(entries.length - limit) : [...entries]),
    clear() {
      entries = [];
    },
  };
}
