import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CloudConfigError, exitCodeFor } from '../errors.js';
import { checkGoogleCredentials, credentialsOrigin, useKeyFileForAdc } from './credentials.js';

const CLIENT_EMAIL = 'streamer@my-project.iam.gserviceaccount.com';

/** A throwaway service-account key: a fresh RSA key, never registered anywhere. */
function writeKeyFile(): { file: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'adc-key-'));
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const file = join(dir, 'sa.json');
  writeFileSync(file, JSON.stringify({
    type: 'service_account',
    project_id: 'my-project',
    private_key_id: '0'.repeat(40),
    private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }),
    client_email: CLIENT_EMAIL,
    client_id: '0',
    token_uri: 'https://oauth2.googleapis.com/token',
  }), { mode: 0o600 });
  return { file, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

const savedAdc = process.env.GOOGLE_APPLICATION_CREDENTIALS;
afterEach(() => {
  vi.restoreAllMocks();
  if (savedAdc === undefined) delete process.env.GOOGLE_APPLICATION_CREDENTIALS;
  else process.env.GOOGLE_APPLICATION_CREDENTIALS = savedAdc;
});

describe('useKeyFileForAdc', () => {
  it('given a relative key file, points GOOGLE_APPLICATION_CREDENTIALS at its absolute path', () => {
    const env: NodeJS.ProcessEnv = {};
    useKeyFileForAdc('credentials/sa.json', env);
    expect(env.GOOGLE_APPLICATION_CREDENTIALS).toBe(resolve('credentials/sa.json'));
  });

  it('given no key file, leaves the ADC the environment chose', () => {
    const env: NodeJS.ProcessEnv = { GOOGLE_APPLICATION_CREDENTIALS: '/etc/gcp/key.json' };
    useKeyFileForAdc(undefined, env);
    expect(env).toEqual({ GOOGLE_APPLICATION_CREDENTIALS: '/etc/gcp/key.json' });
  });

  it('given a key file, the Pub/Sub client authenticates with it and prints no deprecation warning', async () => {
    const key = writeKeyFile();
    const warn = vi.spyOn(console, 'warn');
    try {
      useKeyFileForAdc(key.file);
      const { PubSub } = await import('@google-cloud/pubsub');
      const pubsub = new PubSub({ projectId: 'my-project' });

      // resolves the credentials from the key file; no token is fetched until a request
      const credentials = await pubsub.auth.getCredentials();

      expect(credentials.client_email).toBe(CLIENT_EMAIL);
      expect(warn).not.toHaveBeenCalled();
      await pubsub.close();
    } finally {
      key.cleanup();
    }
  });
});

describe('checkGoogleCredentials (before a tool writes anything)', () => {
  const laptop = () => false;

  it('given no key file, no gcloud file and not on Google Cloud, then a one-line CloudConfigError with the fixes and the tool\'s own way around', async () => {
    const home = mkdtempSync(join(tmpdir(), 'adc-home-'));
    try {
      const check = checkGoogleCredentials({ env: { HOME: home }, onGoogleCloud: laptop, alternative: 'or pass --local-only to write the local lake only' });
      await expect(check).rejects.toMatchObject({
        name: 'CloudConfigError',
        kind: 'no-credentials',
        message:
          "no Google Cloud credentials found: run 'gcloud auth application-default login', or point GOOGLE_APPLICATION_CREDENTIALS (or --credentials) at a service-account key file, or pass --local-only to write the local lake only",
      });
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });

  it('given a key file that is not JSON, then a CloudConfigError naming the file and the problem, never its content', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'adc-bad-'));
    try {
      const file = join(dir, 'sa.json');
      writeFileSync(file, '{"private_key": "-----BEGIN PRIVATE KEY-----\nMIIEvQ');
      const error = await checkGoogleCredentials({ keyFile: file, env: {}, onGoogleCloud: laptop }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(CloudConfigError);
      expect((error as CloudConfigError).kind).toBe('key-file');
      expect((error as Error).message).toMatch(new RegExp(`^the key file ${file} \\(--credentials / GOOGLE_APPLICATION_CREDENTIALS\\): is not valid JSON`));
      expect((error as Error).message).not.toMatch(/MIIEvQ|BEGIN/);
      expect(exitCodeFor(error)).toBe(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('given a usable key file and verify off, then whose it is, unverified, and GOOGLE_APPLICATION_CREDENTIALS set for the clients', async () => {
    const key = writeKeyFile();
    try {
      const env: NodeJS.ProcessEnv = {};
      expect(await checkGoogleCredentials({ keyFile: key.file, env, verify: false, onGoogleCloud: laptop })).toEqual({
        origin: { kind: 'key-file', path: key.file },
        principal: CLIENT_EMAIL,
        verified: false,
      });
      expect(env.GOOGLE_APPLICATION_CREDENTIALS).toBe(key.file);
    } finally {
      key.cleanup();
    }
  });

  it('given METADATA_SERVER_DETECTION=assume-present (Cloud Run says so), then the metadata server, without a probe', async () => {
    expect(await checkGoogleCredentials({ env: { METADATA_SERVER_DETECTION: 'assume-present' }, verify: false, onGoogleCloud: laptop })).toEqual({
      origin: { kind: 'metadata' },
      verified: false,
    });
  });
});

describe('credentialsOrigin', () => {
  it('is the key file when one is named, gcloud\'s file when it exists, else unknown', () => {
    expect(credentialsOrigin('k.json', {})).toEqual({ kind: 'key-file', path: resolve('k.json') });
    expect(credentialsOrigin(undefined, { HOME: '/nowhere' })).toBeUndefined();
  });
});
