import type { SortOrder } from './types.js';

/** The message the simulator gives for a malformed startdate/enddate (see README). */
export const INVALID_DATE_MESSAGE = 'date format is not valid, it should be in yyyy-mm-dd format';

export interface ListQuery {
  /** How many records to keep from the start, or undefined for all. */
  limit: number | undefined;
  order: SortOrder;
}

/**
 * Reads `limit` and `sort` the way the real API does (`Number(limit) || 0` handed to Mongo):
 * anything that is not a non-zero number means no limit, fractions are truncated and a negative
 * limit counts as its absolute value. Only `sort=desc` reverses; any other value is ascending.
 */
export function parseListQuery(query: URLSearchParams): ListQuery {
  const requested = Math.trunc(Math.abs(Number(query.get('limit'))));
  return {
    limit: Number.isFinite(requested) && requested > 0 ? requested : undefined,
    order: query.get('sort') === 'desc' ? 'desc' : 'asc',
  };
}

export interface DateRange {
  /**
   * Bounds as YYYY-MM-DD, compared with the first ten characters of a cart's date: `start`
   * included, `end` excluded, as the real API's `date >= startdate && date < enddate` (midnight UTC).
   */
  start: string | undefined;
  end: string | undefined;
}

/** True for a real calendar day written YYYY-MM-DD (so 2020-02-30 is rejected). */
export function isCalendarDay(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (match === null) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

export type DateRangeResult = { ok: true; range: DateRange } | { ok: false; message: string };

/** Reads `startdate`/`enddate`; an empty value counts as absent, as in the real API. */
export function parseDateRange(query: URLSearchParams): DateRangeResult {
  const start = query.get('startdate') || undefined;
  const end = query.get('enddate') || undefined;
  for (const bound of [start, end]) {
    if (bound !== undefined && !isCalendarDay(bound)) return { ok: false, message: INVALID_DATE_MESSAGE };
  }
  return { ok: true, range: { start, end } };
}

export function isInDateRange(date: string, range: DateRange): boolean {
  const day = date.slice(0, 10);
  return (range.start === undefined || day >= range.start) && (range.end === undefined || day < range.end);
}

export function* filterItems<T>(items: Iterable<T>, keep: (item: T) => boolean): Generator<T> {
  for (const item of items) if (keep(item)) yield item;
}

export function* takeItems<T>(items: Iterable<T>, limit: number | undefined): Generator<T> {
  if (limit === undefined) {
    yield* items;
    return;
  }
  let taken = 0;
  for (const item of items) {
    yield item;
    if (++taken >= limit) return;
  }
}

/** Ascending or descending view of an id-sorted array without copying it. */
export function* inOrder<T>(records: readonly T[], order: SortOrder): Generator<T> {
  if (order === 'asc') {
    yield* records;
    return;
  }
  for (let index = records.length - 1; index >= 0; index--) yield records[index] as T;
}
