import { describe, expect, it } from 'vitest';
import { gcsUriProblem, parseGcsUri } from './gcs-storage.js';

describe('gs:// locations', () => {
  it('given gs://bucket/prefix/name, then it is the bucket and the object name', () => {
    expect(parseGcsUri('gs://lake-prod/streamer/carts_state.json')).toEqual({ bucket: 'lake-prod', name: 'streamer/carts_state.json' });
    expect(parseGcsUri('gs://lake.example.com/events/')).toEqual({ bucket: 'lake.example.com', name: 'events' });
    expect(parseGcsUri('gs://lake')).toEqual({ bucket: 'lake', name: '' });
  });

  it('given what GCS would refuse, then it says why', () => {
    expect(gcsUriProblem('s3://lake/x')).toMatch(/must start with gs:\/\//);
    for (const bucket of ['ab', 'Lake', 'lake_', '-lake', 'googlake', 'a'.repeat(64), 'lake..x']) {
      expect(gcsUriProblem(`gs://${bucket}/x`), bucket).toMatch(/is not a bucket name/);
    }
    expect(gcsUriProblem('gs://lake/a//b')).toMatch(/empty, "\." or "\.\." part/);
    expect(gcsUriProblem('gs://lake/a/../b')).toMatch(/empty, "\." or "\.\." part/);
    expect(gcsUriProblem('gs://lake/a\nb')).toMatch(/control character/);
    expect(gcsUriProblem('gs://lake/a')).toBeUndefined();
    expect(() => parseGcsUri('gs://Lake/a')).toThrow(/gs:\/\/Lake\/a is not a usable gs:\/\/ location/);
  });
});
