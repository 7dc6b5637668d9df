import { readJournal, writeJournal } from '@fakestore/shared-core';
import type { JournalStore } from '../types.js';


/** The journal file with updates serialised in this process (both entities push at once). */
export function createJournalStore(path: string): JournalStore {
  let queue: Promise<unknown> = Promise.resolve();
  return {
    path,
    read: () => readJournal(path),
    update(change) {
      const next = queue.then(async () => {
        const updated = change(await readJournal(path));
        await writeJournal(path, updated);
        return updated;
      });
      queue = next.catch(() => undefined);
      return next;
    },
  };
}
