import { readFile, rm } from 'node:fs/promises';
import { UsageError, describeIssues } from '@fakestore/shared-core';
import type { z } from 'zod';

/** The text of a file, or `null` when it does not exist; any other read error is a usage error (exit 2). */
export async function readOptionalText(path: string, what: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return null;
    throw new UsageError(`cannot read the ${what} ${path} (${code ?? String(error)})`, { cause: error });
  }
}

/** Parses JSON text against a schema; with a readable reason when it does not fit. */
export function parseJson<S extends z.ZodType>(text: string, schema: S): { ok: true; value: z.output<S> } | { ok: false; reason: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return { ok: false, reason: `not JSON (${error instanceof Error ? error.message : String(error)})` };
  }
  const parsed = schema.safeParse(raw);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, reason: describeIssues(parsed.error.issues, raw) };
}

export async function removeIfExists(path: string): Promise<void> {
  await rm(path, { force: true });
}
