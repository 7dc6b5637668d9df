import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { useKeyFileForAdc } from './credentials.js';

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
