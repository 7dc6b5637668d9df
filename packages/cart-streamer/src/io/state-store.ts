import { rename } from 'node:fs/promises';
import { UsageError, writeFileAtomic } from '@fakestore/shared-core';
import { stateBackupFile } from '../core/paths.js';
import { type StreamerState, stateSchema } from '../core/state.js';
import { parseJson, readOptionalText } from './_files.js';

/**
 * The committed state, or `null` before the first commit (cold start). A state file that cannot
 * be read or is not valid stops the run with exit 2: it is never reset silently.
 */
export async function readState(path: string): Promise<StreamerState | null> {
  const text = await readOptionalText(path, 'state file');
  if (text === null) return null;
  const parsed = parseJson(text, stateSchema);
  if (parsed.ok) return parsed.value;
  throw new UsageError(
    `the state file ${path} is not valid: ${parsed.reason}. It was left untouched: restore or fix it, ` +
      'or start over with --reset-state (the old file is kept as a backup; every cart is announced as created again)',
  );
}

/** Commits a state: temp file + fsync + rename, so a crash leaves the old or the new state, never a torn one. */
export async function writeState(path: string, state: StreamerState): Promise<void> {
  await writeFileAtomic(path, `${JSON.stringify(state)}\n`);
}

/** Moves the state file (and any other given file, e.g. a pending outbox) to `*.bak-{stamp}`; returns the backups made. */
export async function backUpFiles(paths: readonly string[], at: string): Promise<string[]> {
  const backups: string[] = [];
  for (const path of paths) {
    const backup = stateBackupFile(path, at);
    try {
      await rename(path, backup);
      backups.push(backup);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  return backups;
}
