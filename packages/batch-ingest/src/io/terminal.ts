import { Writable } from 'node:stream';
import { formatProgress, type ProgressState } from '../core/progress.js';

/** The part of a terminal stream the status line needs (process.stdout / process.stderr). */
export interface TerminalStream {
  write(text: string): unknown;
}

/**
 * A progress line at the bottom of a terminal that log lines never run into. The status line
 * lives on `status` (stderr), rewritten in place; log lines go to `logs` (stdout) through
 * `logDestination`, which first erases the status line, writes the log line, then draws the status
 * line again below it. Without that, a log line written while the status line is shown starts at
 * the status line's end: `...69.0 MB[19:37:02.689] WARN ...`. For a TTY only: off a TTY nothing
 * here is used.
 */
export interface StatusLine {
  /** Bytes of an entity's response so far. */
  update(entity: string, loaded: number, total: number | undefined): void;
  /** For the logger (`createLogger({ destination })`): log lines that share the terminal with the status line. */
  readonly logDestination: Writable;
  /** Erases the status line for good; later updates draw nothing. */
  done(): void;
}

export interface StatusLineOptions {
  /** Show nothing until a download has taken this long (small responses never flicker). Default 300. */
  afterMs?: number;
  /** Redraw at most this often. Default 100. */
  everyMs?: number;
  now?: () => number;
}

const ERASE_LINE = '\r\x1b[2K';

export function createStatusLine(logs: TerminalStream, status: TerminalStream, options: StatusLineOptions = {}): StatusLine {
  const now = options.now ?? Date.now;
  const afterMs = options.afterMs ?? 300;
  const everyMs = options.everyMs ?? 100;
  const states = new Map<string, ProgressState>();
  const started = now();
  let drawnAt = Number.NEGATIVE_INFINITY;
  let shown = false;
  let finished = false;

  const draw = () => {
    const text = formatProgress(states);
    if (text === '') return;
    status.write(`${ERASE_LINE}${text}`);
    shown = true;
  };
  const erase = () => {
    if (shown) status.write(ERASE_LINE);
    shown = false;
  };

  return {
    update(entity, loaded, total) {
      if (finished) return;
      states.set(entity, { loaded, ...(total !== undefined && { total }) });
      const time = now();
      if (time - started < afterMs || time - drawnAt < everyMs) return;
      drawnAt = time;
      draw();
    },
    logDestination: new Writable({
      write(chunk: Buffer | string, _encoding, callback) {
        const wasShown = shown;
        erase();
        logs.write(typeof chunk === 'string' ? chunk : chunk.toString('utf8'));
        if (wasShown && !finished) draw();
        callback();
      },
    }),
    done() {
      finished = true;
      erase();
    },
  };
}
