import type { FileStorage, GenerationMismatch } from './io/storage.js';

/**
 * The state was committed by someone else between this cycle's read and its commit (GCS: the
 * manifest's generation moved on). Waiting does not fix it: the instance stops (exit 1).
 */
export class CommitLost extends Error {
  override readonly name = 'CommitLost';
}

/**
 * The one line a losing streamer prints. What is true at that point: the commit changed nothing;
 * the events this cycle already published stay published, and the state does not record them.
 * Event ids come from (cart, version, type, content) and both streamers started from the same
 * state, so where the winner saw the same change, it published the same event (a duplicate with
 * the same id). A change the winner did not see is detected again by the next cycle on this state
 * while the cart still differs from it, and announced at the winner's versions, which may reuse a
 * version number this instance published with other content.
 */
export function commitLost(stateFile: string, cause: GenerationMismatch): CommitLost {
  return new CommitLost(
    `another writer (another cart-streamer on the same state?) committed ${stateFile} since this cycle read it, so this instance stops without committing ` +
      `(${cause.message}). The events this cycle published stay published and are not in the state: where the other writer saw the same change, ` +
      'it published the same event (same id); a change it did not see is announced again by the next cycle while the cart still differs. Run one streamer per state.',
    { cause },
  );
}

/**
 * Removes the outbox a lost cycle wrote when it can never be committed: it follows a commit older
 * than the state's, so it is ours (or another loser's), never a live cycle's, whose outbox follows
 * the state's current commit. Left there, it would stop every later start (exit 2).
 */
export async function removeStaleOutbox(storage: FileStorage, stateFile: string, outboxFile: string): Promise<boolean> {
  const [outbox, state] = await Promise.all([storage.readText(outboxFile), storage.readText(stateFile)]);
  const parent = numberField(outbox, 'parent');
  const commit = numberField(state, 'commit');
  if (parent === undefined || commit === undefined || parent >= commit) return false;
  await storage.remove(outboxFile);
  return true;
}

function numberField(text: string | null, field: string): number | undefined {
  if (text === null) return undefined;
  try {
    const value = (JSON.parse(text) as Record<string, unknown>)[field];
    return typeof value === 'number' ? value : undefined;
  } catch {
    return undefined;
  }
}
