import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backoffDelay, isRetryableNetworkCode, isRetryableStatus, parseRetryAfter, retryDelay } from './retry.js';

const policy = { minDelayMs: 500, maxDelayMs: 8000, maxRetryAfterMs: 30_000 };

describe('which failures are retried', () => {
  it('retries 408, 429 and every 5xx', () => {
    for (const status of [408, 429, 500, 502, 503, 504, 522, 599]) expect(isRetryableStatus(status)).toBe(true);
  });

  it('never retries other 4xx (or anything else)', () => {
    for (const status of [400, 401, 403, 404, 405, 409, 410, 422, 200, 301]) expect(isRetryableStatus(status)).toBe(false);
  });

  it('retries refused, reset and timed-out connections but not unknown or absent codes', () => {
    for (const code of ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ECONNABORTED', 'EAI_AGAIN']) expect(isRetryableNetworkCode(code)).toBe(true);
    for (const code of ['ERR_INVALID_URL', 'CERT_HAS_EXPIRED', undefined]) expect(isRetryableNetworkCode(code)).toBe(false);
  });
});

describe('backoff with full jitter', () => {
  it('uses the whole ceiling when the random source says 1: 500, 1000, 2000 ... capped at 8000', () => {
    const delays = [0, 1, 2, 3, 4, 5].map((retry) => backoffDelay(retry, { ...policy, random: () => 1 }));
    expect(delays).toEqual([500, 1000, 2000, 4000, 8000, 8000]);
  });

  it('can be zero when the random source says 0', () => {
    expect(backoffDelay(3, { ...policy, random: () => 0 })).toBe(0);
  });

  it('always stays within [0, min(maxDelay, minDelay * 2^retry)]', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 40 }), fc.double({ min: 0, max: 1, noNaN: true }), (retry, r) => {
        const delay = backoffDelay(retry, { ...policy, random: () => r });
        expect(delay).toBeGreaterThanOrEqual(0);
        expect(delay).toBeLessThanOrEqual(Math.min(8000, 500 * 2 ** retry));
      }),
    );
  });
});

describe('Retry-After', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');

  it('reads delay-seconds', () => {
    expect(parseRetryAfter('1', now)).toBe(1000);
    expect(parseRetryAfter(' 120 ', now)).toBe(120_000);
    expect(parseRetryAfter('0', now)).toBe(0);
  });

  it('reads an HTTP date, and a date in the past means no wait', () => {
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfter('Wed, 31 Dec 2025 23:00:00 GMT', now)).toBe(0);
  });

  it('ignores an absent or unreadable header', () => {
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter('', now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('-5', now)).toBeUndefined();
  });

  it('replaces the backoff when present, capped at maxRetryAfterMs', () => {
    const options = { ...policy, random: () => 1 };
    expect(retryDelay(0, 1000, options)).toBe(1000);
    expect(retryDelay(0, 3_600_000, options)).toBe(30_000);
    expect(retryDelay(1, undefined, options)).toBe(1000);
  });
});
