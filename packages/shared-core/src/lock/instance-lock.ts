import { mkdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { ExitCode, LockHeldError, LockLostError } from '../errors.js';

/**
 * One process at a time per folder: a lock directory `{dir}/.{tool}.lock`, made with proper-lockfile
 * (mkdir is atomic, also on NFS). The holder refreshes its mtime; a lock whose mtime is older than
 * the stale window was left by a process that died without cleaning up (SIGKILL, OOM, power cut),
 * and the next process takes it over instead of being blocked forever.
 */

/**
 * Long enough that an event loop busy for a few seconds (a large response parsed at once) never
 * lets a second process take over a live holder; short enough that a restart after a SIGKILL
 * waits at most this long.
 */
export const DEFAULT_LOCK_STALE_MS = 20_000;

/** proper-lockfile's floors: it clamps lower values up to these. */
const MIN_STALE_MS = 2_000;
const MIN_UPDATE_MS = 1_000;

export interface InstanceLockOptions {
  /** The folder whose files the holder owns (the lake, the state folder...); created if missing. */
  dir: string;
  /** The binary, e.g. `batch-ingest`: names the lock `{dir}/.batch-ingest.lock` and prefixes messages. */
  tool: string;
  /** A subcommand that needs a lock of its own, e.g. `replay-dlq`: `{dir}/.cart-streamer-replay-dlq.lock`. */
  command?: string;
  /** A lock not refreshed for this long is taken over (default 20 s, at least 2 s). */
  staleMs?: number;
  /** How often the holder refreshes it (default a quarter of the stale window, at least 1 s). */
  updateMs?: number;
  /**
   * The lock was removed or taken over while held: another process may now write the same files.
   * Default: one line on stderr, then exit 1 at once (see `exitOnLockLost`).
   */
  onLost?: (error: LockLostError) => void;
}

export interface InstanceLock {
  /** Absolute path of the lock directory. */
  readonly path: string;
  /** Removes the lock and stops refreshing it; calling it again does nothing. */
  release(): Promise<void>;
}

/** `{dir}/.{tool}.lock`, or `{dir}/.{tool}-{command}.lock`, absolute so messages work from any folder. */
export function instanceLockPath(options: Pick<InstanceLockOptions, 'dir' | 'tool' | 'command'>): string {
  const name = options.command === undefined ? options.tool : `${options.tool}-${options.command}`;
  return join(resolve(options.dir), `.${name}.lock`);
}

/**
 * Takes the lock or fails at once, never waits: a second run queued behind a long one would start
 * late and surprise whoever scheduled it. Throws `LockHeldError` (exit 1 through `runCli`) when a
 * live process holds it.
 */
export async function acquireInstanceLock(options: InstanceLockOptions): Promise<InstanceLock> {
  const path = instanceLockPath(options);
  const staleMs = Math.max(options.staleMs ?? DEFAULT_LOCK_STALE_MS, MIN_STALE_MS);
  const updateMs = Math.min(Math.max(options.updateMs ?? staleMs / 4, MIN_UPDATE_MS), staleMs / 2);
  const holder = holderName(options);
  const onLost = options.onLost ?? exitOnLockLost(options.tool);
  // Loaded on first use: proper-lockfile hooks process exit and signals (to remove held locks),
  // which only the processes that take a lock should pay for.
  const { lock } = await import('proper-lockfile');
  let release: () => Promise<void>;
  try {
    await mkdir(dirname(path), { recursive: true });
    release = await lock(path, {
      // Keyed by the lock's own path: the folder may hold the locks of several tools.
      lockfilePath: path,
      realpath: false,
      stale: staleMs,
      update: updateMs,
      retries: 0,
      onCompromised: (cause) => onLost(lostError(path, holder, staleMs, cause)),
    });
  } catch (error) {
    if (errorCode(error) === 'ELOCKED') throw heldError(path, holder, staleMs, error);
    throw new Error(`cannot take the lock ${path}: ${messageOf(error)}`, { cause: error });
  }
  return { path, release: releaseOnce(release) };
}

/** Runs `work` holding the lock, and releases it however `work` ends. */
export async function withInstanceLock<T>(options: InstanceLockOptions, work: () => Promise<T>): Promise<T> {
  const held = await acquireInstanceLock(options);
  try {
    return await work();
  } finally {
    await held.release();
  }
}

/**
 * The default reaction to a lost lock. It fires from a timer, outside any command, so it cannot
 * throw to `runCli`; and going on would mean two writers. Every file the tools write is atomic
 * (temp file + rename), so stopping at any point leaves either the old or the new content.
 */
export function exitOnLockLost(
  tool: string,
  io: { write: (text: string) => void; exit: (code: number) => void } = {
    write: (text) => process.stderr.write(text),
    exit: (code) => process.exit(code),
  },
): (error: LockLostError) => void {
  return (error) => {
    io.write(`${tool}: ${error.message}\n`);
    io.exit(ExitCode.failure);
  };
}

function holderName(options: Pick<InstanceLockOptions, 'tool' | 'command'>): string {
  return options.command === undefined ? options.tool : `${options.tool} ${options.command}`;
}

function heldError(path: string, holder: string, staleMs: number, cause: unknown): LockHeldError {
  return new LockHeldError(
    `another ${holder} process holds ${path}: wait for it to finish, or remove that directory if no ${holder} is running ` +
      `(the lock of a killed process expires ${seconds(staleMs)} after its last refresh)`,
    { lockPath: path, cause },
  );
}

function lostError(path: string, holder: string, staleMs: number, cause: Error): LockLostError {
  // proper-lockfile reports every loss as ECOMPROMISED; its message tells which one it was.
  const why = cause.message.startsWith('ENOENT')
    ? 'it was removed'
    : cause.message.startsWith('Unable to update lock')
      ? `another process took it over (it counts as abandoned after ${seconds(staleMs)} without a refresh)`
      : `it could not be refreshed: ${cause.message}`;
  return new LockLostError(`lost the lock ${path} while running (${why}); stopping at once so that two ${holder} processes never write the same files`, {
    lockPath: path,
    cause,
  });
}

/** A release after the lock was lost has nothing left to remove. */
function releaseOnce(release: () => Promise<void>): () => Promise<void> {
  let done: Promise<void> | undefined;
  return () => {
    done ??= release().catch((error: unknown) => {
      if (errorCode(error) !== 'ERELEASED') throw error;
    });
    return done;
  };
}

function seconds(ms: number): string {
  return `${Math.round(ms / 1000)} s`;
}

function errorCode(error: unknown): string | undefined {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
