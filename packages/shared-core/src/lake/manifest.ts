import { createHash } from 'node:crypto';
import { z } from 'zod';

/**
 * `_manifest.json` is written last: a partition without a complete manifest is not a
 * finished run, and the manifest's checksum lets any reader (or GCS upload) verify data.jsonl.
 */
export const manifestSchema = z.object({
  manifest_version: z.literal(1),
  status: z.literal('complete'),
  entity: z.string(),
  date: z.string(),
  run_id: z.string().uuid(),
  source_url: z.string().url(),
  data_file: z.string(),
  row_count: z.number().int().nonnegative(),
  quarantined_count: z.number().int().nonnegative(),
  bytes: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  started_at: z.string().datetime(),
  finished_at: z.string().datetime(),
  timings_ms: z.object({
    fetch: z.number().nonnegative(),
    validate: z.number().nonnegative(),
    write: z.number().nonnegative(),
    total: z.number().nonnegative(),
  }),
  fetch_attempts: z.number().int().positive(),
  tool: z.object({ name: z.string(), version: z.string() }),
});

export type Manifest = z.infer<typeof manifestSchema>;

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Parses a manifest read from disk or GCS; `undefined` when it is incomplete or corrupt. */
export function parseManifest(text: string): Manifest | undefined {
  try {
    const parsed = manifestSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
