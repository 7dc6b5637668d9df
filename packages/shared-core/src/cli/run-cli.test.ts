import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { resolveConfig } from '../config.js';
import { booleanSetting, intSetting, logFormatSchema, logFormats, logLevelSchema, logLevels } from '../config-fields.js';
import { UpstreamError, UsageError } from '../errors.js';
import { addConfigOptions, givenFlags } from './config-options.js';
import { onRun, toolCommand, toolProgram } from './program.js';
import { runCli } from './run-cli.js';

const fields = {
  dataDir: { flag: 'data-dir', env: 'TOOL_DATA_DIR', description: 'Where data goes', valueHint: 'DIR', schema: z.string().default('./data') },
  once: { flag: 'once', flagType: 'boolean' as const, description: 'One cycle', schema: booleanSetting().default(false) },
  interval: { flag: 'interval', env: 'TOOL_INTERVAL', description: 'Seconds between cycles', valueHint: 'SECONDS', schema: intSetting(1, 60).default(10) },
  logLevel: { flag: 'log-level', env: 'LOG_LEVEL', description: 'Log level', valueHint: 'LEVEL', choices: logLevels, schema: logLevelSchema.default('info') },
  logFormat: { flag: 'log-format', env: 'LOG_FORMAT', description: 'Log format', valueHint: 'FORMAT', choices: logFormats, schema: logFormatSchema.default('auto') },
};

/** A tool with a main command and two subcommands; the main one resolves its config the way the tools do. */
function createTool(seen: { flags?: Record<string, unknown>; config?: unknown } = {}) {
  const program = toolProgram({ name: 'tool', version: '1.2.3', description: 'Does things.', examples: ['tool --once   # one cycle'] });
  addConfigOptions(program, fields, { short: { dataDir: 'd' } });
  onRun(program, (flags) => {
    seen.flags = flags;
    seen.config = resolveConfig(fields, { flags, env: { TOOL_INTERVAL: '30' }, dotenv: { TOOL_DATA_DIR: '/from/dotenv' } });
    return flags.once ? 3 : 0;
  });
  const pushPending = toolCommand({ name: 'push-pending', description: 'Pushes what is pending.', examples: ['tool push-pending -d /srv'] });
  addConfigOptions(pushPending, { dataDir: fields.dataDir }, { short: { dataDir: 'd' } });
  program.addCommand(onRun(pushPending, () => {
    throw new UpstreamError({ method: 'GET', url: 'http://x/products', attempts: 3, reason: '503 Service Unavailable' });
  }));
  program.addCommand(onRun(toolCommand({ name: 'misuse', description: 'Always misused.' }), () => {
    throw new UsageError('--project-id is required');
  }));
  return program;
}

async function run(args: string[], program = createTool()) {
  const out = { stdout: '', stderr: '' };
  const code = await runCli(program, {
    rawArgs: args,
    stdout: (text) => (out.stdout += text),
    stderr: (text) => (out.stderr += text),
    color: false,
    helpWidth: 100,
  });
  return { code, ...out };
}

