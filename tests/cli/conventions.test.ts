import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { runCli as runBin, repoRoot } from '@fakestore/test-utils';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../packages/shared-core/src/cli/run-cli.js';
import { createCli as batchIngest } from '../../packages/batch-ingest/src/cli-definition.js';
import { createCli as cartStreamer } from '../../packages/cart-streamer/src/cli-definition.js';
import { createCli as fakestoreSim } from '../../packages/fakestore-sim/src/cli-definition.js';
import { createCli as gcpBootstrap } from '../../packages/gcp-bootstrap/src/cli-definition.js';

/** Every CLI of the repository, with its subcommands: the conventions below hold for each. */
const tools: Record<string, { create: typeof batchIngest; subcommands: string[] }> = {
  'batch-ingest': { create: batchIngest, subcommands: ['push-pending'] },
  'cart-streamer': { create: cartStreamer, subcommands: ['replay-dlq'] },
  'gcp-bootstrap': { create: () => gcpBootstrap({ envFile: false, env: {} }), subcommands: ['enable-apis', 'doctor'] },
  'fakestore-sim': { create: fakestoreSim, subcommands: [] },
};
/** `[command line, tool, subcommand or '']` for each command. */
const commands = Object.entries(tools).flatMap(([tool, { subcommands }]) =>
  ['', ...subcommands].map((sub) => [`${tool} ${sub}`.trim(), tool, sub] as const),
);
const ESC = '\u001b';

/** Runs the program object in-process, as the bin does, with no colour and help 80 columns wide. */
async function run(tool: string, args: string[]) {
  const out = { stdout: '', stderr: '' };
  const code = await runCli(tools[tool]!.create(), {
    rawArgs: args,
    color: false,
    helpWidth: 80,
    stdout: (text) => (out.stdout += text),
    stderr: (text) => (out.stderr += text),
  });
  return { code, ...out };
}

function versionOf(tool: string): string {
  return (JSON.parse(readFileSync(join(repoRoot, 'packages', tool, 'package.json'), 'utf8')) as { version: string }).version;
}

describe('help', () => {
  it.each(commands)('given %s --help, then usage, options with defaults and env, and examples, as in its snapshot', async (_line, tool, sub) => {
    const { code, stdout, stderr } = await run(tool, [...(sub ? [sub] : []), '--help']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/\nExamples:\n {2}\S/);
    await expect(stdout).toMatchFileSnapshot(`./__snapshots__/${[tool, sub].filter(Boolean).join('-')}.help.txt`);
  });

  it('given help piped from the real bins, then it holds no ESC byte', async () => {
    const results = await Promise.all(commands.map(([, tool, sub]) => runBin(tool, [...(sub ? [sub] : []), '--help'], { env: withoutColorVariables() })));
    for (const [index, result] of results.entries()) {
      const line = commands[index]![0];
      expect(result.code, line).toBe(0);
      expect(result.stdout.length, line).toBeGreaterThan(500);
      expect(result.stdout.includes(ESC), line).toBe(false);
    }
  });

  it('given FORCE_COLOR, then piped help is coloured (so the check above can fail); given NO_COLOR as well, then it is not', async () => {
    const forced = await runBin('batch-ingest', ['--help'], { env: { ...withoutColorVariables(), FORCE_COLOR: '1' } });
    const vetoed = await runBin('batch-ingest', ['--help'], { env: { ...withoutColorVariables(), FORCE_COLOR: '1', NO_COLOR: '1' } });
    expect(forced.stdout).toContain(`${ESC}[`);
    expect(vetoed.stdout).not.toContain(ESC);
    expect(vetoed.stdout).toBe(stripVTControlCharacters(forced.stdout));
  });
});

describe('--version', () => {
  it.each(Object.keys(tools))('given %s --version (the real bin), then "<tool> <version of its package.json>" and exit 0', async (tool) => {
    const result = await runBin(tool, ['--version']);
    expect(result).toMatchObject({ code: 0, stdout: `${tool} ${versionOf(tool)}\n`, stderr: '' });
  });

  it.each(Object.keys(tools))('given %s -V, then the same', async (tool) => {
    expect(await run(tool, ['-V'])).toEqual({ code: 0, stdout: `${tool} ${versionOf(tool)}\n`, stderr: '' });
  });
});

