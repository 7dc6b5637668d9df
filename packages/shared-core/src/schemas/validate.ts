import type { z } from 'zod';

export interface RecordReject {
  /** The record as received (secrets included: redact before writing it anywhere). */
  record: unknown;
  /** Position in the input list. */
  index: number;
  /** e.g. `price: expected a number, got a string`; several problems are joined with `; `. Never quotes the record. */
  reason: string;
}

export interface ValidationResult<T> {
  valid: T[];
  rejects: RecordReject[];
}

/** Split records into the valid ones (parsed, unknown fields kept) and rejects with a readable reason. */
export function validateRecords<S extends z.ZodType>(schema: S, items: readonly unknown[]): ValidationResult<z.output<S>> {
  const valid: z.output<S>[] = [];
  const rejects: RecordReject[] = [];
  items.forEach((item, index) => {
    const result = schema.safeParse(item);
    if (result.success) valid.push(result.data);
    else rejects.push({ record: item, index, reason: describeIssues(result.error.issues, item) });
  });
  return { valid, rejects };
}

/**
 * `price: expected a number, got a string; rating: is missing`: field names and kinds of value,
 * never the value itself. A reason reaches logs and error lines, and a record can hold anything,
 * a user's password or an address included.
 */
export function describeIssues(issues: readonly z.core.$ZodIssue[], input: unknown): string {
  return [...new Set(issues.map((issue) => describeIssue(issue, input)))].join('; ');
}

function describeIssue(issue: z.core.$ZodIssue, input: unknown): string {
  const where = formatPath(issue.path);
  const { found, value } = valueAt(input, issue.path);
  if (!found || value === undefined) return `${where}: is missing`;
  return `${where}: ${issue.message}, got ${kindOf(value)}`;
}

function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return 'record';
  return path
    .map((key, i) => (typeof key === 'number' ? `[${key}]` : i === 0 ? String(key) : `.${String(key)}`))
    .join('');
}

function valueAt(input: unknown, path: readonly PropertyKey[]): { found: boolean; value: unknown } {
  let current: unknown = input;
  for (const key of path) {
    if (current === null || typeof current !== 'object' || !(key in current)) return { found: false, value: undefined };
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return { found: true, value: current };
}

/** `a string`, `a number`, `NaN`, `an array`... what a value is, not what it says. */
function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number') return Number.isFinite(value) ? 'a number' : String(value);
  if (typeof value === 'string') return value.trim() === '' ? 'an empty string' : 'a string';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}
