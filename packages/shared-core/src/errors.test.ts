import { describe, expect, it } from 'vitest';
import { ExitCode, LockHeldError, UpstreamError, UsageError, exitCodeFor } from './errors.js';

describe('exit codes', () => {
  it('follow the CLI contract: 0 ok, 1 failure, 2 usage, 3 degraded', () => {
    expect(ExitCode).toEqual({ ok: 0, failure: 1, usage: 2, degraded: 3 });
  });

  it('map a UsageError to 2 and anything else to 1', () => {
    expect(exitCodeFor(new UsageError('bad flag'))).toBe(2);
    expect(exitCodeFor(new Error('boom'))).toBe(1);
    expect(exitCodeFor('a string')).toBe(1);
    expect(exitCodeFor(new UpstreamError({ method: 'GET', url: 'http://x/', attempts: 1, reason: '404 Not Found' }))).toBe(1);
  });

  it('map a lock held by another process to 1: the same command succeeds later, there is nothing to fix', () => {
    expect(exitCodeFor(new LockHeldError('another batch-ingest process holds /x/.batch-ingest.lock', { lockPath: '/x/.batch-ingest.lock' }))).toBe(1);
  });
});

describe('UsageError', () => {
  it('carries its issues, or its message as the only issue', () => {
    expect(new UsageError('two problems', { issues: ['a', 'b'] }).issues).toEqual(['a', 'b']);
    const error = new UsageError('just one');
    expect(error.issues).toEqual(['just one']);
    expect(error.name).toBe('UsageError');
    expect(error).toBeInstanceOf(Error);
  });
});

describe('UpstreamError', () => {
  it('names method, URL, attempts and reason in its message, and keeps status and cause', () => {
    const cause = new Error('503');
    const error = new UpstreamError({ method: 'GET', url: 'http://h/products', status: 503, attempts: 3, reason: '503 Service Unavailable', cause });
    expect(error.message).toBe('GET http://h/products failed after 3 attempts: 503 Service Unavailable');
    expect(error).toMatchObject({ name: 'UpstreamError', method: 'GET', url: 'http://h/products', status: 503, attempts: 3 });
    expect(error.cause).toBe(cause);
  });

  it('says "1 attempt" in the singular', () => {
    const error = new UpstreamError({ method: 'GET', url: 'http://h/x', attempts: 1, reason: '404 Not Found' });
    expect(error.message).toBe('GET http://h/x failed after 1 attempt: 404 Not Found');
    expect(error.status).toBeUndefined();
  });
});
