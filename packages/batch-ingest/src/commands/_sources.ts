import { readEnvFile } from '@fakestore/shared-core';
import type { ConfigSources } from '../config.js';

/** Flags given on the command line, the process environment and `./.env`, for the config resolvers. */
export function processSources(flags: Record<string, unknown>): ConfigSources {
  return { flags, env: process.env, dotenv: readEnvFile('.env'), dotenvLabel: '.env' };
}

/** Writes `batch-ingest: line` to stderr, one line each. */
export function printProblems(lines: readonly string[]): void {
  for (const line of lines) process.stderr.write(`batch-ingest: ${line}\n`);
}
