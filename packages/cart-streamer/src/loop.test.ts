import { Writable } from 'node:stream';
import { UsageError, createLogger } from '@fakestore/shared-core';
import { describe, expect, it } from 'vitest';
import { type CycleReport, StoppedAfterFailure, TooManyFailures, cycleMessage, runLoop } from './loop.js';
import { type Shutdown, StopDeadline } from './signals.js';
import type { CycleSummary } from './types.js';

const summary = (over: Partial<CycleSummary> = {}): CycleSummary => ({
  fetched: 7, created: 0, modified: 0, deleted: 0, published: 0, dead_lettered: 0, quarantined: 0, withheld_deletes: 0, cycle_ms: 1, ...over,
});

/** A logger whose JSON lines are kept. */
function capture() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({ write(chunk: Buffer, _enc, done) { lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>); done(); } });
  return { lines, logger: createLogger({ name: 'test', format: 'json', destination }) };
}

/** Stops after the given number of sleeps. */
function stopAfter(sleeps: number): Shutdown {
  let slept = 0;
  return { get requested() { return slept >= sleeps; }, deadline: new AbortController().signal, sleep: () => { slept += 1; return Promise.resolve(); }, dispose: () => undefined };
}

describe('runLoop', () => {
  it('with --once, returns 0, or 3 when events were dead-lettered, and logs one summary line', async () => {
    const { lines, logger } = capture();
    expect(await runLoop({ once: true, intervalMs: 0, shutdown: stopAfter(0), logger, cycle: () => Promise.resolve(summary()) })).toBe(0);
    expect(await runLoop({ once: true, intervalMs: 0, shutdown: stopAfter(0), logger, cycle: () => Promise.resolve(summary({ dead_lettered: 2 })) })).toBe(3);
    expect(lines.map((l) => l.cycle_ms)).toEqual([1, 1]);
    expect(lines[1]).toMatchObject({ level: 'warn', dead_lettered: 2 });
  });

  it('with --once and dead letters, tells onDegraded once (the stderr line), and not when all went through', async () => {
    const { logger } = capture();
    const told: number[] = [];
    const onDegraded = (s: CycleSummary) => told.push(s.dead_lettered);
    await runLoop({ once: true, intervalMs: 0, shutdown: stopAfter(0), logger, onDegraded, cycle: () => Promise.resolve(summary()) });
    await runLoop({ once: true, intervalMs: 0, shutdown: stopAfter(0), logger, onDegraded, cycle: () => Promise.resolve(summary({ dead_lettered: 4 })) });
    expect(told).toEqual([4]);
  });

  it('given a cycle cut by the stop deadline, ends with 0 and one line saying the next start picks it up', async () => {
    const { lines, logger } = capture();
    const cycle = () => Promise.reject(new StopDeadline('stopped by SIGTERM: the cycle did not finish within 100 ms'));
    expect(await runLoop({ once: false, intervalMs: 0, shutdown: stopAfter(5), logger, cycle })).toBe(0);
    expect(lines.at(-1)).toMatchObject({ level: 'warn', msg: expect.stringMatching(/^stopped: .*next start picks it up/) as unknown });
  });

  it('when a cycle fails, logs one error line without a stack and keeps polling', async () => {
    const { lines, logger } = capture();
    let calls = 0;
    const cycle = () => (++calls === 1 ? Promise.reject(new Error('GET /carts failed after 3 attempts: 500')) : Promise.resolve(summary()));
    expect(await runLoop({ once: false, intervalMs: 0, shutdown: stopAfter(2), logger, cycle })).toBe(0);
    expect(calls).toBe(2);
    expect(lines[0]).toMatchObject({ level: 'error', error: 'GET /carts failed after 3 attempts: 500' });
    expect(JSON.stringify(lines[0])).not.toMatch(/\bat .*\.ts:\d+/);
    expect(lines.at(-1)).toMatchObject({ msg: 'stopped' });
  });

  it('stops on an invalid state file, since waiting will not fix it', async () => {
    const { logger } = capture();
    const cycle = () => Promise.reject(new UsageError('the state file is not valid'));
    await expect(runLoop({ once: false, intervalMs: 0, shutdown: stopAfter(5), logger, cycle })).rejects.toThrow('not valid');
  });
});

/** Cycles that fail (`'fail'`), succeed (`'ok'`) or dead-letter (`'degraded'`), in this order. */
function scripted(...steps: ('ok' | 'fail' | 'degraded')[]) {
  let at = 0;
  return () => {
    const step = steps[at++] ?? 'ok';
    if (step === 'fail') return Promise.reject(new Error(`GET /carts failed after 3 attempts: 503 (cycle ${at})`));
    return Promise.resolve(summary(step === 'degraded' ? { dead_lettered: 2 } : {}));
  };
}

