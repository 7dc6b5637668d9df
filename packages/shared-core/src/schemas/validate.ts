import type { z } from 'zod';
import { isSecretKey, redactSecrets } from '../redact.js';

export interface RecordReject {
  /** The record as received (secrets included: redact before writing it anywhere). */
  record: unknown;
  /** Position in the input list. */
  index: number;
  /** e.g. `price: expected a number, got "free"`; several problems are joined with `; `. */
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

/** `price: expected a number, got "free"; rating: is missing`. */
export function describeIssues(issues: readonly z.core.$ZodIssue[], input: unknown): string {
  return [...new Set(issues.map((issue) => describeIssue(issue, input)))].join('; ');
}

function describeIssue(issue: z.core.$ZodIssue, input: unknown): string {
  const where = formatPath(issue.path);
  const { found, value } = valueAt(input, issue.path);
  if (!found || value === undefined) return `${where}: is missing`;
  const last = issue.path.at(-1);
  const shown = typeof last === 'string' && isSecretKey(last) ? 'a hidden value' : preview(value);
  return `${where}: ${issue.message}, got ${shown}`;
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

function preview(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'bigint') return String(value); // NaN and Infinity, not null
  const text = JSON.stringify(redactSecrets(value)) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
