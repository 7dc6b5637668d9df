import { type RecordReject, redactSecrets, toJsonLines, writeFileAtomic } from '@fakestore/shared-core';
import { quarantineFile } from '../core/paths.js';

/** One line of a quarantine file: a cart that failed validation, as received, and why. */
export interface QuarantineLine {
  quarantined_at: string;
  source: string;
  reason: string;
  record: unknown;
}

/** Writes the rejected records of a fetch to `{eventsDir}/quarantine/date=.../{stamp}.jsonl`, atomically. */
export async function writeQuarantine(eventsDir: string, at: string, source: string, rejects: readonly RecordReject[]): Promise<string> {
  const path = quarantineFile(eventsDir, at);
  const lines: QuarantineLine[] = rejects.map((reject) => ({ quarantined_at: at, source, reason: reject.reason, record: redactSecrets(reject.record) }));
  await writeFileAtomic(path, toJsonLines(lines));
  return path;
}
