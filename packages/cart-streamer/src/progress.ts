/** Where progress goes: a terminal (stderr), or nowhere. */
export interface ProgressStream {
  isTTY?: boolean;
  write(text: string): unknown;
}

export interface CycleProgress {
  fetched(count: number): void;
  published(count: number): void;
  /** Clears the line. */
  done(): void;
}

/** `fetched 120,000 carts, published 800 events`. Pure. */
export function formatCycleProgress(fetched: number, published: number): string {
  const parts = [`fetched ${fetched.toLocaleString('en-US')} carts`];
  if (published > 0) parts.push(`published ${published.toLocaleString('en-US')} events`);
  return parts.join(', ');
}

/**
 * One status line, rewritten in place at most every `everyMs`, for long cycles on a terminal.
 * `undefined` when the stream is not a terminal: logs and pipes get nothing extra.
 */
export function createCycleProgress(stream: ProgressStream, everyMs = 250, now: () => number = Date.now): CycleProgress | undefined {
  if (!stream.isTTY) return undefined;
  let fetched = 0;
  let published = 0;
  let drawnAt = now();
  let shown = false;
  const draw = () => {
    const time = now();
    if (time - drawnAt < everyMs) return;
    drawnAt = time;
    shown = true;
    stream.write(`\r\x1b[2K${formatCycleProgress(fetched, published)}`);
  };
  return {
    fetched: (count) => {
      fetched = count;
      draw();
    },
    published: (count) => {
      published = count;
      draw();
    },
    done: () => {
      if (shown) stream.write('\r\x1b[2K');
      shown = false;
      fetched = published = 0;
    },
  };
}
