import { describe, expect, it } from 'vitest';
import { type HealthInput, decideHealth, publicErrorMessage } from './health.js';

const START = Date.parse('2026-11-26T12:00:00.000Z');
const s = (seconds: number) => seconds * 1000;

/** A streamer polling every 10 s with a 100 s startup grace, `at` seconds after its start. */
const input = (at: number, over: Partial<HealthInput> = {}): HealthInput => ({
  now: START + s(at), startedAt: START, intervalMs: s(10), startupGraceMs: s(100), cyclesEnded: 0, consecutiveFailures: 0, ...over,
});

describe('decideHealth', () => {
  it('given the first cycle still running within the startup grace, then healthy and "starting"', () => {
    expect(decideHealth(input(99))).toMatchObject({ healthy: true, status: 'starting', reason: 'the first cycle is running (99 s of a 100 s startup grace)' });
  });

  it('given the first cycle still running past the startup grace, then unhealthy, saying so', () => {
    expect(decideHealth(input(100))).toEqual({ healthy: false, status: 'unhealthy', reason: 'the first cycle has not ended after 100 s (startup grace 100 s)' });
  });

  it('given a successful cycle younger than 3 poll intervals, then healthy', () => {
    const verdict = decideHealth(input(50, { cyclesEnded: 5, lastSuccessAt: START + s(21), lastSuccessMs: 500, lastOutcome: 'ok' }));
    expect(verdict).toEqual({ healthy: true, status: 'ok', reason: 'last successful cycle ended 29 s ago (limit 30 s)' });
  });

  it('given the last success 3 poll intervals old and the cycles since failed, then unhealthy with the count and the last error', () => {
    const verdict = decideHealth(input(50, {
      cyclesEnded: 5, lastSuccessAt: START + s(20), lastSuccessMs: 500, lastOutcome: 'failed', consecutiveFailures: 3, lastError: 'GET http://api/carts failed after 3 attempts: 503 Service Unavailable',
    }));
    expect(verdict).toEqual({
      healthy: false,
      status: 'unhealthy',
      reason: 'the last successful cycle ended 30 s ago, more than 3 poll intervals (30 s); the last 3 cycles failed: GET http://api/carts failed after 3 attempts: 503 Service Unavailable',
    });
  });

  it('given failures that are still younger than 3 poll intervals, then healthy, and the reason mentions them', () => {
    const verdict = decideHealth(input(25, { cyclesEnded: 2, lastSuccessAt: START + s(5), lastOutcome: 'failed', consecutiveFailures: 1, lastError: 'boom' }));
    expect(verdict).toMatchObject({ healthy: true, status: 'ok', reason: 'last successful cycle ended 20 s ago (limit 30 s); the last cycle failed: boom' });
  });

  it('given cycles that never succeeded, then the start stands for the last success once the first cycle has ended', () => {
    const failing = { cyclesEnded: 2, lastOutcome: 'failed' as const, consecutiveFailures: 2, lastError: 'boom' };
    expect(decideHealth(input(29, failing)).healthy).toBe(true);
    expect(decideHealth(input(30, failing))).toEqual({
      healthy: false, status: 'unhealthy', reason: 'no cycle has succeeded since the start 30 s ago, more than 3 poll intervals (30 s); the last 2 cycles failed: boom',
    });
  });

  it('given cycles longer than the poll interval, then 3 cycle durations are allowed, since the loop runs them back to back', () => {
    const slow = { cyclesEnded: 3, lastSuccessAt: START + s(100), lastSuccessMs: s(40), lastOutcome: 'ok' as const };
    expect(decideHealth(input(219, slow)).healthy).toBe(true);
    expect(decideHealth(input(220, slow))).toMatchObject({ healthy: false, reason: 'the last successful cycle ended 120 s ago, more than 3 cycle durations (120 s)' });
  });

  it('given only degraded cycles for 3 poll intervals, then unhealthy: a cycle that dead-letters events is not a success', () => {
    const verdict = decideHealth(input(60, { cyclesEnded: 6, lastSuccessAt: START + s(20), lastSuccessMs: 100, lastOutcome: 'degraded' }));
    expect(verdict).toMatchObject({ healthy: false, reason: expect.stringMatching(/ended 40 s ago, .*; the last cycle dead-lettered events/) as unknown });
  });

  it('given a stale success and a cycle in flight for longer than an interval, then the reason says how long it has run', () => {
    const verdict = decideHealth(input(50, { cyclesEnded: 3, lastSuccessAt: START + s(15), lastOutcome: 'ok', cycleStartedAt: START + s(25) }));
    expect(verdict).toEqual({ healthy: false, status: 'unhealthy', reason: 'the last successful cycle ended 35 s ago, more than 3 poll intervals (30 s); a cycle has been running for 25 s' });
  });

  it('given sub-second intervals, then the reason shows tenths of a second', () => {
    const verdict = decideHealth({ ...input(0), now: START + 1600, intervalMs: 500, cyclesEnded: 2, lastSuccessAt: START + 100, lastOutcome: 'ok' });
    expect(verdict).toEqual({ healthy: false, status: 'unhealthy', reason: 'the last successful cycle ended 1.5 s ago, more than 3 poll intervals (1.5 s)' });
  });
});

describe('publicErrorMessage', () => {
  it('given a JSON parser error quoting the response body, then the quoted payload is left out', () => {
    expect(publicErrorMessage('GET http://api/carts failed after 3 attempts: bad response body: Unexpected token \'<\', "<!DOCTYPE html><title>secret cart 42"... is not valid JSON'))
      .toBe('GET http://api/carts failed after 3 attempts: bad response body: Unexpected token \'<\', "…" is not valid JSON');
  });

  it('given a URL with credentials, then they are removed', () => {
    expect(publicErrorMessage('GET https://user:hunter2@api.example/carts failed')).toBe('GET https://api.example/carts failed');
  });

  it('given several lines or a very long message, then the first line, at most 300 characters', () => {
    expect(publicErrorMessage('first line\n    at Object.<anonymous> (/x.js:1:1)')).toBe('first line');
    const long = publicErrorMessage(`cannot write ${'x'.repeat(400)}`);
    expect(long).toHaveLength(300);
    expect(long.endsWith('…')).toBe(true);
  });
});
