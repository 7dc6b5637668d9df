import { UsageError, writeFileAtomic } from '@fakestore/shared-core';
import { type Outbox, outboxSchema } from '../core/outbox.js';
import { parseJson, readOptionalText, removeIfExists } from './_files.js';

/** The pending outbox, or `null`. An invalid one stops the run with exit 2, like an invalid state. */
export async function readOutbox(path: string): Promise<Outbox | null> {
  const text = await readOptionalText(path, 'outbox');
  if (text === null) return null;
  const parsed = parseJson(text, outboxSchema);
  if (parsed.ok) return parsed.value;
  throw new UsageError(
    `the outbox ${path} (a cycle left unfinished by a crash) is not valid: ${parsed.reason}. ` +
      'It was left untouched: move it away to drop that cycle, or use --reset-state to start over',
  );
}

export async function writeOutbox(path: string, outbox: Outbox): Promise<void> {
  await writeFileAtomic(path, `${JSON.stringify(outbox)}\n`);
}

export async function removeOutbox(path: string): Promise<void> {
  await removeIfExists(path);
}
