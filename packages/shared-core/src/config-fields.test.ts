import { describe, expect, it } from 'vitest';
import {
  bigQueryDatasetProblem,
  booleanSetting,
  gcpProjectIdProblem,
  gcpRegionProblem,
  gcsBucketNameProblem,
  httpUrlProblem,
  intSetting,
  logLevelSchema,
} from './config-fields.js';

describe('GCP project IDs', () => {
  it('accepts 6-30 lowercase letters, digits and hyphens starting with a letter', () => {
    for (const id of ['my-project-123', 'abcdef', 'a'.repeat(30), 'fakestore-elt-dev']) expect(gcpProjectIdProblem(id)).toBeUndefined();
  });

  it('says what is wrong with a bad one', () => {
    expect(gcpProjectIdProblem('abc')).toBe('must be 6-30 characters long, not 3');
    expect(gcpProjectIdProblem('a'.repeat(31))).toBe('must be 6-30 characters long, not 31');
    expect(gcpProjectIdProblem('1project')).toBe('must start with a lowercase letter');
    expect(gcpProjectIdProblem('My-Project')).toBe('must start with a lowercase letter');
    expect(gcpProjectIdProblem('my_project')).toBe('may contain only lowercase letters, digits and hyphens');
    expect(gcpProjectIdProblem('my-project-')).toBe('must not end with a hyphen');
  });
});

describe('Cloud Storage bucket names', () => {
  it('accepts valid names, dotted ones included', () => {
    for (const name of ['my-bucket', 'abc', 'lake_2026', 'data.example.com', 'a1-b2.c3']) expect(gcsBucketNameProblem(name)).toBeUndefined();
  });

  it('rejects what Cloud Storage rejects', () => {
    expect(gcsBucketNameProblem('gs://lake')).toMatch(/without gs:\/\//);
    expect(gcsBucketNameProblem('My-Bucket')).toMatch(/lowercase/);
    expect(gcsBucketNameProblem('ab')).toMatch(/at least 3/);
    expect(gcsBucketNameProblem('a'.repeat(64))).toMatch(/too long/);
    expect(gcsBucketNameProblem('-bucket')).toMatch(/start and end/);
    expect(gcsBucketNameProblem('bucket_')).toMatch(/start and end/);
    expect(gcsBucketNameProblem('a..b')).toMatch(/dot-separated/);
    expect(gcsBucketNameProblem('192.168.1.1')).toMatch(/IP address/);
    expect(gcsBucketNameProblem('goog-lake')).toMatch(/goog/);
    expect(gcsBucketNameProblem('my-google-lake')).toMatch(/google/);
  });
});

describe('other rules', () => {
  it('BigQuery datasets: letters, digits, underscores', () => {
    expect(bigQueryDatasetProblem('bronze')).toBeUndefined();
    expect(bigQueryDatasetProblem('Bronze_2')).toBeUndefined();
    expect(bigQueryDatasetProblem('bronze-raw')).toBe('may contain only letters, digits and underscores');
    expect(bigQueryDatasetProblem('')).toBe('must be 1-1024 characters long');
  });

  it('regions look like us-central1', () => {
    for (const region of ['us-central1', 'europe-west1', 'northamerica-northeast2', 'me-central2']) expect(gcpRegionProblem(region)).toBeUndefined();
    for (const region of ['US', 'us-central', 'eu', 'us central1']) expect(gcpRegionProblem(region)).toBeDefined();
  });

  it('API URLs must be http(s)', () => {
    expect(httpUrlProblem('https://fakestoreapi.com')).toBeUndefined();
    expect(httpUrlProblem('http://127.0.0.1:3000/base')).toBeUndefined();
    expect(httpUrlProblem('fakestoreapi.com')).toBe('must be a URL');
    expect(httpUrlProblem('file:///etc/passwd')).toBe('must be an http or https URL');
  });

  it('integers come from numbers or digit strings, within bounds', () => {
    const schema = intSetting(1, 100);
    expect(schema.parse('42')).toBe(42);
    expect(schema.parse(7)).toBe(7);
    expect(schema.safeParse('4.5').success).toBe(false);
    expect(schema.safeParse('0').error?.issues[0]?.message).toBe('must be at least 1');
    expect(schema.safeParse('101').error?.issues[0]?.message).toBe('must be at most 100');
  });

  it('booleans come from true/false, 1/0, yes/no, on/off', () => {
    const schema = booleanSetting();
    expect(['true', '1', 'YES', 'on', true].map((v) => schema.parse(v))).toEqual([true, true, true, true, true]);
    expect(['false', '0', 'no', 'Off', false].map((v) => schema.parse(v))).toEqual([false, false, false, false, false]);
    expect(schema.safeParse('maybe').error?.issues[0]?.message).toBe('must be true or false');
  });

  it('log levels ignore case', () => {
    expect(logLevelSchema.parse('DEBUG')).toBe('debug');
    expect(logLevelSchema.safeParse('verbose').error?.issues[0]?.message).toBe('must be one of fatal, error, warn, info, debug, trace, silent');
  });
});
