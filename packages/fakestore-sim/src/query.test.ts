import { describe, expect, it } from 'vitest';
import { INVALID_DATE_MESSAGE, isCalendarDay, isInDateRange, parseDateRange, parseListQuery, takeItems } from './query.js';

const query = (text: string) => new URLSearchParams(text);

describe('list query parameters', () => {
  it.each([
    ['limit=5', 5],
    ['limit=2.9', 2],
    ['limit=-3', 3],
    ['limit=0', undefined],
    ['limit=abc', undefined],
    ['', undefined],
  ])('reads %s as a limit of %s', (text, limit) => {
    expect(parseListQuery(query(text)).limit).toBe(limit);
  });

  it('sorts descending only for sort=desc', () => {
    expect(parseListQuery(query('sort=desc')).order).toBe('desc');
    expect(parseListQuery(query('sort=DESC')).order).toBe('asc');
    expect(parseListQuery(query('')).order).toBe('asc');
  });

  it('takes at most the limit, lazily', () => {
    expect([...takeItems([1, 2, 3, 4], 2)]).toEqual([1, 2]);
    expect([...takeItems([1, 2], undefined)]).toEqual([1, 2]);
  });
});

describe('cart date ranges', () => {
  it('accepts only real calendar days written YYYY-MM-DD', () => {
    expect(isCalendarDay('2020-02-29')).toBe(true);
    expect(isCalendarDay('2019-02-29')).toBe(false);
    expect(isCalendarDay('2020-3-1')).toBe(false);
    expect(isCalendarDay('2020-03-01T00:00:00Z')).toBe(false);
  });

  it('rejects a malformed bound with the documented message, and ignores empty ones', () => {
    expect(parseDateRange(query('enddate=03/01/2020'))).toEqual({ ok: false, message: INVALID_DATE_MESSAGE });
    expect(parseDateRange(query('startdate=&enddate='))).toEqual({ ok: true, range: { start: undefined, end: undefined } });
  });

  it('given a range, then the start day is in and the end day is out, as in the real API', () => {
    const range = { start: '2020-01-02', end: '2020-01-04' };
    expect(isInDateRange('2020-01-01T23:59:59.999Z', range)).toBe(false);
    expect(isInDateRange('2020-01-02T00:00:00.000Z', range)).toBe(true);
    expect(isInDateRange('2020-01-03T23:59:59.999Z', range)).toBe(true);
    expect(isInDateRange('2020-01-04T00:00:00.000Z', range)).toBe(false);
  });
});
