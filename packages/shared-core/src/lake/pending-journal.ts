import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../fs/atomic-write.js';
import { parsePartitionPrefix } from './paths.js';

/**
 * Partitions that landed in the local lake but are not yet in GCS and BigQuery
 * (GCP was unreachable). The journal is the to-do list of `push-pending`; an entry goes
 * only once both stages succeeded, and a stage done is never repeated.
 */
export const PUSH_STAGES = ['gcs', 'bigquery'] as const;
export type PushStage = (typeof PUSH_STAGES)[number];

const entrySchema = z
  .object({
    prefix: z.string(),
    entity: z.string(),
    date: z.string(),
    run_id: z.string(),
    queued_at: z.string(),
    stages_done: z.array(z.enum(PUSH_STAGES)),
    attempts: z.number().int().nonnegative(),
    last_error: z.string().optional(),
  })
  .superRefine((entry, ctx) => {
    // An entry names one lake partition; one that does not would make every later push of the journal fail.
    const key = parsePartitionPrefix(entry.prefix);
    if (!key || key.entity !== entry.entity || key.date !== entry.date || key.runId !== entry.run_id) {
      ctx.addIssue({ code: 'custom', path: ['prefix'], message: `"${entry.prefix}" is not the lake partition raw/${entry.entity}/date=${entry.date}/run_id=${entry.run_id}` });
    }
  });
const journalSchema = z.object({ journal_version: z.literal(1), entries: z.array(entrySchema) });

export type PendingPush = z.infer<typeof entrySchema>;
export type PendingJournal = z.infer<typeof journalSchema>;

export const emptyJournal = (): PendingJournal => ({ journal_version: 1, entries: [] });

export function journalPath(dataDir: string): string {
  return join(dataDir, '_pending', 'push-journal.json');
}

/** Adds (or refreshes the error of) a partition that still has stages to push. */
export function recordPending(journal: PendingJournal, entry: PendingPush): PendingJournal {
  const others = journal.entries.filter((existing) => existing.prefix !== entry.prefix);
  const previous = journal.entries.find((existing) => existing.prefix === entry.prefix);
  const merged: PendingPush = previous
    ? {
        ...previous,
        stages_done: [...new Set([...previous.stages_done, ...entry.stages_done])],
        attempts: previous.attempts + entry.attempts,
        last_error: entry.last_error,
      }
    : entry;
  const complete = PUSH_STAGES.every((stage) => merged.stages_done.includes(stage));
  return { ...journal, entries: complete ? others : [...others, merged].sort(byQueuedAt) };
}

/** Drops a partition whose every stage succeeded. */
export function resolvePending(journal: PendingJournal, prefix: string): PendingJournal {
  return { ...journal, entries: journal.entries.filter((entry) => entry.prefix !== prefix) };
}

function byQueuedAt(a: PendingPush, b: PendingPush): number {
  return a.queued_at.localeCompare(b.queued_at) || a.prefix.localeCompare(b.prefix);
}

/** Reads the journal; a missing file is an empty journal, a corrupt one an error (never reset silently). */
export async function readJournal(path: string): Promise<PendingJournal> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return emptyJournal();
    throw error;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`the pending-push journal ${path} is not valid JSON; fix or move it away (its partitions stay in the lake)`);
  }
  const parsed = journalSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
    throw new Error(`the pending-push journal ${path} is not in the expected shape: ${where}${issue?.message ?? 'unknown'}; fix or move it away (its partitions stay in the lake)`);
  }
  return parsed.data;
}

export async function writeJournal(path: string, journal: PendingJournal): Promise<void> {
  await writeFileAtomic(path, `${JSON.stringify(journal, null, 2)}\n`);
}
