import { resolveConfig } from '@fakestore/shared-core';
import { describe, expect, it } from 'vitest';
import { gcsOptionsOf, resolveMode, streamerFields } from './config.js';

const config = (flags: Record<string, unknown> = {}, env: Record<string, string> = {}) => resolveConfig(streamerFields, { flags, env });

describe('streamer config', () => {
  it('has the documented defaults', () => {
    expect(config()).toMatchObject({
      pollInterval: 60, once: false, localOnly: false, topic: 'carts-events', stateFile: './state/carts_state.json',
      eventsDir: './events', allowMassDelete: false, massDeleteThreshold: 0.5, resetState: false, publishTimeoutMs: 30_000, httpDeadlineMs: 3_600_000,
    });
  });

  it('reads numbers from flags and the environment, flags first, fractions allowed', () => {
    expect(config({ 'poll-interval': '0.5' }, { CART_POLL_INTERVAL_SECONDS: '30' }).pollInterval).toBe(0.5);
    expect(config({}, { CART_POLL_INTERVAL_SECONDS: '30', CART_MASS_DELETE_THRESHOLD: '0.2' })).toMatchObject({ pollInterval: 30, massDeleteThreshold: 0.2 });
  });

  it('rejects a zero poll interval, a threshold above 1 and a bad topic, naming each', () => {
    expect(() => config({ 'poll-interval': '0', 'mass-delete-threshold': '1.5', topic: 'x' }))
      .toThrow(/3 problems[\s\S]*--poll-interval[\s\S]*--topic[\s\S]*--mass-delete-threshold/);
  });
});

describe('resolveMode', () => {
  it('is local without a project id, gcp with one, local again with --local-only', () => {
    expect(resolveMode(config())).toEqual({ kind: 'local', eventsDir: './events' });
    expect(resolveMode(config({}, { GCP_PROJECT_ID: 'my-project' }))).toEqual({ kind: 'gcp', projectId: 'my-project', topic: 'carts-events' });
    expect(resolveMode(config({ 'local-only': true }, { GCP_PROJECT_ID: 'my-project' })).kind).toBe('local');
  });

  it('points gcp mode at the emulator of PUBSUB_EMULATOR_HOST, without a key file', () => {
    const mode = resolveMode(config({ 'project-id': 'my-project', credentials: './sa.json' }, { PUBSUB_EMULATOR_HOST: '127.0.0.1:8085' }));
    expect(mode).toEqual({ kind: 'gcp', projectId: 'my-project', topic: 'carts-events', emulatorHost: '127.0.0.1:8085' });
  });

  it.each(['not a host', 'http://127.0.0.1:8085', '127.0.0.1'])(
    'given PUBSUB_EMULATOR_HOST=%j, then a usage error names the variable before anything is published',
    (host) => {
      expect(() => config({ 'project-id': 'my-project' }, { PUBSUB_EMULATOR_HOST: host }))
        .toThrow(/PUBSUB_EMULATOR_HOST: must be host:port, e\.g\. 127\.0\.0\.1:8085/);
    },
  );
});

describe('gs:// locations', () => {
  it('accepts gs://bucket/prefix for the state file and the events folder, from flags or the environment', () => {
    expect(config({ 'state-file': 'gs://lake-prod/streamer/carts_state.json' }, { PIPELINE_EVENTS_DIR: 'gs://lake-prod/events' }))
      .toMatchObject({ stateFile: 'gs://lake-prod/streamer/carts_state.json', eventsDir: 'gs://lake-prod/events' });
    expect(config({}, { PIPELINE_STATE_FILE: 'gs://lake-prod/carts_state.json' }).stateFile).toBe('gs://lake-prod/carts_state.json');
  });

  it('rejects a bad bucket name, a bare bucket as the state file and another scheme, naming each', () => {
    expect(() => config({ 'state-file': 'gs://Lake_Prod/carts_state.json' })).toThrow(/--state-file[\s\S]*"Lake_Prod" is not a bucket name/);
    expect(() => config({ 'state-file': 'gs://lake-prod' })).toThrow(/--state-file[\s\S]*must name an object in the bucket/);
    expect(() => config({ 'events-dir': 's3://lake/events' })).toThrow(/--events-dir[\s\S]*must be a local path or gs:\/\/bucket/);
  });

  it('points the Storage client at STORAGE_EMULATOR_HOST (http:// added when missing), else at a key file only when a location is on gs://', () => {
    expect(gcsOptionsOf(config({}, { STORAGE_EMULATOR_HOST: '127.0.0.1:4443' }))).toEqual({ apiEndpoint: 'http://127.0.0.1:4443' });
    expect(gcsOptionsOf(config({ 'state-file': 'gs://lake/s.json', credentials: './sa.json' }))).toEqual({ keyFilename: './sa.json' });
    expect(gcsOptionsOf(config({ credentials: './sa.json' }))).toEqual({});
  });
});
