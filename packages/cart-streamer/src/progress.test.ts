import { describe, expect, it } from 'vitest';
import { createCycleProgress, formatCycleProgress } from './progress.js';

describe('cycle progress', () => {
  it('reads as counts of carts fetched and events published', () => {
    expect(formatCycleProgress(120_000, 0)).toBe('fetched 120,000 carts');
    expect(formatCycleProgress(1_000_000, 800)).toBe('fetched 1,000,000 carts, published 800 events');
  });

  it('on a terminal, rewrites one line at most every interval and clears it at the end', () => {
    const written: string[] = [];
    let time = 0;
    const progress = createCycleProgress({ isTTY: true, write: (text) => written.push(text) }, 250, () => time);
    progress?.fetched(10);
    time = 300;
    progress?.fetched(20);
    time = 400;
    progress?.published(5);
    time = 600;
    progress?.published(7);
    progress?.done();
    expect(written).toEqual(['\r\x1b[2Kfetched 20 carts', '\r\x1b[2Kfetched 20 carts, published 7 events', '\r\x1b[2K']);
  });

  it('when not a terminal, is nothing at all', () => {
    expect(createCycleProgress({ isTTY: false, write: () => { throw new Error('written'); } })).toBeUndefined();
    expect(createCycleProgress({ write: () => { throw new Error('written'); } })).toBeUndefined();
  });
});
