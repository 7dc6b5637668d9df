import { describe, expect, it } from 'vitest';
import { BRONZE_TABLES, bronzeTableDefinition } from './bronze-schemas.js';

describe('bronze table definitions', () => {
  it.each(BRONZE_TABLES)('%s is a valid, partitioned BigQuery schema', (table) => {
    const definition = bronzeTableDefinition(table);
    const names = definition.fields.map((field) => field.name);
    expect(names).toContain(definition.timePartitioning.field);
    for (const column of definition.clustering) expect(names).toContain(column);
  });

  it('batch tables match the lake record envelope, with the payload kept as raw JSON', () => {
    for (const table of ['products_raw', 'users_raw'] as const) {
      const fields = bronzeTableDefinition(table).fields.map(({ name, type }) => `${name}:${type}`);
      expect(fields).toEqual(['_run_id:STRING', '_ingested_at:TIMESTAMP', '_source:STRING', 'payload:JSON']);
    }
  });

  it('the cart events table has the columns a Pub/Sub BigQuery subscription writes with metadata', () => {
    const names = bronzeTableDefinition('cart_events_raw').fields.map((field) => field.name);
    expect(names).toEqual(['subscription_name', 'message_id', 'publish_time', 'attributes', 'data']);
  });
});
