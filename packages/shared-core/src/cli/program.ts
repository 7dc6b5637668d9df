import { styleText } from 'node:util';
import { Command, type HelpConfiguration } from 'commander';
import { ExitCode } from '../errors.js';
import { givenFlags } from './config-options.js';
import { noteExit, noteRunning } from './_run-state.js';

export interface ToolCommandSpec {
  name: string;
  /**
   * Paragraphs shown under the usage line, each wrapped to the terminal. The first one is also the
   * summary in the parent's list of commands.
   */
  description: string | readonly string[];
  /** Shown under `Examples:` at the end of `--help`, one command per line. */
  examples?: readonly string[];
}

export interface ToolProgramSpec extends ToolCommandSpec {
  /** From the tool's package.json; `-V, --version` prints `<name> <version>`. */
  version: string;
}

/** A command's body: the flags given on the command line (see `givenFlags`) in, the exit status out. */
export type CommandRun = (flags: Record<string, unknown>, command: Command) => Promise<number> | number;

/**
 * Colours of `--help`. They are always added: commander strips them unless the stream takes colour
 * (`useColor`: a TTY, no NO_COLOR), so piped help holds no escape byte.
 */
const paint = (format: Parameters<typeof styleText>[0]) => (text: string) => styleText(format, text, { validateStream: false });
const helpStyle: HelpConfiguration = {
  styleTitle: paint('bold'),
  styleCommandText: paint('bold'),
  styleOptionText: paint('cyan'),
  styleSubcommandText: paint('cyan'),
  styleArgumentText: paint('yellow'),
};

/** A command of a tool, with help that documents itself and ends with examples. */
export function toolCommand(spec: ToolCommandSpec): Command {
  const paragraphs = typeof spec.description === 'string' ? [spec.description] : spec.description;
  const command = new Command(spec.name)
    .description(paragraphs.join('\n\n'))
    .summary(paragraphs[0] ?? '')
    .helpOption('-h, --help', 'show this help')
    .configureHelp(helpStyle)
    // Stray words are rejected by `onRun` instead, which can say "unknown command ... (Did you mean ...?)".
    .allowExcessArguments();
  if (spec.examples?.length) {
    const examples = spec.examples.map((line) => `  ${line}`).join('\n');
    command.addHelpText('after', `\n${paint('bold')('Examples:')}\n${examples}`);
  }
  return command;
}

/**
 * The root command of a tool: `toolCommand` plus `-V, --version`. A subcommand's options go after
 * its name (`batch-ingest push-pending --data-dir D`), so the tool's own options, which may share
 * names with them, are refused in front of a subcommand rather than silently applied to nothing.
 */
export function toolProgram(spec: ToolProgramSpec): Command {
  return toolCommand(spec)
    .version(`${spec.name} ${spec.version}`, '-V, --version', 'print the name and version')
    .enablePositionalOptions()
    .hook('preSubcommand', (program, subcommand) => {
      const given = Object.keys(givenFlags(program));
      if (given.length > 0) {
        program.error(`error: option --${given[0]} goes after the command: ${program.name()} ${subcommand.name()} --${given[0]} ...`, {
          code: 'commander.unknownOption',
          exitCode: ExitCode.usage,
        });
      }
    });
}

/**
 * Sets what the command does. The body is given the flags from the command line and returns the
 * exit status; `runCli` exits with it. Load the body lazily inside `run` (`await import(...)`), so
 * `--help` and the other commands do not pay for it.
 */
export function onRun(command: Command, run: CommandRun): Command {
  return command.action(async (_options: unknown, self: Command) => {
    if (self.args.length > 0) rejectArguments(self);
    noteRunning(self);
    noteExit(self, await run(givenFlags(self), self));
  });
}

/** Commander's own unknown-command message, which suggests a near subcommand; not in its typings. */
interface WithUnknownCommand {
  unknownCommand?: () => never;
}

/** No command takes arguments: a stray word is a mistyped subcommand (with a suggestion) or a mistake. */
function rejectArguments(command: Command): never {
  if (command.commands.length > 0) {
    try {
      (command as WithUnknownCommand).unknownCommand?.();
    } catch (error) {
      if (error instanceof Error && error.message.includes('Did you mean')) throw error;
    }
  }
  const words = command.args.map((word) => `'${word}'`).join(', ');
  return command.error(`error: unexpected argument${command.args.length > 1 ? 's' : ''} ${words}`, {
    code: 'commander.excessArguments',
    exitCode: ExitCode.usage,
  });
}
