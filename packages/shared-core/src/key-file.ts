import { createPrivateKey } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';

/**
 * The credential file types Google's client libraries read from GOOGLE_APPLICATION_CREDENTIALS, and
 * the fields each needs before it can be used at all.
 */
const REQUIRED_FIELDS: Record<string, readonly string[]> = {
  service_account: ['client_email', 'private_key'],
  authorized_user: ['client_id', 'client_secret', 'refresh_token'],
  external_account: ['audience', 'subject_token_type'],
  impersonated_service_account: ['service_account_impersonation_url', 'source_credentials'],
};

/** A key file is a few kB; anything this large is the wrong file. */
const MAX_KEY_FILE_BYTES = 1 << 20;

/**
 * What is wrong with a credentials (key) file, in a few words, or `undefined` when it looks usable:
 * readable, JSON, a credential type the Google clients know, with its fields, and for a service
 * account a private key that parses. Checked before any client is made, so a broken file is a
 * configuration error (exit 2) rather than an outage found halfway through a run (exit 3).
 *
 * Never quotes the file: it holds a private key. JSON errors give a byte position only.
 */
export function keyFileProblem(path: string): string | undefined {
  let text: string;
  try {
    if (statSync(path).isDirectory()) return 'is a directory, not a key file';
    if (statSync(path).size > MAX_KEY_FILE_BYTES) return 'is too large to be a key file';
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return 'no such file';
    if (code === 'EACCES' || code === 'EPERM') return 'is not readable by this user (permission denied)';
    return `cannot be read (${code ?? 'unknown error'})`;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const position = /position (\d+)/.exec(error instanceof Error ? error.message : '')?.[1];
    return text.trim() === '' ? 'is empty' : `is not valid JSON${position === undefined ? '' : ` (error at character ${position})`}`;
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) return 'is not a JSON object';
  const fields = json as Record<string, unknown>;
  const type = fields.type;
  const known = Object.keys(REQUIRED_FIELDS).join(', ');
  if (typeof type !== 'string') return `has no "type": not a Google credentials file (expected one of ${known})`;
  const required = REQUIRED_FIELDS[type];
  if (!required) return `has a "type" the Google clients do not read (expected one of ${known})`;
  const missing = required.filter((name) => fields[name] === undefined || fields[name] === null || fields[name] === '');
  if (missing.length > 0) return `has no ${missing.map((name) => `"${name}"`).join(', ')} (a ${type} file needs ${required.join(', ')})`;
  if (type === 'service_account') {
    if (typeof fields.client_email !== 'string' || !fields.client_email.includes('@')) return 'has a "client_email" that is not an email address';
    try {
      if (typeof fields.private_key !== 'string') throw new TypeError('not text');
      createPrivateKey(fields.private_key);
    } catch {
      return 'has a "private_key" that is not a PEM private key (the file is damaged or was edited)';
    }
  }
  return undefined;
}
