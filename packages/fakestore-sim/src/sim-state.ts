import type { PendingFault } from './fault-spec.js';
import { createRequestLog, type RequestLog } from './request-log.js';
import type { SimStore } from './store.js';

/** The simulator's only mutable state: admin edits (inside the store), queued faults, the request log. */
export interface SimState {
  readonly store: SimStore;
  faults: PendingFault[];
  readonly log: RequestLog;
}

export const createSimState = (store: SimStore): SimState => ({ store, faults: [], log: createRequestLog() });

/** Back to how the simulator started: the initial data set, no faults, an empty log. */
export function resetSimState(state: SimState): void {
  state.store.reset();
  state.faults = [];
  state.log.clear();
}
