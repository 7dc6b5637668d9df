import { describe, expect, it } from 'vitest';
import { formatBytes, problemLines, runExitCode, summaryRecord, summaryTable, warningLines } from './summary.js';
import type { EntityOutcome, RunReport } from '../types.js';

const ok: EntityOutcome = { entity: 'products', status: 'ok', fetched: 20, valid: 19, quarantined: 1, duplicates: 0, bytes: 13_559, durationMs: 210, destinations: ['/lake/raw/products/data.jsonl'] };
const failed: EntityOutcome = { entity: 'users', status: 'failed', fetched: 0, valid: 0, quarantined: 0, duplicates: 0, bytes: 0, durationMs: 1600, destinations: [], error: 'users: GET http://x/users failed after 3 attempts: 500 Internal Server Error' };
const pending: EntityOutcome = { ...ok, entity: 'users', status: 'pending', error: 'users: push to GCP failed, kept in the lake: connect ECONNREFUSED' };
const report = (outcomes: EntityOutcome[], exitCode: number): RunReport => ({ runId: 'r-1', mode: 'local', outcomes, durationMs: 1700, exitCode });

describe('runExitCode', () => {
  it('is 0 when every entity landed, quarantined records notwithstanding', () => {
    expect(runExitCode([ok])).toBe(0);
  });

  it('is 1 when an entity failed, even if another is pending', () => {
    expect(runExitCode([failed, pending])).toBe(1);
  });

  it('is 3 when something is left pending, of this run or an earlier one', () => {
    expect(runExitCode([ok, pending])).toBe(3);
    expect(runExitCode([ok], { pushed: [], pending: [{ prefix: 'raw/x', error: 'down' }], broken: [] })).toBe(3);
    expect(runExitCode([ok], { pushed: ['raw/x'], pending: [], broken: [] })).toBe(0);
  });
});

describe('summaryTable', () => {
  it('lists counts per entity, dashes for a failed one, then the destinations', () => {
    const text = summaryTable(report([ok, failed], 1));
    expect(text.split('\n')).toEqual([
      'run r-1 (local) finished in 1.7 s, exit 1',
      '',
      'ENTITY    STATUS  FETCHED  VALID  QUARANTINED  DUPLICATES  BYTES    DURATION',
      'products  ok      20       19     1            0           13.6 kB  210 ms',
      'users     failed  -        -      -            -           -        1.6 s',
      '',
      '  products -> /lake/raw/products/data.jsonl',
      '',
    ]);
  });

  it('given the lake folder, then names it once and shows the files under it relative to it, other destinations whole', () => {
    const pushed: EntityOutcome = { ...ok, destinations: ['/srv/lake/raw/products/data.jsonl', 'gs://b/raw/products/data.jsonl'] };
    const lines = summaryTable(report([pushed], 0), '/srv/lake').split('\n');
    expect(lines.slice(-4)).toEqual(['  lake: /srv/lake', '  products -> raw/products/data.jsonl', '  products -> gs://b/raw/products/data.jsonl', '']);
  });

  it('given a lake folder no destination is under, then no lake line and the paths whole', () => {
    expect(summaryTable(report([ok], 0), '/elsewhere')).toBe(summaryTable(report([ok], 0)));
  });
});

describe('summaryRecord', () => {
  it('carries the counts of every entity for the JSON log line', () => {
    expect(summaryRecord(report([ok, failed], 1))).toEqual({
      run_id: 'r-1',
      mode: 'local',
      exit_code: 1,
      duration_ms: 1700,
      entities: [
        { entity: 'products', status: 'ok', fetched: 20, valid: 19, quarantined: 1, duplicates: 0, bytes: 13_559, duration_ms: 210, destinations: ['/lake/raw/products/data.jsonl'] },
        { entity: 'users', status: 'failed', fetched: 0, valid: 0, quarantined: 0, duplicates: 0, bytes: 0, duration_ms: 1600, destinations: [], error: failed.error },
      ],
    });
  });
});

describe('problemLines', () => {
  it('gives one line per failed entity', () => {
    expect(problemLines(report([ok, failed], 1), 'data/_pending/push-journal.json')).toEqual([failed.error]);
  });

  it('says what is pending, where it is listed and how to push it', () => {
    const [line] = problemLines(report([ok, pending], 3), 'data/_pending/push-journal.json');
    expect(line).toMatch(/^degraded: users of this run landed in the local lake .*data\/_pending\/push-journal\.json.*batch-ingest push-pending/);
  });

  it('is empty for a clean run', () => {
    expect(problemLines(report([ok], 0), 'j')).toEqual([]);
  });
});

describe('warningLines', () => {
  it('given duplicate ids, then one line per entity says how many, which record was kept and where the repeats are', () => {
    const duplicated: EntityOutcome = { ...ok, quarantined: 3, duplicates: 2, rejectsFile: '/lake/raw/_quarantine/products/rejects.jsonl' };
    expect(warningLines(report([duplicated, { ...ok, entity: 'users', duplicates: 1 }], 0))).toEqual([
      'products: 2 records repeated the ids of an earlier record; the first record with each id was kept, the repeats quarantined with reason duplicate_id in /lake/raw/_quarantine/products/rejects.jsonl',
      'users: 1 record repeated the id of an earlier record; the first record with each id was kept, the repeats quarantined with reason duplicate_id',
    ]);
  });

  it('is empty without duplicates', () => {
    expect(warningLines(report([ok, failed], 1))).toEqual([]);
  });
});

describe('formatBytes', () => {
  it.each([
    [0, '0 B'],
    [999, '999 B'],
    [13_559, '13.6 kB'],
    [147_300_000, '147.3 MB'],
    [2_500_000_000, '2.5 GB'],
  ])('%d bytes read %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });
});
