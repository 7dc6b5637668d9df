import { describe, expect, it } from 'vitest';
import { type DeadLetter, deadLetterSchema, replayOrder, versionOf } from './dead-letter.js';

const letter = (key: string, version: number | null, failedAt = '2026-11-26T12:00:00.000Z'): DeadLetter => ({
  orderingKey: key,
  attributes: { 'ce-id': `${key}-${String(version)}` },
  data: version === null ? 'not json' : JSON.stringify({ cart_id: 1, version }),
  error: '7 PERMISSION_DENIED',
  failed_at: failedAt,
});

describe('dead letters', () => {
  it('replay by ordering key, then version, then failure time', () => {
    const letters = [letter('cart_2', 3), letter('cart_1', 2), letter('cart_2', 1), letter('cart_1', 1, '2026-11-26T12:00:01.000Z'), letter('cart_1', 1)];
    expect(replayOrder(letters).map((l) => [l.orderingKey, versionOf(l), l.failed_at.slice(17, 19)])).toEqual([
      ['cart_1', 1, '00'], ['cart_1', 1, '01'], ['cart_1', 2, '00'], ['cart_2', 1, '00'], ['cart_2', 3, '00'],
    ]);
  });

  it('put a letter whose data has no version last within its key', () => {
    expect(replayOrder([letter('k', null), letter('k', 4)]).map(versionOf)).toEqual([4, undefined]);
  });

  it('are checked line by line: the message, the error and an ISO time', () => {
    expect(deadLetterSchema.safeParse(letter('cart_1', 1)).success).toBe(true);
    expect(deadLetterSchema.safeParse({ ...letter('cart_1', 1), failed_at: 'yesterday' }).success).toBe(false);
    expect(deadLetterSchema.safeParse({ ...letter('cart_1', 1), attributes: { 'ce-id': 5 } }).success).toBe(false);
  });
});