describe('runCli', () => {
  it('given no arguments or --once, when run, then it exits with the status the command returned', async () => {
    expect((await run([])).code).toBe(0);
    expect((await run(['--once'])).code).toBe(3);
  });

  it('given --version or -V, then it prints "<name> <version>" and exits 0', async () => {
    for (const flag of ['--version', '-V']) {
      const result = await run([flag]);
      expect(result).toEqual({ code: 0, stdout: 'tool 1.2.3\n', stderr: '' });
    }
  });

  it('given --help, then options show their value, choices, default and env, and the examples come last', async () => {
    const { code, stdout } = await run(['--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/-d, --data-dir <DIR>\s+Where data goes \(default: "\.\/data", env: TOOL_DATA_DIR\)/);
    expect(stdout).toMatch(/--interval <SECONDS>\s+Seconds between cycles \(default: 10, env: TOOL_INTERVAL\)/);
    expect(stdout.replace(/\s+/g, ' ')).toContain('--log-format <FORMAT> Log format (choices: "auto", "json", "pretty", default: "auto", env: LOG_FORMAT)');
    expect(stdout).toMatch(/--once\s+One cycle\n/);
    expect(stdout).toMatch(/-V, --version/);
    expect(stdout).toMatch(/Commands:\n\s+push-pending \[options\]/);
    expect(stdout).toMatch(/Examples:\n {2}tool --once {3}# one cycle\n$/);
  });

  it("given a subcommand's --help, then its own options and examples, not the tool's", async () => {
    const { code, stdout } = await run(['push-pending', '--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Usage: tool push-pending \[options\]/);
    expect(stdout).toMatch(/Examples:\n {2}tool push-pending -d \/srv\n$/);
    expect(stdout).not.toMatch(/--once/);
  });

  it('given flags, env and .env, when the config resolves, then only command-line values count as flags', async () => {
    const seen: { flags?: Record<string, unknown>; config?: unknown } = {};
    await run(['-d', '/from/flag', '--once'], createTool(seen));
    expect(seen.flags).toEqual({ 'data-dir': '/from/flag', once: true });
    expect(seen.config).toMatchObject({ dataDir: '/from/flag', once: true, interval: 30, logLevel: 'info', logFormat: 'auto' });

    await run([], createTool(seen));
    expect(seen.flags).toEqual({});
    expect(seen.config).toMatchObject({ dataDir: '/from/dotenv', interval: 30 });
  });

  it("given commander's own env handling, then an env value never shows up as a flag", async () => {
    const seen: { flags?: Record<string, unknown> } = {};
    process.env.TOOL_DATA_DIR = '/from/env';
    try {
      await run([], createTool(seen));
    } finally {
      delete process.env.TOOL_DATA_DIR;
    }
    expect(seen.flags).toEqual({});
  });

  it('given a mistyped option, then exit 2 with one line suggesting the right one, and a pointer to --help', async () => {
    const result = await run(['--data-dri', 'x']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe("tool: unknown option '--data-dri' (did you mean --data-dir?)\nRun 'tool --help' for usage.\n");
  });

  it('given a mistyped subcommand, then exit 2 suggesting the right one', async () => {
    const result = await run(['pushpending']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe("tool: unknown command 'pushpending' (did you mean push-pending?)\nRun 'tool --help' for usage.\n");
  });

  it.each([
    ['a stray word', ['--once', 'users'], "unexpected argument 'users'"],
    ['a value given to a boolean flag', ['--once', 'false'], "unexpected argument 'false'"],
  ])('given %s, then exit 2 naming it instead of ignoring it', async (_case, args, message) => {
    const result = await run(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`tool: ${message}\nRun 'tool --help' for usage.\n`);
  });

  it('given a stray word after a subcommand, then exit 2 pointing at the subcommand help', async () => {
    const result = await run(['push-pending', 'now']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe("tool: unexpected argument 'now'\nRun 'tool push-pending --help' for usage.\n");
  });

  it("given the tool's option in front of a subcommand, then exit 2 saying where it goes", async () => {
    const result = await run(['-d', '/srv', 'push-pending']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^tool: option --data-dir goes after the command: tool push-pending --data-dir \.\.\.\n/);
  });

  it('given a flag without its value, then exit 2 naming it', async () => {
    const result = await run(['--data-dir']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^tool: option '-d, --data-dir <DIR>' argument missing\n/);
  });

  it('given several bad values, then exit 2 listing all of them at once, choices included', async () => {
    const result = await run(['--interval', 'soon', '--log-level', 'loud', '--log-format', 'xml']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^tool: Invalid configuration \(3 problems\):\n/);
    expect(result.stderr).toMatch(/--interval \/ TOOL_INTERVAL: must be a whole number \(got "soon" from --interval\)/);
    expect(result.stderr).toMatch(/--log-level \/ LOG_LEVEL: must be one of fatal, error/);
    expect(result.stderr).toMatch(/--log-format \/ LOG_FORMAT: must be one of auto, json, pretty/);
  });

  it('maps a usage error to exit 2 and a failure to exit 1, one line each, no stack trace', async () => {
    const usage = await run(['misuse']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toBe("tool: --project-id is required\nRun 'tool misuse --help' for usage.\n");
    const failure = await run(['push-pending']);
    expect(failure.code).toBe(1);
    expect(failure.stderr).toBe('tool: GET http://x/products failed after 3 attempts: 503 Service Unavailable\n');
  });

  it('given the same program parsed twice, then the second run does not see the first one', async () => {
    const program = createTool();
    expect((await run(['--once'], program)).code).toBe(3);
    expect((await run([], program)).code).toBe(0);
  });
});

describe('help colour', () => {
  it('given colour, then titles and flags carry escape codes; without, none', async () => {
    const plain = await run(['--help']);
    let colored = '';
    await runCli(createTool(), { rawArgs: ['--help'], color: true, helpWidth: 100, stdout: (text) => (colored += text) });
    expect(colored).toContain('\u001b[');
    expect(plain.stdout).not.toContain('\u001b');
    expect(stripVTControlCharacters(colored)).toBe(plain.stdout);
  });
});

describe('givenFlags', () => {
  it('passes on only what the command line gave', async () => {
    const program = toolProgram({ name: 't', version: '0', description: 'd' });
    addConfigOptions(program, fields);
    await program.parseAsync(['--interval', '5'], { from: 'user' });
    expect(givenFlags(program)).toEqual({ interval: '5' });
  });
});
