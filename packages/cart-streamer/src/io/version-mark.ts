import { UsageError, describeIssues } from '@fakestore/shared-core';
import { maxVersionIn, versionMarkSchema } from '../core/versions.js';
import { deadLetterDir, eventLogDir } from '../core/paths.js';
import { join } from '../core/location.js';
import type { FileStorage } from './storage.js';

/** The version mark (see versions.ts), or `null` when there is none. An unreadable one is exit 2. */
export async function readVersionMark(storage: FileStorage, path: string): Promise<number | null> {
  const text = await storage.readText(path);
  if (text === null) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw invalidMark(path, 'not JSON');
  }
  const parsed = versionMarkSchema.safeParse(raw);
  if (!parsed.success) throw invalidMark(path, describeIssues(parsed.error.issues, raw));
  return parsed.data.max_version;
}

/** Raises the mark to `version` (atomically) unless it is there already. */
export async function raiseVersionMark(storage: FileStorage, path: string, version: number): Promise<void> {
  const current = await readVersionMark(storage, path);
  if (current !== null && current >= version) return;
  const writer = await storage.create(path);
  writer.write(`${JSON.stringify({ max_version: version })}\n`);
  await writer.commit();
}

/** The highest version in the local event log and dead letters, or `null` when they hold none. */
export async function maxLoggedVersion(storage: FileStorage, eventsDir: string): Promise<number | null> {
  let max = 0;
  for (const dir of [eventLogDir(eventsDir), deadLetterDir(eventsDir)]) {
    for (const name of await storage.list(dir)) {
      if (!name.endsWith('.jsonl')) continue;
      const source = await storage.read(join(dir, name));
      if (!source) continue;
      let tail = '';
      for await (const chunk of source) {
        const text = tail + Buffer.from(chunk).toString('utf8');
        max = Math.max(max, maxVersionIn(text));
        tail = text.slice(-40); // a match cut by the chunk boundary is found in the next round
      }
    }
  }
  return max > 0 ? max : null;
}

function invalidMark(path: string, reason: string): UsageError {
  return new UsageError(`the version mark ${path} is not valid: ${reason}. Fix it (it must be {"max_version": N}, N the highest cart version ever published) or remove it`);
}
