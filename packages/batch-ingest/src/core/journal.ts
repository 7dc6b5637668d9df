import {
  type PartitionKey,
  type PendingJournal,
  type PushStage,
  partitionPrefix,
  recordPending,
} from '@fakestore/shared-core';

/** Pure changes to the pending-push journal; `io/journal-store.ts` keeps the file. */

/** Written before a push starts, so a crash mid-push leaves the partition on the to-do list. */
export function markQueued(journal: PendingJournal, key: PartitionKey, at: Date): PendingJournal {
  return recordPending(journal, { ...entryBase(key), queued_at: at.toISOString(), stages_done: [], attempts: 0 });
}

/** A stage succeeded; once both have, the entry goes. */
export function markStageDone(journal: PendingJournal, key: PartitionKey, stage: PushStage): PendingJournal {
  const queuedAt = journal.entries.find((entry) => entry.prefix === partitionPrefix(key))?.queued_at ?? new Date(0).toISOString();
  return recordPending(journal, { ...entryBase(key), queued_at: queuedAt, stages_done: [stage], attempts: 0 });
}

/** A push attempt failed: count it and keep the reason. */
export function markFailed(journal: PendingJournal, key: PartitionKey, error: string, at: Date): PendingJournal {
  return recordPending(journal, { ...entryBase(key), queued_at: at.toISOString(), stages_done: [], attempts: 1, last_error: error });
}

function entryBase(key: PartitionKey) {
  return { prefix: partitionPrefix(key), entity: key.entity, date: key.date, run_id: key.runId };
}
