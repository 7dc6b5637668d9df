import { emptyJournal, partitionPrefix } from '@fakestore/shared-core';
import { describe, expect, it } from 'vitest';
import { markFailed, markQueued, markStageDone } from './journal.js';

const key = { entity: 'users', date: '2026-11-26', runId: '0b9f6c1e-8a43-4c1b-9d6e-2f1a3b4c5d6e' };
const at = new Date('2026-11-26T12:00:00.000Z');

describe('journal changes', () => {
  it('given a queued partition, when a push fails, then the attempt and the reason are kept', () => {
    const journal = markFailed(markQueued(emptyJournal(), key, at), key, 'connect ECONNREFUSED', new Date('2026-11-26T13:00:00.000Z'));
    expect(journal.entries).toEqual([
      { prefix: partitionPrefix(key), entity: 'users', date: '2026-11-26', run_id: key.runId, queued_at: at.toISOString(), stages_done: [], attempts: 1, last_error: 'connect ECONNREFUSED' },
    ]);
  });

  it('given one stage done, then the entry stays with that stage; given both, then it goes', () => {
    const afterGcs = markStageDone(markQueued(emptyJournal(), key, at), key, 'gcs');
    expect(afterGcs.entries[0]).toMatchObject({ stages_done: ['gcs'], queued_at: at.toISOString() });
    expect(markStageDone(afterGcs, key, 'bigquery').entries).toEqual([]);
  });
});
