import { redactSecrets, withoutSecrets } from '../redact.js';

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

/**
 * The data.jsonl line of each record of one run: `JSON.stringify(toEnvelope(payload, meta))` and a
 * newline, byte for byte, without building the envelope object (the head is serialised once per run).
 */
export function envelopeLineWriter(meta: EnvelopeMeta): (payload: unknown) => string {
  const head = `${JSON.stringify({ _run_id: meta.runId, _ingested_at: meta.ingestedAt, _source: meta.source }).slice(0, -1)},"payload":`;
  return (payload) => `${head}${JSON.stringify(withoutSecrets(payload)) ?? 'null'}}\n`;
}

/** Newline-delimited JSON: one compact object per line, with a trailing newline. */
export function toJsonLines(rows: readonly unknown[]): string {
  return rows.length === 0 ? '' : `${rows.map((row) => JSON.stringify(row)).join('\n')}\n`;
}
