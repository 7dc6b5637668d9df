import { redactSecrets } from '../redact.js';

/**
 * Each line of data.jsonl is one record envelope (design contract):
 * {"_run_id", "_ingested_at", "_source", "payload"}. The payload is the record as the API
 * returned it, minus secrets: bronze keeps it as raw JSON so schema drift never breaks loading.
 */

export interface EnvelopeMeta {
  runId: string;
  /** ISO-8601 UTC instant. */
  ingestedAt: string;
  /** URL the record was fetched from. */
  source: string;
}

export interface RecordEnvelope<T = unknown> {
  _run_id: string;
  _ingested_at: string;
  _source: string;
  payload: T;
}

export function toEnvelope(payload: unknown, meta: EnvelopeMeta): RecordEnvelope {
  return { _run_id: meta.runId, _ingested_at: meta.ingestedAt, _source: meta.source, payload: redactSecrets(payload) };
}

/** Newline-delimited JSON: one compact object per line, with a trailing newline. */
export function toJsonLines(rows: readonly unknown[]): string {
  return rows.length === 0 ? '' : `${rows.map((row) => JSON.stringify(row)).join('\n')}\n`;
}
