import type { Manifest } from '../../src/lake/manifest.js';

/** A complete manifest of a products partition, for lake tests; pass what the test is about. */
export function manifestFixture(runId: string, data: { rows: number; quarantined: number; bytes: number; sha256: string }): Manifest {
  return {
    manifest_version: 1,
    status: 'complete',
    entity: 'products',
    date: '2026-11-26',
    run_id: runId,
    source_url: 'http://127.0.0.1:1/products',
    data_file: 'data.jsonl',
    row_count: data.rows,
    quarantined_count: data.quarantined,
    bytes: data.bytes,
    sha256: data.sha256,
    started_at: '2026-11-26T12:00:00.000Z',
    finished_at: '2026-11-26T12:00:01.000Z',
    timings_ms: { fetch: 1, validate: 1, write: 1, total: 3 },
    fetch_attempts: 1,
    tool: { name: 'test', version: '0' },
  };
}