describe('mistakes: exit 2, one line saying what is wrong, and where help is', () => {
  it.each([
    ['batch-ingest', ['--data-dri', 'x'], "unknown option '--data-dri' (did you mean --data-dir?)", 'batch-ingest'],
    ['batch-ingest', ['push-pending', '--data-dri', 'x'], "unknown option '--data-dri' (did you mean --data-dir?)", 'batch-ingest push-pending'],
    ['cart-streamer', ['--poll-intervall', '5'], "unknown option '--poll-intervall' (did you mean --poll-interval?)", 'cart-streamer'],
    ['gcp-bootstrap', ['doctor', '--bukcet-name', 'x'], "unknown option '--bukcet-name' (did you mean --bucket-name?)", 'gcp-bootstrap doctor'],
    ['fakestore-sim', ['--prot', '0'], "unknown option '--prot' (did you mean --port?)", 'fakestore-sim'],
  ])('given %s %j (a mistyped option), then the right one is suggested', async (tool, args, message, path) => {
    expect(await run(tool, args)).toEqual({ code: 2, stdout: '', stderr: `${tool}: ${message}\nRun '${path} --help' for usage.\n` });
  });

  it.each([
    ['batch-ingest', 'pushpending', 'push-pending'],
    ['cart-streamer', 'replay-dql', 'replay-dlq'],
    ['gcp-bootstrap', 'docter', 'doctor'],
    ['gcp-bootstrap', 'enable-api', 'enable-apis'],
  ])('given %s %s (a mistyped subcommand), then %s is suggested', async (tool, typo, right) => {
    expect(await run(tool, [typo])).toEqual({
      code: 2,
      stdout: '',
      stderr: `${tool}: unknown command '${typo}' (did you mean ${right}?)\nRun '${tool} --help' for usage.\n`,
    });
  });

  it.each([
    ['batch-ingest', ['--local-only', 'users']],
    ['batch-ingest', ['push-pending', 'now']],
    ['cart-streamer', ['--once', 'false']],
    ['cart-streamer', ['replay-dlq', 'all']],
    ['gcp-bootstrap', ['doctor', 'everything']],
    ['fakestore-sim', ['serve']],
  ])('given %s %j (a stray argument), then it is named, not ignored', async (tool, args) => {
    const result = await run(tool, args);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(new RegExp(`^${tool}: unexpected argument '${args.at(-1)!}'\\nRun '${tool}[a-z -]* --help' for usage\\.\\n$`));
  });

  it('given a tool option in front of its subcommand, then exit 2 saying where it goes', async () => {
    const result = await run('batch-ingest', ['--data-dir', '/srv/lake', 'push-pending']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^batch-ingest: option --data-dir goes after the command: batch-ingest push-pending --data-dir \.\.\./);
  });

  it('given gcp-bootstrap without a command, then its help on stderr and exit 2', async () => {
    const result = await run('gcp-bootstrap', []);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^Usage: gcp-bootstrap \[options\] \[command\]/);
  });
});

describe('bad values: exit 2 with every problem listed at once (nothing runs)', () => {
  it.each([
    ['batch-ingest', ['--local-only', '--entities', 'carts', '--http-timeout-ms', '0', '--log-format', 'xml'], ['--entities', '--http-timeout-ms / HTTP_TIMEOUT_MS', '--log-format / LOG_FORMAT']],
    ['cart-streamer', ['--local-only', '--poll-interval', 'soon', '--log-level', 'loud'], ['--poll-interval / CART_POLL_INTERVAL_SECONDS', '--log-level / LOG_LEVEL']],
    ['cart-streamer', ['replay-dlq', '--topic', '1x', '--log-format', 'yaml'], ['--topic / PUBSUB_TOPIC', '--log-format / LOG_FORMAT']],
    ['gcp-bootstrap', ['doctor', '--project-id', 'demo-project-123', '--tools', 'spark', '--topic', '1x'], ['--tools', '--topic / PUBSUB_TOPIC']],
    ['gcp-bootstrap', ['enable-apis', '--project-id', 'demo-project-123', '--timeout', '1', '--log-level', 'loud'], ['--timeout', '--log-level / LOG_LEVEL']],
    ['fakestore-sim', ['--port', 'x', '--carts', '-1'], ['--port', '--carts']],
  ])('given %s %j, then each bad value is named', async (tool, args, named) => {
    const result = await run(tool, args);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(new RegExp(`^${tool}: Invalid configuration \\(${named.length} problems\\):\\n`));
    for (const label of named) expect(result.stderr).toContain(`\n  ${label}: `);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});

function withoutColorVariables(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.FORCE_COLOR;
  delete env.NO_COLOR;
  delete env.CLICOLOR_FORCE;
  return env;
}
