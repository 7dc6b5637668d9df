/** Process exit status of every pipeline CLI (design: "CLI conventions"). */
export const ExitCode = {
  /** Everything done. */
  ok: 0,
  /** The run failed. */
  failure: 1,
  /** Bad usage or configuration: nothing was attempted. */
  usage: 2,
  /** Completed but degraded: fell back to local, data kept, push pending. */
  degraded: 3,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** Bad flags, env or `.env`: the user can fix it, so the CLI exits 2 and prints every issue. */
export class UsageError extends Error {
  override readonly name: string = 'UsageError';
  readonly code: string = 'E_USAGE';
  /** One line per problem, each ready to print. */
  readonly issues: readonly string[];

  constructor(message: string, options: { issues?: readonly string[]; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.issues = options.issues ?? [message];
  }
}

/**
 * Google Cloud refused the tool's configuration: no credentials, a broken or rejected key, a
 * missing role, a disabled API. Exit 2 like any bad configuration (a long-running loop stops on
 * it rather than retrying: waiting never fixes it), printed as the one line `message`, which says
 * what is wrong and how to fix it; no pointer to `--help`, which would not help.
 */
export class CloudConfigError extends UsageError {
  override readonly name = 'CloudConfigError';
  override readonly code = 'E_CLOUD_CONFIG';
  /** `no-credentials`, `credentials-rejected`, `permission-denied`, `api-disabled`, `key-file`... */
  readonly kind: string;
  constructor(message: string, options: { kind: string; cause?: unknown }) {
    super(message.replace(/\s*\n\s*/g, ' '), options.cause === undefined ? {} : { cause: options.cause });
    this.kind = options.kind;
  }
}

export interface UpstreamErrorOptions {
  method: string;
  url: string;
  /** HTTP status of the last attempt, when there was a response. */
  status?: number;
  /** Requests made, retries included. */
  attempts: number;
  /** What went wrong on the last attempt, e.g. `503 Service Unavailable`. */
  reason: string;
  cause?: unknown;
}

/** An HTTP call that failed for good: `GET http://host/products failed after 3 attempts: 503 Service Unavailable`. */
export class UpstreamError extends Error {
  override readonly name = 'UpstreamError';
  readonly code = 'E_UPSTREAM';
  readonly method: string;
  readonly url: string;
  readonly status: number | undefined;
  readonly attempts: number;
  readonly reason: string;

  constructor(options: UpstreamErrorOptions) {
    const tries = options.attempts === 1 ? '1 attempt' : `${options.attempts} attempts`;
    super(`${options.method} ${options.url} failed after ${tries}: ${options.reason}`, { cause: options.cause });
    this.method = options.method;
    this.url = options.url;
    this.status = options.status;
    this.attempts = options.attempts;
    this.reason = options.reason;
  }
}

/** A single-instance lock of a folder (a directory, as proper-lockfile makes it) at `lockPath`. */
abstract class LockError extends Error {
  readonly lockPath: string;

  constructor(message: string, options: { lockPath: string; cause?: unknown }) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.lockPath = options.lockPath;
  }
}

/**
 * Another live process holds the lock, so this one touched nothing. Exit 1, not 2: the invocation
 * is right and the same command succeeds once the holder is done, which is what a scheduler's
 * retry-on-failure expects; 2 would tell a person to fix flags.
 */
export class LockHeldError extends LockError {
  override readonly name = 'LockHeldError';
  readonly code = 'E_LOCKED';
}

/**
 * A lock held by this process was removed or taken over while it ran. Raised from a timer, not a
 * call, so it reaches the lock's `onLost` handler instead of `runCli`.
 */
export class LockLostError extends LockError {
  override readonly name = 'LockLostError';
  readonly code = 'E_LOCK_LOST';
}

/** The exit status a CLI entry should use for an error that reached it. */
export function exitCodeFor(error: unknown): ExitCode {
  return error instanceof UsageError ? ExitCode.usage : ExitCode.failure;
}
