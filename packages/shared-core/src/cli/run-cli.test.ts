import { defineCommand } from 'citty';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { UpstreamError, UsageError } from '../errors.js';
import { configArgs, flagValues } from './config-args.js';
import { runCli } from './run-cli.js';

function capture() {
  const out = { stdout: '', stderr: '' };
  return { out, options: { stdout: (t: string) => { out.stdout += t; }, stderr: (t: string) => { out.stderr += t; } } };
}

const main = defineCommand({
  meta: { name: 'tool', description: 'does things' },
  args: { 'data-dir': { type: 'string', description: 'where' }, once: { type: 'boolean', description: 'one cycle' } },
  run: ({ args }) => (args.once ? 3 : 0),
});
const definition = {
  name: 'tool',
  main,
  subCommands: {
    fail: () => Promise.resolve(defineCommand({ run: () => { throw new UpstreamError({ method: 'GET', url: 'http://x/products', attempts: 3, reason: '503 Service Unavailable' }); } })),
    misuse: () => Promise.resolve(defineCommand({ run: () => { throw new UsageError('--project-id is required'); } })),
  },
  examples: ['tool --once'],
  subCommandExamples: { fail: ['tool fail   # always fails'] },
};

describe('runCli', () => {
  it('returns the exit code the command returns', async () => {
    const { options } = capture();
    expect(await runCli(definition, { ...options, rawArgs: [] })).toBe(0);
    expect(await runCli(definition, { ...options, rawArgs: ['--once'] })).toBe(3);
  });

  it('prints usage with commands and examples for --help and exits 0', async () => {
    const { out, options } = capture();
    expect(await runCli(definition, { ...options, rawArgs: ['--help'] })).toBe(0);
    expect(out.stdout).toMatch(/--data-dir/);
    expect(out.stdout).toMatch(/COMMANDS[\s\S]*tool fail/);
    expect(out.stdout).toMatch(/EXAMPLES[\s\S]*tool --once/);
  });

  it('prints a subcommand\'s own examples under its --help', async () => {
    const { out, options } = capture();
    expect(await runCli(definition, { ...options, rawArgs: ['fail', '--help'] })).toBe(0);
    expect(out.stdout).toMatch(/EXAMPLES[\s\S]*tool fail {3}# always fails/);
    expect(out.stdout).not.toMatch(/tool --once/);
  });

  it('rejects an unknown flag with exit 2 instead of ignoring it', async () => {
    const { out, options } = capture();
    expect(await runCli(definition, { ...options, rawArgs: ['--data-dri', 'x'] })).toBe(2);
    expect(out.stderr).toBe("tool: unknown option --data-dri\nRun 'tool --help' for usage.\n");
  });

  it.each([
    ['a stray word', ['--once', 'users'], '"users"'],
    ['a subcommand after a flag', ['--once', 'fail'], '"fail"'],
    ['a value given to a boolean flag (citty would read --once false as --once)', ['--once', 'false'], '"false"'],
  ])('given %s, when run, then exit 2 naming it instead of ignoring it', async (_case, rawArgs, named) => {
    const { out, options } = capture();
    expect(await runCli(definition, { ...options, rawArgs })).toBe(2);
    expect(out.stderr).toBe(`tool: unexpected argument ${named}\nRun 'tool --help' for usage.\n`);
  });

  it('given a string flag, when its value is a separate argument (even one starting with a dash), then it is not taken for a stray one', async () => {
    const { options } = capture();
    expect(await runCli(definition, { ...options, rawArgs: ['--data-dir', 'x', '--once'] })).toBe(3);
    expect(await runCli(definition, { ...options, rawArgs: ['--data-dir', '-x'] })).toBe(0);
  });

  it('accepts kebab, camel and negated boolean spellings of known flags', async () => {
    const { options } = capture();
    expect(await runCli(definition, { ...options, rawArgs: ['--dataDir=x', '--no-once'] })).toBe(0);
  });

  it('rejects an unknown command with exit 2', async () => {
    const { out, options } = capture();
    expect(await runCli(definition, { ...options, rawArgs: ['frobnicate'] })).toBe(2);
    expect(out.stderr).toMatch(/unknown command "frobnicate"/);
  });

  it('maps a usage error to exit 2 and a failure to exit 1, one line each, no stack trace', async () => {
    const usage = capture();
    expect(await runCli(definition, { ...usage.options, rawArgs: ['misuse'] })).toBe(2);
    expect(usage.out.stderr).toMatch(/^tool: --project-id is required\n/);
    const failure = capture();
    expect(await runCli(definition, { ...failure.options, rawArgs: ['fail'] })).toBe(1);
    expect(failure.out.stderr).toBe('tool: GET http://x/products failed after 3 attempts: 503 Service Unavailable\n');
  });
});

describe('configArgs', () => {
  const fields = {
    apiUrl: { schema: z.string(), flag: 'api-url', env: 'FAKESTORE_API_URL', description: 'API base URL', valueHint: 'URL' },
    localOnly: { schema: z.boolean(), flag: 'local-only', flagType: 'boolean' as const, description: 'no cloud' },
    secretOnlyFromEnv: { schema: z.string().optional(), env: 'TOKEN' },
  };

  it('declares a flag per field that has one, naming its environment variable', () => {
    expect(configArgs(fields)).toEqual({
      'api-url': { type: 'string', description: 'API base URL [env FAKESTORE_API_URL]', valueHint: 'URL' },
      'local-only': { type: 'boolean', description: 'no cloud' },
    });
  });

  it('passes on only the flags that were given', () => {
    expect(flagValues(fields, { 'api-url': 'http://x', 'local-only': undefined, _: [] })).toEqual({ 'api-url': 'http://x' });
  });
});
