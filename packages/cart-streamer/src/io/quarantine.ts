import { redactSecrets } from '@fakestore/shared-core';
import { quarantineFile } from '../core/paths.js';
import type { RecordReject } from '../core/fetch-diff.js';
import type { FileStorage, FileWriter } from './storage.js';

/** One line of a quarantine file: a cart that failed validation, as received, and why. */
export interface QuarantineLine {
  quarantined_at: string;
  source: string;
  reason: string;
  record: unknown;
}

/**
 * The rejected records of one fetch, written as they arrive to
 * `{eventsDir}/quarantine/date=.../{stamp}.jsonl`, which appears once the fetch is done (nothing
 * when no record was rejected). The first reasons are kept for the log.
 */
export function createQuarantineWriter(storage: FileStorage, eventsDir: string, at: string, source: string) {
  let writer: FileWriter | undefined;
  let count = 0;
  const reasons: string[] = [];
  const path = quarantineFile(eventsDir, at);
  return {
    path,
    get count() {
      return count;
    },
    reasons,
    async add(reject: RecordReject): Promise<void> {
      writer ??= await storage.create(path);
      count++;
      if (reasons.length < 5) reasons.push(reject.reason);
      const line: QuarantineLine = { quarantined_at: at, source, reason: reject.reason, record: redactSecrets(reject.record) };
      if (!writer.write(`${JSON.stringify(line)}\n`)) await writer.drain();
    },
    /** Puts the file in place; the path, or undefined when nothing was rejected. */
    async finish(): Promise<string | undefined> {
      if (!writer) return undefined;
      await writer.commit();
      return path;
    },
    abort: async () => {
      await writer?.abort();
    },
  };
}
