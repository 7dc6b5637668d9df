import { readFileSync } from 'node:fs';
import { parse as parseDotenv } from 'dotenv';
import { UsageError } from './errors.js';
import type { ConfigField, ConfigFields, ConfigOf, LoadConfigOptions, ResolveConfigOptions } from './types.js';

/** Identity, for inference: `const fields = defineConfigFields({ apiUrl: configFields.apiUrl, once: {...} })`. */
export function defineConfigFields<F extends ConfigFields>(fields: F): F {
  return fields;
}

/**
 * Read `.env` (without touching `process.env`) and resolve the config:
 * flags > env > `.env` > schema defaults. Throws `UsageError` listing every bad field.
 */
export function loadConfig<F extends ConfigFields>(fields: F, options: LoadConfigOptions<F> = {}): ConfigOf<F> {
  const { envFile = '.env', env = process.env, ...rest } = options;
  const dotenv = envFile === false ? {} : readEnvFile(envFile);
  return resolveConfig(fields, { ...rest, env, dotenv, dotenvLabel: envFile || '.env' });
}

/** The pure part of {@link loadConfig}: the sources are given. */
export function resolveConfig<F extends ConfigFields>(fields: F, options: ResolveConfigOptions<F> = {}): ConfigOf<F> {
  const { flags = {}, env = {}, dotenv = {}, dotenvLabel = '.env' } = options;
  const config: Record<string, unknown> = {};
  const raw: Record<string, RawValue> = {};
  const issues: string[] = [];

  for (const [key, field] of Object.entries(fields)) {
    const value = pick(key, field, flags, env, dotenv, dotenvLabel);
    raw[key] = value;
    const result = field.schema.safeParse(value.value);
    if (result.success) {
      config[key] = result.data;
    } else if (value.value === undefined) {
      issues.push(issueLine(field, key, 'is required but not set', value, requiredHint(field)));
    } else {
      const problems = [...new Set(result.error.issues.map((issue) => issue.message))].join(', ');
      issues.push(issueLine(field, key, problems, value, field.hint));
    }
  }

  if (issues.length === 0 && options.check) {
    for (const issue of options.check(config as ConfigOf<F>)) {
      const field: FieldNames = fields[issue.field] ?? {};
      issues.push(issueLine(field, issue.field, issue.message, raw[issue.field] ?? unset, issue.hint ?? field.hint));
    }
  }

  if (issues.length > 0) {
    const heading = issues.length === 1 ? 'Invalid configuration:' : `Invalid configuration (${issues.length} problems):`;
    throw new UsageError([heading, ...issues.map((line) => `  ${line}`)].join('\n'), { issues });
  }
  return config as ConfigOf<F>;
}

/** Variables of a `.env` file; a missing file is no variables. */
export function readEnvFile(path: string): Record<string, string> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new UsageError(`cannot read env file ${path} (${code}); fix its permissions or point elsewhere`, { cause: error });
  }
  return parseDotenv(text);
}

// ----- internals -----

type FieldNames = Omit<ConfigField, 'schema'>;

interface RawValue {
  value: unknown;
  /** Where the value came from, for messages. */
  from?: string;
}

const unset: RawValue = { value: undefined };

function pick(
  key: string,
  field: ConfigField,
  flags: Record<string, unknown>,
  env: Record<string, string | undefined>,
  dotenv: Record<string, string>,
  dotenvLabel: string,
): RawValue {
  const flagged = (field.flag === undefined ? undefined : flags[field.flag]) ?? flags[key];
  if (flagged !== undefined) return { value: flagged, from: field.flag ? `--${field.flag}` : 'flags' };
  if (field.env === undefined) return unset;
  const fromEnv = env[field.env];
  if (fromEnv !== undefined && fromEnv !== '') return { value: fromEnv, from: 'the environment' };
  const fromFile = dotenv[field.env];
  if (fromFile !== undefined && fromFile !== '') return { value: fromFile, from: dotenvLabel };
  return unset;
}

const secretName = /password|passwd|secret|token|private.?key|api.?key|credential.?json/i;
/** A private key, a key file's JSON, or a URL with credentials (`https://user:pass@host`, `https://token@host`). */
const secretValue = /-----BEGIN [A-Z ]*PRIVATE KEY|"private_key"|"password"|:\/\/[^/\s@]+@/;

function isSecret(field: FieldNames, value: unknown): boolean {
  if (field.secret) return true;
  if (secretName.test(field.env ?? '') || secretName.test(field.flag ?? '')) return true;
  return typeof value === 'string' && secretValue.test(value);
}

function label(field: FieldNames, key: string): string {
  const names = [field.flag ? `--${field.flag}` : undefined, field.env].filter(Boolean);
  return names.length > 0 ? names.join(' / ') : key;
}

function requiredHint(field: FieldNames): string {
  const ways = [field.flag ? `pass --${field.flag}` : undefined, field.env ? `set ${field.env}` : undefined].filter(Boolean);
  return ways.length > 0 ? ways.join(' or ') : 'set it';
}

function describe(field: FieldNames, raw: RawValue): string {
  if (raw.value === undefined) return '';
  const from = raw.from ? ` from ${raw.from}` : '';
  if (isSecret(field, raw.value)) return ` (got a hidden value${from})`;
  const text = typeof raw.value === 'string' ? raw.value : JSON.stringify(raw.value);
  const shown = text.length > 80 ? `${text.slice(0, 77)}...` : text;
  return ` (got ${JSON.stringify(shown)}${from})`;
}

function issueLine(field: FieldNames, key: string, problem: string, raw: RawValue, hint: string | undefined): string {
  return `${label(field, key)}: ${problem}${describe(field, raw)}${hint ? `; ${hint}` : ''}`;
}

