import { formatBytes } from './summary.js';

export interface ProgressState {
  loaded: number;
  total?: number;
}

/** `downloading products 1.2 MB / 3.4 MB (35%), users 0.8 MB`. Pure. */
export function formatProgress(states: ReadonlyMap<string, ProgressState>): string {
  const parts = [...states].map(([entity, { loaded, total }]) =>
    total ? `${entity} ${formatBytes(loaded)} / ${formatBytes(total)} (${Math.floor((loaded / total) * 100)}%)` : `${entity} ${formatBytes(loaded)}`,
  );
  return parts.length === 0 ? '' : `downloading ${parts.join(', ')}`;
}

export interface ProgressLine {
  update(entity: string, loaded: number, total: number | undefined): void;
  /** Clears the line. */
  done(): void;
}

/**
 * A single, rewritten status line on a terminal while responses download. Shown only once a
 * download takes longer than `afterMs` (small responses never flicker), redrawn at most every 100 ms.
 */
export function createProgressLine(stream: NodeJS.WriteStream, afterMs = 300): ProgressLine {
  const states = new Map<string, ProgressState>();
  const started = Date.now();
  let drawnAt = 0;
  let shown = false;
  return {
    update(entity, loaded, total) {
      states.set(entity, { loaded, ...(total !== undefined && { total }) });
      const time = Date.now();
      if (time - started < afterMs || time - drawnAt < 100) return;
      drawnAt = time;
      shown = true;
      stream.write(`\r\x1b[2K${formatProgress(states)}`);
    },
    done() {
      if (shown) stream.write('\r\x1b[2K');
      shown = false;
    },
  };
}
