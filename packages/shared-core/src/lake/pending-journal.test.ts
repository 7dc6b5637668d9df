import { writeFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { makeTempDir } from '@fakestore/test-utils';
import { describe, expect, it } from 'vitest';
import { emptyJournal, journalPath, type PendingPush, readJournal, recordPending, resolvePending, writeJournal } from './pending-journal.js';

const entry = (prefix: string, stages: PendingPush['stages_done'] = [], queuedAt = '2026-11-26T10:00:00.000Z'): PendingPush => ({
  prefix, entity: 'products', date: '2026-11-26', run_id: 'r', queued_at: queuedAt, stages_done: stages, attempts: 1, last_error: 'storage down',
});

describe('pending-push journal', () => {
  it('records a partition that still has stages to push', () => {
    const journal = recordPending(emptyJournal(), entry('raw/a'));
    expect(journal.entries.map((e) => e.prefix)).toEqual(['raw/a']);
  });

  it('remembers stages already done, so a resumed push never repeats them', () => {
    let journal = recordPending(emptyJournal(), entry('raw/a', ['gcs']));
    journal = recordPending(journal, entry('raw/a', []));
    expect(journal.entries[0]?.stages_done).toEqual(['gcs']);
    expect(journal.entries[0]?.attempts).toBe(2);
  });

  it('drops an entry once every stage is done', () => {
    let journal = recordPending(emptyJournal(), entry('raw/a', ['gcs']));
    journal = recordPending(journal, entry('raw/a', ['bigquery']));
    expect(journal.entries).toEqual([]);
    journal = resolvePending(recordPending(journal, entry('raw/b')), 'raw/b');
    expect(journal.entries).toEqual([]);
  });

  it('keeps entries in the order they were queued', () => {
    let journal = recordPending(emptyJournal(), entry('raw/late', [], '2026-11-26T11:00:00.000Z'));
    journal = recordPending(journal, entry('raw/early', [], '2026-11-26T09:00:00.000Z'));
    expect(journal.entries.map((e) => e.prefix)).toEqual(['raw/early', 'raw/late']);
  });

  it('round-trips through the file, and a missing file is an empty journal', async () => {
    const dir = await makeTempDir();
    try {
      const path = journalPath(dir.path);
      expect(await readJournal(path)).toEqual(emptyJournal());
      const runId = '0b9f6c1e-8a43-4c1b-9d6e-2f1a3b4c5d6e';
      const journal = recordPending(emptyJournal(), { ...entry(`raw/products/date=2026-11-26/run_id=${runId}`), run_id: runId });
      await writeJournal(path, journal);
      expect(await readJournal(path)).toEqual(journal);
    } finally {
      await dir.remove();
    }
  });

  it('given an entry whose prefix is not the partition of its entity, date and run id, then reading names the entry', async () => {
    const dir = await makeTempDir();
    try {
      const path = journalPath(dir.path);
      await writeJournal(path, recordPending(emptyJournal(), { ...entry('raw/products/x'), date: 'bad' }));
      await expect(readJournal(path)).rejects.toThrow(/not in the expected shape: entries\.0\.prefix: "raw\/products\/x" is not the lake partition raw\/products\/date=bad\/run_id=r; fix or move it away/);
    } finally {
      await dir.remove();
    }
  });

  it('refuses a corrupt journal instead of silently forgetting what is pending', async () => {
    const dir = await makeTempDir();
    try {
      const path = journalPath(dir.path);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, '{"journal_version":1,"entries":[');
      await expect(readJournal(path)).rejects.toThrow(/not valid JSON/);
    } finally {
      await dir.remove();
    }
  });
});
