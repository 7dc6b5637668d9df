import { type ArgsDef, type CommandDef, renderUsage, runCommand } from 'citty';
import { ExitCode, UsageError, exitCodeFor } from '../errors.js';

/**
 * A command of any flags. citty types its own sub-command maps the same way: a command's
 * `run` takes its own parsed args, so specific commands are not assignable to `CommandDef<ArgsDef>`.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyCommand = CommandDef<any>;

export interface CliDefinition {
  /** Binary name, used in messages. */
  name: string;
  /** What runs without a subcommand. Its `run` returns the exit code. */
  main: AnyCommand;
  /** Loaded only when named, so e.g. `push-pending` pays nothing for the main command. */
  subCommands?: Record<string, () => Promise<AnyCommand>>;
  /** Shown under `--help`, one command per line. */
  examples?: string[];
  /** Shown under `<name> <sub> --help`, keyed by subcommand. */
  subCommandExamples?: Record<string, string[]>;
}

export interface RunCliOptions {
  rawArgs?: string[];
  /** Where errors go; default stderr. */
  stderr?: (text: string) => void;
  stdout?: (text: string) => void;
}

/**
 * The only place a CLI catches: parses, dispatches, maps errors to exit codes
 * (2 bad usage, 1 failure; commands return 0 or 3) and prints one clear line, never a
 * stack trace unless DEBUG is set. Resolves with the exit code instead of exiting, so it
 * can be tested; the bin calls `process.exit` with it.
 */
export async function runCli(definition: CliDefinition, options: RunCliOptions = {}): Promise<number> {
  const rawArgs = options.rawArgs ?? process.argv.slice(2);
  const stderr = options.stderr ?? ((text: string) => process.stderr.write(text));
  const stdout = options.stdout ?? ((text: string) => process.stdout.write(text));
  const subName = rawArgs[0] && !rawArgs[0].startsWith('-') ? rawArgs[0] : undefined;
  try {
    const loadSub = subName === undefined ? undefined : definition.subCommands?.[subName];
    if (subName !== undefined && !loadSub) {
      throw new UsageError(`unknown command "${subName}"`);
    }
    const command = loadSub ? await loadSub() : definition.main;
    const args = subName === undefined ? rawArgs : rawArgs.slice(1);
    if (args.includes('--help') || args.includes('-h')) {
      stdout(await usage(definition, command, subName));
      return ExitCode.ok;
    }
    await assertKnownArgs(command, args);
    const { result } = await runCommand(command, { rawArgs: args });
    return typeof result === 'number' ? result : ExitCode.ok;
  } catch (error) {
    const code = exitCodeFor(error);
    const message = error instanceof Error ? error.message : String(error);
    const hint = code === ExitCode.usage ? `\nRun '${definition.name}${subName ? ` ${subName}` : ''} --help' for usage.` : '';
    stderr(`${definition.name}: ${message}${hint}\n`);
    if (process.env.DEBUG && error instanceof Error && error.stack) stderr(`${error.stack}\n`);
    return code;
  }
}

async function usage(definition: CliDefinition, command: AnyCommand, subName: string | undefined): Promise<string> {
  const parent = subName === undefined ? undefined : definition.main;
  let text = await renderUsage(command, parent);
  if (subName === undefined && definition.subCommands) {
    text += `\n\nCOMMANDS\n\n${Object.keys(definition.subCommands).map((name) => `  ${definition.name} ${name}`).join('\n')}`;
  }
  const examples = subName === undefined ? definition.examples : definition.subCommandExamples?.[subName];
  if (examples?.length) {
    text += `\n\nEXAMPLES\n\n${examples.map((line) => `  ${line}`).join('\n')}`;
  }
  return `${text}\n`;
}

/**
 * citty ignores flags it does not know and arguments no command declared; a typo (`--data-dri`),
 * a misplaced subcommand (`--once replay-dlq`) or a value given to a boolean (`--local-only false`,
 * which citty reads as `--local-only`) must fail instead of being silently dropped.
 */
async function assertKnownArgs(command: AnyCommand, rawArgs: string[]): Promise<void> {
  const declared = command.args as CommandDef['args'];
  const defs: ArgsDef = (typeof declared === 'function' ? await declared() : await declared) ?? {};
  const known = new Set<string>();
  const takesValue = new Set<string>();
  for (const [name, def] of Object.entries(defs)) {
    const aliases = 'alias' in def && def.alias !== undefined ? [def.alias].flat() : [];
    for (const spelling of [name, kebab(name), camel(name), ...aliases]) {
      known.add(spelling);
      if (def.type === 'boolean') known.add(`no-${spelling}`);
      else if (def.type !== 'positional') takesValue.add(spelling);
    }
  }
  const positionalsDeclared = Object.values(defs).some((def) => def.type === 'positional');
  const unknown: string[] = [];
  const stray: string[] = [];
  for (let index = 0; index < rawArgs.length; index++) {
    const arg = rawArgs[index]!;
    if (arg === '--') break;
    const match = /^-{1,2}([^=]+)/.exec(arg);
    if (match && !/^-\d/.test(arg)) {
      const name = match[1]!;
      if (!known.has(name)) unknown.push(arg.split('=')[0]!);
      else if (takesValue.has(name) && !arg.includes('=')) index++; // `--api-url URL`: the next argument is its value
    } else if (!positionalsDeclared) {
      stray.push(arg);
    }
  }
  if (unknown.length > 0) {
    throw new UsageError(`unknown option${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}`);
  }
  if (stray.length > 0) {
    throw new UsageError(`unexpected argument${stray.length > 1 ? 's' : ''} ${stray.map((arg) => `"${arg}"`).join(', ')}`);
  }
}

function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}

function camel(name: string): string {
  return name.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());
}
