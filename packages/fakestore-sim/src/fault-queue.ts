import type { FaultSpec, PendingFault } from './fault-spec.js';

export const enqueueFault = (queue: readonly PendingFault[], spec: FaultSpec): PendingFault[] => [...queue, { ...spec, remaining: spec.count }];

/** A fault with no `path` matches every request; otherwise its path is a prefix of the request target. */
export const faultMatches = (fault: FaultSpec, target: string): boolean => fault.path === undefined || target.startsWith(fault.path);

export interface TakenFault {
  fault: FaultSpec | undefined;
  queue: PendingFault[];
}

/**
 * Takes the first queued fault that matches the request, in the order faults were posted.
 * It uses up one of its count, and leaves the queue once its count is spent.
 */
export function takeFault(queue: readonly PendingFault[], target: string): TakenFault {
  const index = queue.findIndex((fault) => faultMatches(fault, target));
  const found = queue[index];
  if (found === undefined) return { fault: undefined, queue: [...queue] };
  const { remaining, ...spec } = found;
  const rest = [...queue];
  if (remaining <= 1) rest.splice(index, 1);
  else rest[index] = { ...found, remaining: remaining - 1 };
  return { fault: spec, queue: rest };
}
