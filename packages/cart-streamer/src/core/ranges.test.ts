import { describe, expect, it } from 'vitest';
import { readGroups } from './ranges.js';

describe('readGroups', () => {
  it('given ranges close together, then they are read in one request; far apart or past the span, in several', () => {
    expect(readGroups([[0, 10], [20, 30], [1000, 1010]], 100)).toEqual([
      { start: 0, end: 30, ranges: [[0, 10], [20, 30]] },
      { start: 1000, end: 1010, ranges: [[1000, 1010]] },
    ]);
    expect(readGroups([[0, 10], [20, 30], [40, 50]], 100, 35).map((g) => [g.start, g.end])).toEqual([[0, 30], [40, 50]]);
    expect(readGroups([[0, 100]], 0, 10)).toEqual([{ start: 0, end: 100, ranges: [[0, 100]] }]);
    expect(readGroups([])).toEqual([]);
  });
});
