/**
 * The body of scripts/dbt.sh: runs the repo's dbt with the environment the pipeline's tools see.
 * - `.env`: found and parsed by shared-core, as every CLI does (the nearest `.env` from the
 *   current directory upwards, else the checkout's; dotenv's syntax; the environment wins, an
 *   empty variable counts as unset; a relative path in it is relative to its folder).
 * - Local paths made absolute (relative ones against the current directory; default
 *   <repo>/data and <repo>/events); dbt's project and profiles are dbt/; dbt runs from the
 *   repository root with the arguments given, and this exits with dbt's status (2 for a
 *   missing dbt or an unreadable .env).
 * - The warehouse built last: a `build`, `run`, `snapshot` or `seed` on the `local` target
 *   records its PIPELINE_DATA_DIR and PIPELINE_EVENTS_DIR in <target path>/last-local-build.json;
 *   `docs generate` (make docs) documents that warehouse unless the environment itself names
 *   PIPELINE_DATA_DIR (a `.env` does not count: after `make demo`, docs show the demo's).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readEnvFile, withDotenv } from '../packages/shared-core/dist/config.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const dbt = join(root, '.venv', 'bin', 'dbt');
const args = process.argv.slice(2);

function fail(message: string): never {
  console.error(`scripts/dbt.sh: ${message}`);
  process.exit(2);
}

if (!existsSync(dbt)) fail(`${dbt} not found; run 'make setup' first`);

let dotenv: Record<string, string>;
try {
  dotenv = readEnvFile(); // `.env`, looked up as the CLIs look it up
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}
const env = withDotenv(process.env, dotenv);
env.DBT_PROJECT_DIR = join(root, 'dbt');
env.DBT_PROFILES_DIR = join(root, 'dbt');
env.DBT_SEND_ANONYMOUS_USAGE_STATS = 'false';

// ----- the warehouse built last -----

interface LocalBuild {
  PIPELINE_DATA_DIR: string;
  PIPELINE_EVENTS_DIR: string;
}

const DBT_COMMANDS = new Set(['build', 'clean', 'clone', 'compile', 'debug', 'deps', 'docs', 'init', 'list', 'ls', 'parse', 'retry', 'run', 'run-operation', 'seed', 'show', 'snapshot', 'source', 'test']);
/** The dbt command (`docs generate` is `docs`), past any global flag before it. */
const command = args.find((arg) => DBT_COMMANDS.has(arg));
const target = flagValue(args, '--target', '-t') ?? env.DBT_TARGET ?? 'local';
const lastBuildFile = join(env.DBT_TARGET_PATH ? resolve(env.DBT_TARGET_PATH) : join(root, 'dbt', 'target'), 'last-local-build.json');

if (command === 'docs' && args.includes('generate') && !process.env.PIPELINE_DATA_DIR && target === 'local') {
  const last = readLastBuild(lastBuildFile);
  if (last) {
    Object.assign(env, last);
    console.error(`scripts/dbt.sh: documenting the warehouse built last, ${last.PIPELINE_DATA_DIR}/warehouse.duckdb (set PIPELINE_DATA_DIR for another)`);
  }
}

env.PIPELINE_DATA_DIR = resolve(env.PIPELINE_DATA_DIR || join(root, 'data'));
env.PIPELINE_EVENTS_DIR = resolve(env.PIPELINE_EVENTS_DIR || join(root, 'events'));
mkdirSync(env.PIPELINE_DATA_DIR, { recursive: true }); // DuckDB creates warehouse.duckdb, not its folder

// ----- run dbt -----

const child = spawn(dbt, args, { cwd: root, env, stdio: 'inherit' });
// Ctrl-C reaches dbt itself (same process group): this process only waits for it to stop.
// A supervisor's SIGTERM or a closed terminal's SIGHUP is sent to this process: pass it on.
process.on('SIGINT', () => {});
for (const signal of ['SIGTERM', 'SIGHUP'] as const) process.on(signal, () => child.kill(signal));
child.on('error', (error) => fail(`cannot run ${dbt}: ${error.message}`));
child.on('exit', (code, signal) => {
  // 0: built; 1: built with failing nodes or tests (the warehouse changed all the same)
  if ((code === 0 || code === 1) && target === 'local' && ['build', 'run', 'snapshot', 'seed'].includes(command ?? '')) {
    const build: LocalBuild = { PIPELINE_DATA_DIR: env.PIPELINE_DATA_DIR!, PIPELINE_EVENTS_DIR: env.PIPELINE_EVENTS_DIR! };
    try {
      mkdirSync(resolve(lastBuildFile, '..'), { recursive: true });
      writeFileSync(lastBuildFile, `${JSON.stringify(build, null, 2)}\n`);
    } catch (error) {
      console.error(`scripts/dbt.sh: cannot record the last build in ${lastBuildFile}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  process.exit(code ?? 128 + (signal === 'SIGINT' ? 2 : signal === 'SIGHUP' ? 1 : 15));
});

function flagValue(list: string[], long: string, short: string): string | undefined {
  for (const [index, arg] of list.entries()) {
    if (arg === long || arg === short) return list[index + 1];
    if (arg.startsWith(`${long}=`)) return arg.slice(long.length + 1);
  }
  return undefined;
}

function readLastBuild(file: string): LocalBuild | undefined {
  try {
    const value = JSON.parse(readFileSync(file, 'utf8')) as Partial<LocalBuild>;
    if (typeof value.PIPELINE_DATA_DIR === 'string' && typeof value.PIPELINE_EVENTS_DIR === 'string') {
      return { PIPELINE_DATA_DIR: value.PIPELINE_DATA_DIR, PIPELINE_EVENTS_DIR: value.PIPELINE_EVENTS_DIR };
    }
  } catch {
    // no build recorded yet (or an unreadable record): document what the settings name
  }
  return undefined;
}
