/** Whole-response checks: is this body a list of records at all? Pure. */

export type PayloadCheck = { ok: true; records: unknown[] } | { ok: false; problem: string };

function describeValue(value: unknown): string {
  if (value === undefined) return 'an empty body';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an empty array';
  return `a JSON ${typeof value === 'object' ? 'object' : typeof value}`;
}

/**
 * A list response is usable when it is a non-empty JSON array. Anything else (an empty body,
 * `null`, an object, an empty list where the API always has data) fails the entity as a whole:
 * loading nothing, or a wrapper object, would silently hide an outage.
 */
export function checkListPayload(data: unknown, entity: string): PayloadCheck {
  if (Array.isArray(data) && data.length > 0) return { ok: true, records: data };
  return { ok: false, problem: `got ${describeValue(data)}, expected a non-empty JSON array of ${entity}` };
}
