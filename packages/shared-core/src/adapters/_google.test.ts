import { describe, expect, it } from 'vitest';
import { DeadlineError, boundedRetries, describeGoogleError, httpStatusOf, withDeadline } from './_google.js';

describe('httpStatusOf', () => {
  it.each([
    ['an ApiError code', { code: 409, message: 'Already Exists' }, 409],
    ['a numeric string code', { code: '412', message: 'x' }, 412],
    ['a gaxios status', { status: 404 }, 404],
    ['a response status', { response: { status: 503 } }, 503],
    ['a network error', Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), undefined],
    ['not an object', 'boom', undefined],
  ])('reads %s', (_case, error, status) => {
    expect(httpStatusOf(error)).toBe(status);
  });
});

describe('describeGoogleError', () => {
  it('keeps the first line and adds the status when the message lacks it', () => {
    expect(describeGoogleError({ code: 403, message: 'Access denied.\nmore detail' })).toBe('403 Access denied.');
  });

  it('drops the URL node-fetch repeats, the caller names the object', () => {
    const error = new Error('request to http://127.0.0.1:1/upload/storage/v1/b/x/o?name=y failed, reason: connect ECONNREFUSED 127.0.0.1:1');
    expect(describeGoogleError(error)).toBe('connect ECONNREFUSED 127.0.0.1:1');
  });
});

describe('withDeadline', () => {
  it('passes a result through in time', async () => {
    await expect(withDeadline(Promise.resolve(7), 1000)).resolves.toBe(7);
  });

  it('rejects with a DeadlineError when the operation takes too long', async () => {
    const never = new Promise<never>(() => undefined);
    await expect(withDeadline(never, 20)).rejects.toBeInstanceOf(DeadlineError);
  });
});

describe('boundedRetries', () => {
  it('fits the client retries into the bound, in whole seconds', () => {
    expect(boundedRetries(3000)).toMatchObject({ totalTimeout: 3, maxRetryDelay: 1, maxRetries: 3 });
    expect(boundedRetries(600_000)).toMatchObject({ totalTimeout: 600, maxRetryDelay: 8 });
  });
});
