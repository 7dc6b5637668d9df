import { generateKeyPairSync } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { makeTempDir, type TempDir } from '@fakestore/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyFileProblem } from './key-file.js';

const privateKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const serviceAccount = { type: 'service_account', project_id: 'p', private_key_id: 'k1', private_key: privateKey, client_email: 'sa@p.iam.gserviceaccount.com' };

describe('keyFileProblem', () => {
  let dir: TempDir;
  const file = async (name: string, content: string) => {
    const path = join(dir.path, name);
    await writeFile(path, content, { mode: 0o600 });
    return path;
  };
  beforeAll(async () => { dir = await makeTempDir(); });
  afterAll(async () => { await dir.remove(); });

  it('given a service-account key with a real private key, then it has no problem', async () => {
    expect(keyFileProblem(await file('sa.json', JSON.stringify(serviceAccount)))).toBeUndefined();
  });

  it('given the other credential types the Google clients read, then they pass with their fields', async () => {
    const user = { type: 'authorized_user', client_id: 'c', client_secret: 's', refresh_token: 'r' };
    expect(keyFileProblem(await file('user.json', JSON.stringify(user)))).toBeUndefined();
    expect(keyFileProblem(await file('user-partial.json', JSON.stringify({ ...user, refresh_token: '' })))).toBe('has no "refresh_token" (a authorized_user file needs client_id, client_secret, refresh_token)');
  });

  it.each([
    ['a missing file', 'missing.json', undefined, 'no such file'],
    ['an empty file', 'empty.json', '', 'is empty'],
    ['truncated JSON', 'truncated.json', JSON.stringify(serviceAccount).slice(0, 300), /^is not valid JSON/],
    ['a JSON list', 'list.json', '[]', 'is not a JSON object'],
    ['an object without type', 'untyped.json', '{"private_key":"x"}', /^has no "type": not a Google credentials file/],
    ['an unknown type', 'typed.json', '{"type":"oauth_client"}', /^has a "type" the Google clients do not read/],
    ['a service account without its key', 'nokey.json', JSON.stringify({ ...serviceAccount, private_key: undefined }), 'has no "private_key" (a service_account file needs client_email, private_key)'],
    ['a damaged private key', 'damaged.json', JSON.stringify({ ...serviceAccount, private_key: privateKey.replace(/[A-Za-z]{8}\n/, 'xxxx\n') }), /^has a "private_key" that is not a PEM private key/],
  ])('given %s, then a short problem that quotes nothing from the file', async (_case, name, content, problem) => {
    const path = content === undefined ? join(dir.path, name) : await file(name, content);
    const found = keyFileProblem(path);
    expect(found).toEqual(typeof problem === 'string' ? problem : expect.stringMatching(problem));
    expect(found).not.toMatch(/PRIVATE KEY|private_key":|sa@p/);
  });

  it('given a directory, then it says so', async () => {
    await mkdir(join(dir.path, 'adir'));
    expect(keyFileProblem(join(dir.path, 'adir'))).toBe('is a directory, not a key file');
  });
});
