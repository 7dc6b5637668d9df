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

/** A credentials file as far as the tools need it: its type and whose it is, or what is wrong with it. */
export type CredentialsFileReading = { problem: string } | { type: string; principal?: string };

/**
 * What is wrong with a credentials (key) file, in a few words, or `undefined` when it looks usable:
 * readable, JSON, a credential type the Google clients know, with its fields, and for a service
 * account a private key that parses. Checked before any client is made, so a broken file is a
 * configuration error (exit 2) rather than an outage found halfway through a run (exit 3).
 *
 * Never quotes the file: it holds a private key. JSON errors give a byte position only.
 */
export function keyFileProblem(path: string): string | undefined {
  const reading = readCredentialsFile(path);
  return 'problem' in reading ? reading.problem : undefined;
}

/**
 * Reads a credentials file as {@link keyFileProblem} checks it, and says whose it is when the file
 * tells: a service account's `client_email`, or the account an impersonation URL names.
 */
export function readCredentialsFile(path: string): CredentialsFileReading {
  let text: string;
  try {
    if (statSync(path).isDirectory()) return { problem: 'is a directory, not a key file' };
    if (statSync(path).size > MAX_KEY_FILE_BYTES) return { problem: 'is too large to be a key file' };
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { problem: 'no such file' };
    if (code === 'EACCES' || code === 'EPERM') return { problem: 'is not readable by this user (permission denied)' };
    return { problem: `cannot be read (${code ?? 'unknown error'})` };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const position = /position (\d+)/.exec(error instanceof Error ? error.message : '')?.[1];
    return { problem: text.trim() === '' ? 'is empty' : `is not valid JSON${position === undefined ? '' : ` (error at character ${position})`}` };
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) return { problem: 'is not a JSON object' };
  const fields = json as Record<string, unknown>;
  const type = fields.type;
  const known = Object.keys(REQUIRED_FIELDS).join(', ');
  if (typeof type !== 'string') return { problem: `has no "type": not a Google credentials file (expected one of ${known})` };
  const required = REQUIRED_FIELDS[type];
  if (!required) return { problem: `has a "type" the Google clients do not read (expected one of ${known})` };
  const missing = required.filter((name) => fields[name] === undefined || fields[name] === null || fields[name] === '');
  if (missing.length > 0) return { problem: `has no ${missing.map((name) => `"${name}"`).join(', ')} (a ${type} file needs ${required.join(', ')})` };
  if (type === 'service_account') {
    if (typeof fields.client_email !== 'string' || !fields.client_email.includes('@')) return { problem: 'has a "client_email" that is not an email address' };
    try {
      if (typeof fields.private_key !== 'string') throw new TypeError('not text');
      createPrivateKey(fields.private_key);
    } catch {
      return { problem: 'has a "private_key" that is not a PEM private key (the file is damaged or was edited)' };
    }
  }
  const principal = principalOf(fields);
  return { type, ...(principal && { principal }) };
}

/** The service account a credentials file acts as: its own, or the one it impersonates. */
function principalOf(fields: Record<string, unknown>): string | undefined {
  if (typeof fields.client_email === 'string') return fields.client_email;
  const url = fields.service_account_impersonation_url;
  return typeof url === 'string' ? /serviceAccounts\/([^/:]+@[^/:]+):/.exec(url)?.[1] : undefined;
}
