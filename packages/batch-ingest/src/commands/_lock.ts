import type { InstanceLockOptions } from '@fakestore/shared-core';

/**
 * One batch-ingest per data dir, a run and `push-pending` alike: both read, change and rewrite the
 * pending-push journal, which is safe only within one process. Local runs take it too, though they
 * leave the journal alone: the rule stays one an operator can state without knowing the mode, and
 * an overlapping scheduled run is a symptom (a stuck upstream) worth a failed run, not a second copy.
 */
export function dataDirLock(dataDir: string): InstanceLockOptions {
  return { dir: dataDir, tool: 'batch-ingest' };
}
