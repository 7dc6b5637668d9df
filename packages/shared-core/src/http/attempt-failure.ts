/** One failed attempt of an HTTP call; becomes an `UpstreamError` when no attempt is left. */
export class AttemptFailure extends Error {
  override readonly name = 'AttemptFailure';

  constructor(
    /** One line for logs and the final error: status, network error or position, never payload. */
    readonly reason: string,
    readonly retryable: boolean,
    readonly details: { status?: number; retryAfterMs?: number; cause?: unknown } = {},
  ) {
    super(reason, { cause: details.cause });
  }
}
