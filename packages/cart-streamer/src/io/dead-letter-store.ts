import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { UsageError, toJsonLines, writeFileAtomic } from '@fakestore/shared-core';
import { type DeadLetter, deadLetterSchema } from '../core/dead-letter.js';
import { deadLetterDir, deadLetterFile } from '../core/paths.js';
import { parseJson, readOptionalText, removeIfExists } from './_files.js';

export interface DeadLetterFile {
  path: string;
  letters: DeadLetter[];
}

/** Writes the dead letters of one batch to their own file, atomically (a re-run of the batch overwrites it). */
export async function writeDeadLetters(eventsDir: string, batch: { id: string; createdAt: string }, letters: readonly DeadLetter[]): Promise<string> {
  const path = deadLetterFile(eventsDir, batch);
  await writeFileAtomic(path, toJsonLines(letters));
  return path;
}

/**
 * Every dead-letter file, oldest first, each line checked. A line that is not a dead letter
 * stops with exit 2 naming the file and line, before anything is re-published.
 */
export async function readDeadLetterFiles(eventsDir: string): Promise<DeadLetterFile[]> {
  const dir = deadLetterDir(eventsDir);
  let names: string[];
  try {
    names = (await readdir(dir)).filter((name) => name.endsWith('.jsonl') && !name.startsWith('.')).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const files: DeadLetterFile[] = [];
  for (const name of names) {
    const path = join(dir, name);
    const text = (await readOptionalText(path, 'dead-letter file')) ?? '';
    const letters = text.split('\n').flatMap((line, index) => {
      if (line.trim() === '') return [];
      const parsed = parseJson(line, deadLetterSchema);
      if (!parsed.ok) throw new UsageError(`${path} line ${index + 1} is not a dead letter: ${parsed.reason}; fix or remove that line`);
      return [parsed.value];
    });
    files.push({ path, letters });
  }
  return files;
}

/** Keeps only the given letters in a dead-letter file (atomically); removes the file when none is left. */
export async function rewriteDeadLetterFile(path: string, letters: readonly DeadLetter[]): Promise<void> {
  if (letters.length === 0) await removeIfExists(path);
  else await writeFileAtomic(path, toJsonLines(letters));
}
