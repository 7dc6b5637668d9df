import { stateBackupFile } from '../core/paths.js';
import type { FileStorage } from './storage.js';

/** Moves the given files (the state, a pending outbox) to `*.bak-{stamp}`; returns the backups made. */
export async function backUpFiles(storage: FileStorage, paths: readonly string[], at: string): Promise<string[]> {
  const backups: string[] = [];
  for (const path of paths) {
    if (!(await storage.exists(path))) continue;
    const backup = stateBackupFile(path, at);
    await storage.move(path, backup);
    backups.push(backup);
  }
  return backups;
}
