import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseDotenv } from 'dotenv';
import { UsageError } from './errors.js';
import type { ConfigField, ConfigFields, ConfigOf, LoadConfigOptions, ResolveConfigOptions } from './types.js';

/** Identity, for inference: `const fields = defineConfigFields({ apiUrl: configFields.apiUrl, once: {...} })`. */
export function defineConfigFields<F extends ConfigFields>(fields: F): F {
  return fields;
}

/**
 * Read the `.env` file (without touching `process.env`) and resolve the config:
 * flags > env > `.env` > schema defaults. Throws `UsageError` listing every bad field.
 * The default `envFile: '.env'` is looked up as {@link findEnvFile} says.
 */
export function loadConfig<F extends ConfigFields>(fields: F, options: LoadConfigOptions<F> = {}): ConfigOf<F> {
  const { envFile = ENV_FILE_NAME, env = process.env, ...rest } = options;
  const file = envFile === false ? undefined : locateEnvFile(envFile);
  const dotenv = file === undefined ? {} : readEnvFile(file);
  return resolveConfig(fields, { ...rest, env, dotenv, dotenvLabel: file === undefined ? ENV_FILE_NAME : displayPath(file) });
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

/** The file name the tools look up when no path is given. */
export const ENV_FILE_NAME = '.env';

export interface FindEnvFileOptions {
  /** Where the search starts. Default `process.cwd()`. */
  cwd?: string;
  /** The repository the tools run from; default: the folder holding `pnpm-workspace.yaml` above this module. `false`: none. */
  repoDir?: string | false;
  /** Default `.env`. */
  name?: string;
}

/**
 * The one rule every tool (and scripts/dbt.sh) follows to find its `.env`: the nearest `.env`
 * from the current directory upwards, else the `.env` at the root of the repository the tools
 * are installed in (found from this module's path, so `bin/batch-ingest` run from /tmp still
 * reads the checkout's `.env`), else none.
 */
export function findEnvFile(options: FindEnvFileOptions = {}): string | undefined {
  const { cwd = process.cwd(), name = ENV_FILE_NAME } = options;
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    const candidate = join(dir, name);
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) break;
  }
  const repoDir = options.repoDir === undefined ? installRepoDir() : options.repoDir;
  if (repoDir === false || repoDir === undefined) return undefined;
  const candidate = join(repoDir, name);
  return existsSync(candidate) ? candidate : undefined;
}

/**
 * Where `path` points: a bare file name (`.env`, no directory part) is looked up with
 * {@link findEnvFile}, as a shell looks up a command name; a path (`./.env`, `/etc/app.env`)
 * is taken as it is, found or not.
 */
export function locateEnvFile(path: string = ENV_FILE_NAME, options: Omit<FindEnvFileOptions, 'name'> = {}): string | undefined {
  return isBareName(path) ? findEnvFile({ ...options, name: path }) : path;
}

/**
 * The variables that hold paths. A relative path in a `.env` is relative to that file's folder
 * (so the checkout's `PIPELINE_DATA_DIR=./data` means the checkout's data from any directory);
 * one in the environment or a flag stays relative to the current directory.
 */
export const PATH_VARIABLES: readonly string[] = ['PIPELINE_DATA_DIR', 'PIPELINE_EVENTS_DIR', 'PIPELINE_STATE_FILE', 'GOOGLE_APPLICATION_CREDENTIALS'];

/**
 * Variables of a `.env` file (located by {@link locateEnvFile}), relative {@link PATH_VARIABLES}
 * made absolute against the file's folder; a missing file is no variables.
 */
export function readEnvFile(path: string = ENV_FILE_NAME): Record<string, string> {
  const file = locateEnvFile(path);
  if (file === undefined) return {};
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new UsageError(`cannot read env file ${file} (${code}); fix its permissions or point elsewhere`, { cause: error });
  }
  const variables = parseDotenv(text);
  const folder = dirname(resolve(file));
  for (const name of PATH_VARIABLES) {
    const value = variables[name];
    // A URI (`gs://bucket/prefix`) is not a relative path.
    if (value !== undefined && value.trim() !== '' && !isAbsolute(value) && !/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) variables[name] = resolve(folder, value);
  }
  return variables;
}

/**
 * The environment a child process gets: `env`, with the `.env` variables filling in the ones
 * `env` leaves unset or empty (the same precedence as {@link resolveConfig}).
 */
export function withDotenv(env: Record<string, string | undefined>, dotenv: Record<string, string>): Record<string, string> {
  const merged: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) if (value !== undefined) merged[key] = value;
  for (const [key, value] of Object.entries(dotenv)) if (value !== '' && !merged[key]) merged[key] = value;
  return merged;
}

// ----- internals -----

function isBareName(path: string): boolean {
  return path !== '' && !path.includes('/') && !path.includes('\\');
}

let repoDirCache: string | false | undefined;

/** The repository root above this module (`packages/shared-core/{src,dist}/`), or `false`. */
function installRepoDir(): string | false {
  if (repoDirCache !== undefined) return repoDirCache;
  repoDirCache = false;
  for (let dir = dirname(fileURLToPath(import.meta.url)); dirname(dir) !== dir; dir = dirname(dir)) {
    if (existsSync(join(dir, 'pnpm-workspace.yaml'))) {
      repoDirCache = dir;
      break;
    }
  }
  return repoDirCache;
}

/** A found `.env` as messages show it: relative to the current directory when inside it. */
function displayPath(file: string): string {
  if (!isAbsolute(file)) return file;
  const path = relative(process.cwd(), file);
  return path !== '' && !path.startsWith('..') && !isAbsolute(path) ? path : file;
}

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

