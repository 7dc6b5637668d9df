/**
 * The body of scripts/dbt.sh: runs the repo's dbt with the environment the pipeline's tools see.
 * The `.env` is found and parsed by shared-core, as every CLI does (the nearest `.env` from the
 * current directory upwards, else the checkout's; dotenv's syntax; the environment wins, an
 * empty variable counts as unset). Then the local paths are made absolute (relative ones
 * against the current directory; default <repo>/data and <repo>/events), dbt's project and
 * profiles point at dbt/, and dbt runs from the repository root with the arguments given.
 * Exits with dbt's status (2 for a missing dbt or an unreadable .env).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readEnvFile, withDotenv } from '../packages/shared-core/dist/config.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const dbt = join(root, '.venv', 'bin', 'dbt');

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
env.PIPELINE_DATA_DIR = resolve(env.PIPELINE_DATA_DIR || join(root, 'data'));
env.PIPELINE_EVENTS_DIR = resolve(env.PIPELINE_EVENTS_DIR || join(root, 'events'));
mkdirSync(env.PIPELINE_DATA_DIR, { recursive: true }); // DuckDB creates warehouse.duckdb, not its folder
env.DBT_PROJECT_DIR = join(root, 'dbt');
env.DBT_PROFILES_DIR = join(root, 'dbt');
env.DBT_SEND_ANONYMOUS_USAGE_STATS = 'false';

const child = spawn(dbt, process.argv.slice(2), { cwd: root, env, stdio: 'inherit' });
// Ctrl-C reaches dbt itself (same process group): this process only waits for it to stop.
// A supervisor's SIGTERM or a closed terminal's SIGHUP is sent to this process: pass it on.
process.on('SIGINT', () => {});
for (const signal of ['SIGTERM', 'SIGHUP'] as const) process.on(signal, () => child.kill(signal));
child.on('error', (error) => fail(`cannot run ${dbt}: ${error.message}`));
child.on('exit', (code, signal) => {
  process.exit(code ?? 128 + (signal === 'SIGINT' ? 2 : signal === 'SIGHUP' ? 1 : 15));
});
