import { type Command, CommanderError } from 'commander';
import { CloudConfigError, ExitCode, exitCodeFor } from '../errors.js';
import { useColor } from './color.js';
import { commandRunning, exitOfRun, resetRunState } from './_run-state.js';

export interface RunCliOptions {
  /** Default `process.argv.slice(2)`. */
  rawArgs?: string[];
  /** Where help and `--version` go; default stdout. */
  stdout?: (text: string) => void;
  /** Where errors go; default stderr. */
  stderr?: (text: string) => void;
  /** Colour help; default: the stream takes colour (`useColor`). */
  color?: boolean;
  /** Help wraps at this width; default the terminal's, else 80. */
  helpWidth?: number;
}

/** Commander's codes of help and version output: done, exit 0. */
const INFORMATION = new Set(['commander.helpDisplayed', 'commander.version']);

/**
 * The only place a CLI catches: parses with commander, runs the command and maps what went wrong
 * to an exit status: 2 bad usage (commander's errors, `UsageError`, `CloudConfigError`), 1 failure;
 * commands return 0 or 3. Prints one clear line (a config error lists every bad value) and, for
 * usage, a pointer to `--help` (not for a Google Cloud fault: its line names the fix); never a stack trace unless DEBUG is set. Resolves with the exit status instead of
 * exiting, so it can be tested; the bin calls `process.exit` with it.
 */
export async function runCli(program: Command, options: RunCliOptions = {}): Promise<number> {
  if (options.stdout === undefined) ignoreClosedStdout();
  const stdout = options.stdout ?? ((text: string) => void process.stdout.write(text));
  const stderr = options.stderr ?? ((text: string) => void process.stderr.write(text));
  const width = options.helpWidth;
  let failed: Command = program;
  for (const command of commandTree(program)) {
    command
      .exitOverride((error) => {
        failed = command;
        throw error;
      })
      .configureOutput({
        writeOut: stdout,
        writeErr: stderr,
        outputError: () => undefined, // printed below, on one line
        getOutHasColors: () => options.color ?? useColor(process.stdout),
        getErrHasColors: () => options.color ?? useColor(process.stderr),
        ...(width === undefined ? {} : { getOutHelpWidth: () => width, getErrHelpWidth: () => width }),
      });
  }
  resetRunState(program);
  try {
    await program.parseAsync(options.rawArgs ?? process.argv.slice(2), { from: 'user' });
    return exitOfRun(program) ?? ExitCode.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (INFORMATION.has(error.code)) return ExitCode.ok;
      // `help({ error: true })`: a command that needs a subcommand got none; the help went to stderr.
      if (error.code === 'commander.help') return error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
      stderr(usageLines(commandPath(failed), commanderMessage(error.message)));
      return ExitCode.usage;
    }
    const code = exitCodeFor(error);
    const path = commandPath(commandRunning(program) ?? program);
    const message = error instanceof Error ? error.message : String(error);
    // A Google Cloud configuration error's line says its own fix: --help would not help.
    const pointer = code === ExitCode.usage && !(error instanceof CloudConfigError);
    stderr(pointer ? usageLines(path, message) : `${program.name()}: ${message}\n`);
    if (process.env.DEBUG && error instanceof Error && error.stack) stderr(`${error.stack}\n`);
    return code;
  }
}

/** `batch-ingest: <message>` and where to read more. */
function usageLines(path: string, message: string): string {
  return `${path.split(' ')[0]}: ${message}\nRun '${path} --help' for usage.\n`;
}

/** Commander's `error: unknown option '--x'\n(Did you mean --y?)` as one line, without the `error:`. */
export function commanderMessage(message: string): string {
  return message
    .replace(/^error: /, '')
    .replace(/\n\(Did you mean (.+)\?\)$/, ' (did you mean $1?)')
    .replace(/\s*\n\s*/g, ' ');
}

let ignoringClosedStdout = false;

/**
 * `batch-ingest --help | head -3` closes the pipe early: the tool goes on (a run is not aborted
 * half-way for a reader that left) instead of dying of an unhandled EPIPE with a stack trace.
 */
function ignoreClosedStdout(): void {
  if (ignoringClosedStdout) return;
  ignoringClosedStdout = true;
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
}

function commandPath(command: Command): string {
  const names: string[] = [];
  for (let at: Command | null = command; at; at = at.parent) names.unshift(at.name());
  return names.join(' ');
}

function commandTree(command: Command): Command[] {
  return [command, ...command.commands.flatMap((sub) => commandTree(sub))];
}
