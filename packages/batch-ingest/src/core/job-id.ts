import type { EntityName } from '../types.js';

/**
 * The BigQuery job id of a partition's load: `fakestore_batch_{entity}_{runId with _}`.
 * Deterministic, so a retried or resumed push meets its own job (409) instead of loading twice.
 */
export function loadJobId(entity: EntityName, runId: string): string {
  return `fakestore_batch_${entity}_${runId.toLowerCase().replace(/[^a-z0-9]/g, '_')}`;
}
