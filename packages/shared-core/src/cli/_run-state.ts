import type { Command } from 'commander';

/** What the last parse of a program ran, keyed by its root: commander does not return an action's result. */
const running = new WeakMap<Command, Command>();
const exits = new WeakMap<Command, number>();

function rootOf(command: Command): Command {
  let root = command;
  while (root.parent) root = root.parent;
  return root;
}

export function noteRunning(command: Command): void {
  running.set(rootOf(command), command);
}

export function noteExit(command: Command, code: number): void {
  exits.set(rootOf(command), code);
}

/** Forgets the previous parse of `program`. */
export function resetRunState(program: Command): void {
  running.delete(program);
  exits.delete(program);
}

/** The command whose action ran, if one did. */
export function commandRunning(program: Command): Command | undefined {
  return running.get(program);
}

/** The exit status the action returned, if one ran. */
export function exitOfRun(program: Command): number | undefined {
  return exits.get(program);
}
