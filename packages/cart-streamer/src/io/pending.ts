import type { Manifest } from '../core/manifest.js';
import { segmentPath } from '../core/manifest.js';
import { CREATED, ChangePlan, DELETED, MODIFIED } from '../core/plan.js';
import { hexToBytes } from '../core/state-format.js';
import { TextArena } from '../core/text-arena.js';
import { readBefores } from './segments.js';
import { type StateFileRef, forEachCartLine, invalidStateFile, openStateFile } from './state-file.js';
import type { CommittedState, StoreDeps } from './state-store.js';

/**
 * The events of a cycle a crash left between writing its outbox and committing it, rebuilt from
 * what it wrote: its new segment (the outbox's last one), line by line against the committed state.
 * A line whose version moved is an event; its before-image is the committed line, read by location.
 * The plan has the same columns as the one that cycle built from memory, so the events are the same
 * bytes (same ids, same data, same batch).
 */
export async function rebuildPlan(deps: StoreDeps, committed: CommittedState, pending: Manifest): Promise<ChangePlan> {
  const fresh = pending.segments.at(-1);
  const path = fresh && segmentPath(deps.stateFile, fresh);
  const outbox: StateFileRef = { storage: deps.storage, path: deps.outboxFile, what: 'outbox' };
  if (!fresh || !path || committed.segments.includes(path)) throw invalidStateFile(outbox, 'it names no new segment');
  const ref: StateFileRef = { storage: deps.storage, path, what: 'state segment' };
  const opened = await openStateFile(ref, { verify: true });
  if (opened === null) throw invalidStateFile(outbox, `its segment ${path} is missing`);
  if (opened.format !== 2) throw invalidStateFile(ref, 'it is not a state segment');
  const { index } = committed;
  const afters = new TextArena();
  const plan = new ChangePlan(opened.header.carts, afters, new TextArena());
  const beforeEntries: number[] = [];
  const beforeAt: number[] = [];
  const sha256 = await forEachCartLine(ref, opened.cursor, (fields, buf) => {
    const entry = index.findId(fields.id);
    if (entry >= 0 && index.versions[entry] === fields.version) return; // as committed, or only its record digest changed
    if (entry >= 0 && index.versions[entry]! > fields.version) throw invalidStateFile(ref, `cart ${fields.id} goes back from version ${index.versions[entry]} to ${fields.version}`);
    const wasLive = entry >= 0 && index.isLive(entry);
    if (fields.hashAt < 0) {
      if (!wasLive) throw invalidStateFile(ref, `cart ${fields.id} is deleted at version ${fields.version} but was not there before`);
      beforeAt.push(plan.push(fields.id, fields.version, DELETED, 0, -1, null, 0));
      beforeEntries.push(entry);
      return;
    }
    const p = plan.push(fields.id, fields.version, wasLive ? MODIFIED : CREATED, fields.userId, afters.addBytes(buf.subarray(fields.cartStart, fields.cartEnd)), null, 0);
    hexToBytes(buf, fields.hashAt, 32, plan.afterHashes, p * 32);
    if (wasLive) {
      beforeAt.push(p);
      beforeEntries.push(entry);
    }
  }, { carts: opened.header.carts, verify: true });
  if (sha256 !== fresh.sha256) throw invalidStateFile(ref, 'its checksum is not the one the outbox names');
  await readBefores(deps.storage, committed.segments, index, plan, beforeEntries, beforeAt);
  return plan;
}
