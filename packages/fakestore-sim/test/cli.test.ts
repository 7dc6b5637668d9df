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
    [['--carts', '-5'], /^fakestore-sim: Invalid configuration:\n {2}--carts: must be at least 0 \(got "-5" from --carts\)\n/],
    [['--port', '1.5'], /--port: must be a whole number \(got "1\.5" from --port\)/],
    [['--port', 'abc', '--seed', 'x'], /Invalid configuration \(2 problems\):\n {2}--port: must be a whole number[^\n]*\n {2}--seed: must be a whole number/],
    [['--colour', 'red'], /^fakestore-sim: unknown option '--colour'\n/],
    [['--verbos'], /^fakestore-sim: unknown option '--verbos' \(did you mean --verbose\?\)\n/],
    [['serve'], /^fakestore-sim: unexpected argument 'serve'\n/],
  ])('given %j, then exit 2 with what is wrong and a pointer to --help on stderr, no stack trace', async (args, message) => {
    const { code, stdout, stderr } = await finished(runCli(args));
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(message);
    expect(stderr).toMatch(/\nRun 'fakestore-sim --help' for usage\.\n$/);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('given a port in use, then exit 1 naming the port', async () => {
    const first = runCli(['--port', '0']);
    const port = new URL((await firstLine(first)).slice('listening on '.length)).port;
    const { code, stderr } = await finished(runCli(['--port', port]));
    expect(code).toBe(1);
    expect(stderr).toBe(`fakestore-sim: port ${port} is already in use\n`);
  });

  it('given --verbose --log-format json, then one JSON line per request on stderr', async () => {
    const child = runCli(['--port', '0', '-v', '--log-format', 'json']);
    const url = (await firstLine(child)).slice('listening on '.length);
    await fetch(`${url}/products/1`);
    const exit = finished(child);
    await new Promise((resolve) => setTimeout(resolve, 100));
    child.kill('SIGTERM');
    const { stderr } = await exit;
    const line = JSON.parse(stderr.trim().split('\n')[0]!) as Record<string, unknown>;
    expect(line).toMatchObject({ name: 'fakestore-sim', method: 'GET', path: '/products/1', status: 200 });
    expect(line.msg).toMatch(/^GET \/products\/1 200 \d+ms$/);
  });

  it('--help prints usage with examples and exits 0', async () => {
    const { code, stdout } = await finished(runCli(['--help']));
    expect(code).toBe(0);
    expect(stdout).toContain('--port');
    expect(stdout).toContain('Examples:');
    expect(stdout).toContain('fakestore-sim --carts 1000000 --seed 42');
  });
});
