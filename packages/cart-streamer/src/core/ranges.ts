/** Byte ranges `[start, end)` read together: one request covering `start`..`end`, cut apart after. */
export interface ReadGroup {
  start: number;
  end: number;
  ranges: (readonly [number, number])[];
}

/**
 * Groups ascending, non-overlapping ranges so that ranges at most `gap` bytes apart are read in one
 * request, no request spanning more than `maxSpan` bytes (a single longer range is a group alone).
 * Pure: a remote store trades the bytes of the gaps for fewer round trips.
 */
export function readGroups(ranges: readonly (readonly [number, number])[], gap = 16 << 10, maxSpan = 8 << 20): ReadGroup[] {
  const groups: ReadGroup[] = [];
  let current: ReadGroup | undefined;
  for (const range of ranges) {
    const [start, end] = range;
    if (current && start - current.end <= gap && end - current.start <= maxSpan) {
      current.end = end;
      current.ranges.push(range);
      continue;
    }
    current = { start, end, ranges: [range] };
    groups.push(current);
  }
  return groups;
}
