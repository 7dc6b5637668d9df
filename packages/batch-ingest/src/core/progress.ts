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
