import { chmodSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { inspectKeyFile } from '../src/index.js';
import { CLIENT_EMAIL, writeKeyFile } from './support/helpers.js';

let key: ReturnType<typeof writeKeyFile> | undefined;
afterEach(() => key?.cleanup());

describe('inspectKeyFile', () => {
  it('accepts a private service-account key', () => {
    key = writeKeyFile(0o600);
    const result = inspectKeyFile(key.file);
    expect(result.usable).toBe(true);
    expect(result.clientEmail).toBe(CLIENT_EMAIL);
    expect(result.checks.map((check) => check.status)).toEqual(['pass', 'pass', 'pass']);
  });

  it('fails a key readable by the group only, with chmod 600 as the fix', () => {
    key = writeKeyFile(0o640);
    const perms = inspectKeyFile(key.file).checks.at(-1)!;
    expect(perms).toMatchObject({ status: 'fail', detail: 'mode 640: readable by group', fix: [`chmod 600 ${key.file}`] });
  });

  it('names the missing fields without showing any value', () => {
    key = writeKeyFile(0o600);
    writeFileSync(key.file, JSON.stringify({ type: 'service_account', private_key: 'not-a-pem-secret', client_email: 'nope' }));
    chmodSync(key.file, 0o600);
    const result = inspectKeyFile(key.file);
    expect(result.usable).toBe(false);
    const detail = result.checks[1]!.detail!;
    expect(detail).toBe('missing or invalid fields: project_id, private_key_id, private_key, client_email');
    expect(JSON.stringify(result)).not.toContain('not-a-pem-secret');
  });

  it('skips the mode check on Windows, where POSIX modes mean nothing', () => {
    key = writeKeyFile(0o644);
    expect(inspectKeyFile(key.file, 'win32').checks).toHaveLength(2);
  });
});
