import { Writable } from 'node:stream';
import { UsageError, createLogger } from '@fakestore/shared-core';
import { describe, expect, it } from 'vitest';
import { cycleMessage, runLoop } from './loop.js';
import type { Shutdown } from './signals.js';
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
  return { get requested() { return slept >= sleeps; }, sleep: () => { slept += 1; return Promise.resolve(); }, dispose: () => undefined };
}

describe('runLoop', () => {
  it('with --once, returns 0, or 3 when events were dead-lettered, and logs one summary line', async () => {
    const { lines, logger } = capture();
    expect(await runLoop({ once: true, intervalMs: 0, shutdown: stopAfter(0), logger, cycle: () => Promise.resolve(summary()) })).toBe(0);
    expect(await runLoop({ once: true, intervalMs: 0, shutdown: stopAfter(0), logger, cycle: () => Promise.resolve(summary({ dead_lettered: 2 })) })).toBe(3);
    expect(lines.map((l) => l.cycle_ms)).toEqual([1, 1]);
    expect(lines[1]).toMatchObject({ level: 'warn', dead_lettered: 2 });
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
