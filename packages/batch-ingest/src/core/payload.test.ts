import { describe, expect, it } from 'vitest';
import { checkListPayload } from './payload.js';

describe('checkListPayload', () => {
  it('given a non-empty array, then it is usable as the records', () => {
    expect(checkListPayload([{ id: 1 }, 'odd'], 'products')).toEqual({ ok: true, records: [{ id: 1 }, 'odd'] });
  });

  it.each([
    ['an empty body', undefined, 'got an empty body, expected a non-empty JSON array of users'],
    ['null', null, 'got null, expected a non-empty JSON array of users'],
    ['an empty array', [], 'got an empty array, expected a non-empty JSON array of users'],
    ['an object', { users: [] }, 'got a JSON object, expected a non-empty JSON array of users'],
    ['a string', 'ok', 'got a JSON string, expected a non-empty JSON array of users'],
    ['a number', 42, 'got a JSON number, expected a non-empty JSON array of users'],
  ])('given %s, then the whole response is unusable, with a reason', (_case, data, problem) => {
    expect(checkListPayload(data, 'users')).toEqual({ ok: false, problem });
  });
});
