/**
 * Lake layout (design contract):
 *   raw/{entity}/date=YYYY-MM-DD/run_id={uuid}/data.jsonl + _manifest.json
 *   raw/_quarantine/{entity}/date=YYYY-MM-DD/run_id={uuid}/rejects.jsonl
 * Paths are POSIX and relative, so the same string is a local path under the data dir
 * and an object name in the GCS bucket.
 */

export const DATA_FILE = 'data.jsonl';
export const MANIFEST_FILE = '_manifest.json';
export const REJECTS_FILE = 'rejects.jsonl';

const ENTITY = /^[a-z][a-z0-9_]*$/;
const RUN_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export interface PartitionKey {
  entity: string;
  /** YYYY-MM-DD, UTC day of the run. */
  date: string;
  runId: string;
}

/** The UTC calendar day of an instant, as YYYY-MM-DD. */
export function utcDate(instant: Date): string {
  return instant.toISOString().slice(0, 10);
}

function assertKey({ entity, date, runId }: PartitionKey): void {
  if (!ENTITY.test(entity)) throw new TypeError(`invalid entity name "${entity}": use lowercase letters, digits and _`);
  if (!DATE.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`))) throw new TypeError(`invalid partition date "${date}": expected YYYY-MM-DD`);
  if (!RUN_ID.test(runId)) throw new TypeError(`invalid run id "${runId}": expected a lowercase UUID`);
}

/** `raw/{entity}/date={date}/run_id={runId}` */
export function partitionPrefix(key: PartitionKey): string {
  assertKey(key);
  return `raw/${key.entity}/date=${key.date}/run_id=${key.runId}`;
}

/** `raw/_quarantine/{entity}/date={date}/run_id={runId}` */
export function quarantinePrefix(key: PartitionKey): string {
  assertKey(key);
  return `raw/_quarantine/${key.entity}/date=${key.date}/run_id=${key.runId}`;
}

/** Parses a partition prefix back into its key; `undefined` when it is not one. */
export function parsePartitionPrefix(prefix: string): PartitionKey | undefined {
  const match = /^raw\/([a-z][a-z0-9_]*)\/date=(\d{4}-\d{2}-\d{2})\/run_id=([0-9a-f-]{36})\/?$/.exec(prefix);
  if (!match) return undefined;
  const key = { entity: match[1]!, date: match[2]!, runId: match[3]! };
  try {
    assertKey(key);
    return key;
  } catch {
    return undefined;
  }
}
