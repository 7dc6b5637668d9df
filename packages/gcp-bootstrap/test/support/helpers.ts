import { generateKeyPairSync } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nock, { type Definition } from 'nock';
import { runCli } from '@fakestore/shared-core';
import { createCli, type CliContext } from '../../src/index.js';

export const PROJECT = 'demo-project-123';
export const CLIENT_EMAIL = `fakestore-batch@${PROJECT}.iam.gserviceaccount.com`;
export const ACCESS_TOKEN = 'ya29.test-token';

/** A throwaway service-account key (fresh RSA key), written with `mode`. google-auth-library signs real JWTs with it. */
export function writeKeyFile(mode: number): { dir: string; file: string; privateKey: string; cleanup: () => void } {
  const { privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  const dir = mkdtempSync(join(tmpdir(), 'gcp-bootstrap-'));
  const file = join(dir, 'sa.json');
  const key = {
    type: 'service_account',
    project_id: PROJECT,
    private_key_id: '0123456789abcdef0123456789abcdef01234567',
    private_key: privateKey,
    client_email: CLIENT_EMAIL,
    client_id: '100000000000000000001',
    auth_uri: 'https://accounts.google.com/o/oauth2/auth',
    token_uri: 'https://oauth2.googleapis.com/token',
  };
  writeFileSync(file, JSON.stringify(key, null, 2));
  chmodSync(file, mode);
  return { dir, file, privateKey, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Nothing leaves the machine: unmatched requests fail, loopback stays allowed. */
export function isolateNetwork(): void {
  nock.disableNetConnect();
  nock.enableNetConnect(/^(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/);
}

/** The OAuth token exchange google-auth-library makes for a service-account key. */
export function nockToken(): nock.Scope {
  return nock('https://oauth2.googleapis.com')
    .post('/token', (body: Record<string, string>) => body.grant_type === 'urn:ietf:params:oauth:grant-type:jwt-bearer' && typeof body.assertion === 'string')
    .reply(200, { access_token: ACCESS_TOKEN, expires_in: 3599, token_type: 'Bearer' });
}

/**
 * Loads a recorded HTTP exchange (nock's recorder format); every request must carry the bearer token.
 * `rename` replaces names throughout it, e.g. `{ silver_data: 'dev_silver' }` for other datasets.
 */
export function loadRecording(name: string, rename: Record<string, string> = {}): nock.Scope[] {
  let text = readFileSync(new URL(`../fixtures/${name}.json`, import.meta.url), 'utf8').replaceAll('{PROJECT}', PROJECT);
  for (const [from, to] of Object.entries(rename)) text = text.replaceAll(from, to);
  const definitions = (JSON.parse(text) as Definition[]).map((definition) => ({
    ...definition,
    reqheaders: { authorization: `Bearer ${ACCESS_TOKEN}` },
  }));
  return nock.define(definitions);
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process through runCli, the one catcher, with the given context. */
export async function runBootstrap(args: string[], context: CliContext = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(createCli({ envFile: false, env: {}, color: false, stdout: (t) => (stdout += t), ...context }), {
    rawArgs: args,
    color: false,
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
  });
  return { code, stdout, stderr };
}
