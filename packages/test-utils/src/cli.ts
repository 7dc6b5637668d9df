import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './paths.js';

export interface RunCliOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  timeoutMs?: number;
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** The built entry of a CLI package; a clear error when the build is missing. */
export function cliEntry(tool: string): string {
  const entry = join(repoRoot, 'packages', tool, 'dist', 'cli.js');
  if (!existsSync(entry)) {
    throw new Error(`${entry} does not exist: run 'make build' (or 'pnpm run build') before the CLI tests`);
  }
  return entry;
}

/** Runs a pipeline CLI to completion with the Node running the tests. */
export function runCli(tool: string, args: string[], options: RunCliOptions = {}): Promise<CliResult> {
  return runCommand(process.execPath, [cliEntry(tool), ...args], options);
}

/** Runs any command to completion, capturing its output (e.g. scripts/dbt.sh). */
export function runCommand(command: string, args: string[], options: RunCliOptions = {}): Promise<CliResult> {
  const { env = process.env, cwd = repoRoot, timeoutMs = 60_000 } = options;
  const tool = command;
  const child = spawn(command, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString(); });
  child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${tool} ${args.join(' ')} did not finish within ${timeoutMs} ms.\nstdout:\n${stdout}\nstderr:\n${stderr}`));
    }, timeoutMs);
    child.once('error', (error) => { clearTimeout(timer); reject(error); });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}
