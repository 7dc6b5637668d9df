import type { RunMode } from '../types.js';

export interface ModeInput {
  localOnly: boolean;
  /** As configured (flag, env or .env), before validation; empty means unset. */
  projectId?: string;
  bucketName?: string;
}

/**
 * Local is the default: a run is `gcp` only when a project id or a bucket is configured and
 * `--local-only` is not given. Configuring one of the two is taken as meaning gcp, so the other
 * is then required (a usage error names it) instead of silently running locally.
 */
export function resolveMode(input: ModeInput): { mode: RunMode; reason: string } {
  if (input.localOnly) return { mode: 'local', reason: '--local-only' };
  const project = Boolean(input.projectId?.trim());
  const bucket = Boolean(input.bucketName?.trim());
  if (!project && !bucket) return { mode: 'local', reason: 'no GCP project or bucket configured' };
  const what = project && bucket ? 'a GCP project and bucket are' : project ? 'a GCP project is' : 'a GCS bucket is';
  return { mode: 'gcp', reason: `${what} configured` };
}
