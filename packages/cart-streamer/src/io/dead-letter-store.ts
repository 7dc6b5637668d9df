import { join } from '../core/location.js';
import { UsageError, toJsonLines } from '@fakestore/shared-core';
import { type DeadLetter, deadLetterSchema } from '../core/dead-letter.js';
import { deadLetterDir, deadLetterFile } from '../core/paths.js';
import { parseJson } from './_files.js';
import type { FileStorage, FileWriter } from './storage.js';

export interface DeadLetterFile {
  path: string;
  letters: DeadLetter[];
}

/**
 * The dead letters of one batch, written as they come and put in place, named after the batch,
 * once it is done (a re-run of the batch overwrites its file). Nothing is made when none comes.
 */
export function createDeadLetterWriter(storage: FileStorage, eventsDir: string, createdAt: string) {
  let writer: FileWriter | undefined;
  let count = 0;
  return {
    get count() {
      return count;
    },
    async add(letters: readonly DeadLetter[]): Promise<void> {
      if (letters.length === 0) return;
      writer ??= await storage.create(deadLetterFile(eventsDir, { id: 'pending', createdAt }));
      count += letters.length;
      if (!writer.write(toJsonLines(letters))) await writer.drain();
    },
    /** Puts the file in place; returns its path, or undefined when there were no letters. */
    async finish(batchId: string): Promise<string | undefined> {
      if (!writer) return undefined;
      const path = deadLetterFile(eventsDir, { id: batchId, createdAt });
      await writer.commit(path);
      return path;
    },
    abort: async () => {
      await writer?.abort();
    },
  };
}

/** Writes the dead letters of one batch to their own file, atomically (a re-run of the batch overwrites it). */
export async function writeDeadLetters(storage: FileStorage, eventsDir: string, batch: { id: string; createdAt: string }, letters: readonly DeadLetter[]): Promise<string> {
  const path = deadLetterFile(eventsDir, batch);
  const writer = await storage.create(path);
  writer.write(toJsonLines(letters));
  await writer.commit();
  return path;
}

/**
 * Every dead-letter file, oldest first, each line checked. A line that is not a dead letter
 * stops with exit 2 naming the file and line, before anything is re-published.
 */
export async function readDeadLetterFiles(storage: FileStorage, eventsDir: string): Promise<DeadLetterFile[]> {
  const dir = deadLetterDir(eventsDir);
  const names = (await storage.list(dir)).filter((name) => name.endsWith('.jsonl') && !name.includes('/') && !name.startsWith('.'));
  const files: DeadLetterFile[] = [];
  for (const name of names) {
    const path = join(dir, name);
    let text: string | null;
    try {
      text = await storage.readText(path);
    } catch (error) {
      throw new UsageError(`cannot read the dead-letter file ${path} (${error instanceof Error ? error.message : String(error)})`, { cause: error });
    }
    const letters = (text ?? '').split('\n').flatMap((line, index) => {
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
export async function rewriteDeadLetterFile(storage: FileStorage, path: string, letters: readonly DeadLetter[]): Promise<void> {
  if (letters.length === 0) {
    await storage.remove(path);
    return;
  }
  const writer = await storage.create(path);
  writer.write(toJsonLines(letters));
  await writer.commit();
}
