/**
 * Keys whose values are secrets. Matching ignores case, `_` and `-`, so `password`, `Password`,
 * `access_token`, `accessToken`, `Authorization` and `x-api-key` are all caught.
 */
export const SECRET_KEYS = [
  'password',
  'private_key',
  'private_key_id',
  'token',
  'access_token',
  'refresh_token',
  'id_token',
  'authorization',
  'proxy_authorization',
  'client_secret',
  'api_key',
  'x_api_key',
  'cookie',
  'set_cookie',
] as const;

export type SecretKey = (typeof SECRET_KEYS)[number];

const normalize = (key: string): string => key.toLowerCase().replace(/[-_]/g, '');
const secretKeySet = new Set<string>(SECRET_KEYS.map(normalize));

/** True when a property of this name holds a secret (`Password`, `accessToken`, `x-api-key`...). */
export function isSecretKey(key: string): boolean {
  return secretKeySet.has(normalize(key));
}

/** The type of `value` after {@link redactSecrets} (best effort: only the exact spellings of {@link SECRET_KEYS}). */
export type Redacted<T> = T extends Date
  ? T
  : T extends readonly (infer U)[]
    ? Redacted<U>[]
    : T extends object
      ? { [K in keyof T as K extends SecretKey ? never : K]: Redacted<T[K]> }
      : T;

/**
 * A deep copy of `value` without the secret keys of {@link SECRET_KEYS}, at any depth.
 * Use it on anything about to be written (lake records, dead letters, logs of payloads).
 * The input is never changed; cycles become `"[Circular]"`.
 */
export function redactSecrets<T>(value: T): Redacted<T> {
  return strip(value, new WeakSet()) as Redacted<T>;
}

function strip(value: unknown, seen: WeakSet<object>): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Date) return new Date(value.getTime());
  if (seen.has(value)) return '[Circular]';
  seen.add(value);
  let copy: unknown;
  if (Array.isArray(value)) {
    copy = value.map((item) => strip(item, seen));
  } else {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      if (!isSecretKey(key)) setOwn(out, key, strip(item, seen));
    }
    copy = out;
  }
  seen.delete(value);
  return copy;
}

/**
 * `target[key] = value` as an own property whatever the key: JSON.parse makes `"__proto__"` an
 * ordinary field, and a plain assignment would set the copy's prototype instead, losing the field.
 */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

/** Record keys repeat across a list: remember the verdict for the first few thousand spellings. */
const keyVerdicts = new Map<string, boolean>();
function isSecretKeyCached(key: string): boolean {
  let verdict = keyVerdicts.get(key);
  if (verdict === undefined) {
    verdict = isSecretKey(key);
    if (keyVerdicts.size < 4096) keyVerdicts.set(key, verdict);
  }
  return verdict;
}

/**
 * {@link redactSecrets} for parsed JSON (no cycles, no dates), copying only what it must: a value
 * without secret keys is returned as is, and a copy shares every branch that holds none. Made for
 * the lake's hot path, where a million records are written and most carry no secret at all.
 */
export function withoutSecrets(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let index = 0; index < value.length; index++) {
      const item: unknown = value[index];
      const stripped = withoutSecrets(item);
      if (stripped !== item) copy ??= value.slice(0, index);
      copy?.push(stripped);
    }
    return copy ?? value;
  }
  const record = value as Record<string, unknown>;
  let copy: Record<string, unknown> | undefined;
  const keys = Object.keys(record);
  for (let index = 0; index < keys.length; index++) {
    const key = keys[index]!;
    const item = record[key];
    const secret = isSecretKeyCached(key);
    const stripped = secret ? undefined : withoutSecrets(item);
    if (copy === undefined && (secret || stripped !== item)) {
      copy = {};
      for (let before = 0; before < index; before++) setOwn(copy, keys[before]!, record[keys[before]!]);
    }
    if (copy !== undefined && !secret) setOwn(copy, key, stripped);
  }
  return copy ?? value;
}

/**
 * Key spellings to hand to pino's `redact.paths`: pino matches keys exactly, so list the usual ones.
 * Hyphenated names use bracket notation.
 */
const redactKeySpellings = [
  'password',
  'Password',
  'private_key',
  'privateKey',
  'private_key_id',
  'token',
  'access_token',
  'accessToken',
  'refresh_token',
  'refreshToken',
  'id_token',
  'idToken',
  'authorization',
  'Authorization',
  '["proxy-authorization"]',
  '["Proxy-Authorization"]',
  'client_secret',
  'clientSecret',
  'api_key',
  'apiKey',
  '["x-api-key"]',
  '["X-Api-Key"]',
  'cookie',
  'Cookie',
  '["set-cookie"]',
  '["Set-Cookie"]',
];

/**
 * pino redact paths covering every secret key from the top level down to `depth` levels of nesting
 * (`password`, `*.password`, `*.*.password`...). A `*` also matches array indices.
 */
export function secretRedactPaths(depth = 6): string[] {
  const paths: string[] = [];
  for (let level = 0; level <= depth; level++) {
    const prefix = '*.'.repeat(level);
    for (const key of redactKeySpellings) {
      paths.push(key.startsWith('[') ? (level === 0 ? key : `${prefix.slice(0, -1)}${key}`) : `${prefix}${key}`);
    }
  }
  return paths;
}

/**
 * A URL without its `user:password@` part, for anything written or shown (logs, errors, the lake's
 * `_source` and manifests): `https://alice:s3cret@host/products` -> `https://host/products`.
 * The request itself still sends the credentials. Text that is not a URL is returned as is.
 */
export function withoutCredentials(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url;
  }
  if (parsed.username === '' && parsed.password === '') return url;
  parsed.username = '';
  parsed.password = '';
  return parsed.toString();
}
