import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { compact, realProducts } from './support/real-data.js';

const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const running: ChildProcessWithoutNullStreams[] = [];

const runCli = (args: string[]): ChildProcessWithoutNullStreams => {
  const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, NO_COLOR: '1' } });
  running.push(child);
  return child;
};

const firstLine = async (child: ChildProcessWithoutNullStreams): Promise<string> => {
  const lines = createInterface({ input: child.stdout });
  for await (const line of lines) {
    lines.close();
    return line;
  }
  throw new Error('the CLI closed stdout without printing a line');
};

/** Everything the process printed and how it ended. */
const finished = async (child: ChildProcessWithoutNullStreams): Promise<{ code: number | null; stdout: string; stderr: string }> => {
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stdout, stderr };
};

describe('the fakestore-sim CLI (built dist/cli.js run as a child process)', () => {
  beforeAll(() => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`pnpm run build\` before these tests`);
  });
  afterEach(() => {
    for (const child of running.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  });

  it('prints "listening on URL" first, serves the real data, and exits 0 on SIGTERM', async () => {
    const child = runCli(['--port', '0']);
    const line = await firstLine(child);
    expect(line).toMatch(/^listening on http:\/\/127\.0\.0\.1:\d+$/);
    const url = line.slice('listening on '.length);
    expect(await (await fetch(`${url}/products`)).text()).toBe(compact(realProducts));
    const exit = finished(child);
    child.kill('SIGTERM');
    expect((await exit).code).toBe(0);
  });

  it('logs one line per request to stderr with --verbose, and exits 0 on SIGINT', async () => {
    const child = runCli(['--port', '0', '--verbose', '--products', '3', '--users', '2', '--carts', '4', '--seed', '8']);
    const url = (await firstLine(child)).slice('listening on '.length);
    expect(await (await fetch(`${url}/carts`)).json()).toHaveLength(4);
    const exit = finished(child);
    await new Promise((resolve) => setTimeout(resolve, 100));
    child.kill('SIGINT');
    const { code, stderr } = await exit;
    expect(code).toBe(0);
    expect(stderr).toMatch(/GET \/carts 200/);
  });

  it.each([
    [['--carts', '-5'], /--carts must not be negative/],
    [['--port', '1.5'], /--port must be an integer/],
    [['--port', 'abc'], /--port must be an integer/],
    [['--colour', 'red'], /unknown flag --colour/],
  ])('rejects %j with one line on stderr, no stack trace, exit 2', async (args, message) => {
    const { code, stdout, stderr } = await finished(runCli(args));
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(message);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('--help prints usage with examples and exits 0', async () => {
    const { code, stdout } = await finished(runCli(['--help']));
    expect(code).toBe(0);
    expect(stdout).toContain('--port');
    expect(stdout).toContain('EXAMPLES');
    expect(stdout).toContain('fakestore-sim --carts 1000000 --seed 42');
  });
});