describe('runLoop, looping', () => {
  it('given --max-consecutive-failures 3, when 3 cycles fail in a row, then it rejects (exit 1) naming the count and the last error', async () => {
    const { logger } = capture();
    const run = runLoop({ once: false, intervalMs: 0, shutdown: stopAfter(100), logger, maxConsecutiveFailures: 3, cycle: scripted('fail', 'fail', 'ok', 'fail', 'fail', 'fail', 'ok') });
    await expect(run).rejects.toThrow(TooManyFailures);
    await expect(run).rejects.toThrow(/^3 cycles in a row failed \(--max-consecutive-failures 3\); exiting so that a supervisor restarts the streamer\. Last error: GET \/carts failed after 3 attempts: 503 \(cycle 6\)$/);
  });

  it('given --max-consecutive-failures 0, when every cycle fails, then it keeps polling', async () => {
    const { logger } = capture();
    let calls = 0;
    const cycle = () => { calls += 1; return Promise.reject(new Error('down')); };
    await expect(runLoop({ once: false, intervalMs: 0, shutdown: stopAfter(50), logger, maxConsecutiveFailures: 0, cycle })).rejects.toThrow(StoppedAfterFailure);
    expect(calls).toBe(50);
  });

  it('given an observer, then it is told when each cycle starts and how it ended, with the failures in a row', async () => {
    const { logger } = capture();
    const started: number[] = [];
    const reports: CycleReport[] = [];
    let now = 1000;
    const clock = () => (now += 10);
    await runLoop({
      once: false, intervalMs: 0, shutdown: stopAfter(4), logger, clock,
      observer: { started: (at) => started.push(at), ended: (report) => reports.push(report) },
      cycle: scripted('fail', 'fail', 'degraded', 'ok'),
    });
    expect(reports.map((r) => [r.outcome, r.consecutiveFailures])).toEqual([['failed', 1], ['failed', 2], ['degraded', 0], ['ok', 0]]);
    expect(reports.map((r) => r.startedAt)).toEqual(started);
    expect(reports.every((r) => r.durationMs === 10 && r.endedAt === r.startedAt + 10)).toBe(true);
    expect(reports[0]).toMatchObject({ error: 'GET /carts failed after 3 attempts: 503 (cycle 1)' });
    expect(reports[0]).not.toHaveProperty('summary');
    expect(reports[2]?.summary).toMatchObject({ dead_lettered: 2 });
  });

  it('given a signal after an ok cycle, then 0; after a degraded one, then 3 and the stderr line; after a failed one, then a rejection saying so (exit 1)', async () => {
    const { logger } = capture();
    const told: number[] = [];
    const onDegraded = (s: CycleSummary) => told.push(s.dead_lettered);
    expect(await runLoop({ once: false, intervalMs: 0, shutdown: stopAfter(2), logger, onDegraded, cycle: scripted('fail', 'ok') })).toBe(0);
    expect(await runLoop({ once: false, intervalMs: 0, shutdown: stopAfter(2), logger, onDegraded, cycle: scripted('fail', 'degraded') })).toBe(3);
    expect(told).toEqual([2]);
    await expect(runLoop({ once: false, intervalMs: 0, shutdown: stopAfter(2), logger, onDegraded, cycle: scripted('ok', 'fail') }))
      .rejects.toThrow(new StoppedAfterFailure('stopped after a failed cycle: GET /carts failed after 3 attempts: 503 (cycle 2)'));
  });

  it('given a cycle cut by the stop deadline after a failed cycle, then the failed cycle decides: exit 1', async () => {
    const { logger } = capture();
    let calls = 0;
    const cycle = () => (++calls === 1 ? Promise.reject(new Error('down')) : Promise.reject(new StopDeadline('stopped by SIGTERM')));
    await expect(runLoop({ once: false, intervalMs: 0, shutdown: stopAfter(5), logger, cycle })).rejects.toThrow('stopped after a failed cycle: down');
  });

  it('given the error line of a failed cycle, then it carries the failures in a row', async () => {
    const { lines, logger } = capture();
    await runLoop({ once: false, intervalMs: 0, shutdown: stopAfter(3), logger, cycle: scripted('fail', 'fail', 'ok') });
    expect(lines.filter((l) => l.level === 'error').map((l) => l.consecutive_failures)).toEqual([1, 2]);
    expect(lines.at(-1)).toMatchObject({ msg: 'stopped', last_outcome: 'ok' });
  });
});

describe('cycleMessage', () => {
  it('given a cycle, then one short line with the counts that are not 0, so a pretty log line fits 100 columns', () => {
    expect(cycleMessage(summary({ created: 7, published: 7, cycle_ms: 115 }))).toBe('7 carts: 7 created, 7 published (115 ms)');
    expect(cycleMessage(summary({ created: 1, modified: 1, deleted: 1, published: 3, cycle_ms: 197 }))).toBe(
      '7 carts: 1 created, 1 modified, 1 deleted, 3 published (197 ms)',
    );
    expect(cycleMessage(summary())).toBe('7 carts: no change (1 ms)');
    expect(cycleMessage(summary({ deleted: 1, dead_lettered: 1, withheld_deletes: 2 }))).toBe('7 carts: 1 deleted, 1 dead-lettered, 2 deletes withheld (1 ms)');
  });
});
