import { describe, expect, it } from 'vitest';
import type { CycleReport } from './loop.js';
import { createStreamerStatus } from './streamer-status.js';

const START = Date.parse('2026-11-26T12:00:00.000Z');

describe('createStreamerStatus', () => {
  it('given the loop\'s reports, then /healthz\'s body: last success, last cycle, the cycle in flight, failures in a row and the last error made safe', () => {
    let now = START;
    const status = createStreamerStatus({ intervalMs: 10_000, startupGraceMs: 60_000, clock: () => now });
    const report = (over: Partial<CycleReport> & Pick<CycleReport, 'outcome'>): CycleReport => ({ startedAt: now - 500, endedAt: now, durationMs: 500, consecutiveFailures: 0, ...over });

    expect(status.health().body).toEqual({
      status: 'starting', reason: 'the first cycle is running (0 s of a 60 s startup grace)', last_success_at: null, last_cycle_at: null, cycle_started_at: null,
      last_outcome: null, consecutive_failures: 0, last_error: null, started_at: '2026-11-26T12:00:00.000Z', poll_interval_s: 10,
    });
    now += 1000;
    status.ended(report({ outcome: 'ok', summary: { fetched: 7, created: 7, modified: 0, deleted: 0, published: 7, dead_lettered: 0, quarantined: 0, withheld_deletes: 0, cycle_ms: 500 } }));
    now += 10_000;
    status.started(now);
    now += 1000;
    status.ended(report({ outcome: 'failed', consecutiveFailures: 1, error: 'GET http://u:p@api/carts failed: bad response body: Unexpected token \'<\', "<html>cart 1"... is not valid JSON\nmore' }));
    status.started(now);
    now += 25_000;
    const { verdict, body } = status.health();
    expect(verdict.healthy).toBe(false);
    expect(body).toMatchObject({
      status: 'unhealthy',
      last_success_at: '2026-11-26T12:00:01.000Z',
      last_cycle_at: '2026-11-26T12:00:12.000Z',
      cycle_started_at: '2026-11-26T12:00:12.000Z',
      last_outcome: 'failed',
      consecutive_failures: 1,
      last_error: 'GET http://api/carts failed: bad response body: Unexpected token \'<\', "…" is not valid JSON',
    });
    expect(body.reason).toBe(`the last successful cycle ended 36 s ago, more than 3 poll intervals (30 s); the last cycle failed: ${body.last_error}; a cycle has been running for 25 s`);
  });
});
