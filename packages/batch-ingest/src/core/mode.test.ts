import { describe, expect, it } from 'vitest';
import { resolveMode } from './mode.js';

describe('resolveMode', () => {
  it('given nothing configured, then local: the embedded default', () => {
    expect(resolveMode({ localOnly: false })).toEqual({ mode: 'local', reason: 'no GCP project or bucket configured' });
  });

  it('given only blanks, then still local', () => {
    expect(resolveMode({ localOnly: false, projectId: ' ', bucketName: '' }).mode).toBe('local');
  });

  it.each([
    [{ projectId: 'my-project' }, 'a GCP project is configured'],
    [{ bucketName: 'my-lake' }, 'a GCS bucket is configured'],
    [{ projectId: 'my-project', bucketName: 'my-lake' }, 'a GCP project and bucket are configured'],
  ])('given %o, then gcp', (configured, reason) => {
    expect(resolveMode({ localOnly: false, ...configured })).toEqual({ mode: 'gcp', reason });
  });

  it('given --local-only, then local whatever is configured', () => {
    expect(resolveMode({ localOnly: true, projectId: 'my-project', bucketName: 'my-lake' })).toEqual({ mode: 'local', reason: '--local-only' });
  });
});
