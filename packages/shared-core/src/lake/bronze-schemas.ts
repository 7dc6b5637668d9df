import { readFileSync } from 'node:fs';
import { z } from 'zod';

/**
 * The bronze table definitions live as BigQuery JSON schema files in
 * packages/shared-core/schemas/bronze/, read both here (load jobs) and by Terraform
 * (infra/), so the two can never drift apart.
 */
export const BRONZE_TABLES = ['products_raw', 'users_raw', 'cart_events_raw'] as const;
export type BronzeTable = (typeof BRONZE_TABLES)[number];

const fieldSchema = z.object({
  name: z.string(),
  type: z.enum(['STRING', 'TIMESTAMP', 'JSON', 'INTEGER', 'BYTES']),
  mode: z.enum(['REQUIRED', 'NULLABLE', 'REPEATED']),
  description: z.string(),
});

const tableSchema = z.object({
  description: z.string(),
  timePartitioning: z.object({ type: z.literal('DAY'), field: z.string() }),
  clustering: z.array(z.string()),
  fields: z.array(fieldSchema).min(1),
});

export type BronzeTableDefinition = z.infer<typeof tableSchema>;

export function bronzeTableDefinition(table: BronzeTable): BronzeTableDefinition {
  const url = new URL(`../../schemas/bronze/${table}.json`, import.meta.url);
  return tableSchema.parse(JSON.parse(readFileSync(url, 'utf8')));
}

/** The bronze table a batch entity loads into. */
export function bronzeTableFor(entity: 'products' | 'users'): BronzeTable {
  return `${entity}_raw`;
}
