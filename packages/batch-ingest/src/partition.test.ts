import { manifestSchema, productSchema, sha256Hex, userSchema } from '@fakestore/shared-core';
import { realDataSet } from '@fakestore/test-utils';
import { describe, expect, it } from 'vitest';
import { buildManifest, buildPartition } from './partition.js';

const users = realDataSet('users');
const products = realDataSet('products');
const meta = { runId: '0b9f6c1e-8a43-4c1b-9d6e-2f1a3b4c5d6e', ingestedAt: '2026-11-26T12:00:00.000Z', source: 'http://127.0.0.1:1/users' };
const lines = (text: string) => text.trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);

describe('buildPartition', () => {
  it('given the real users, then every one is a record envelope and no password is written', () => {
    const content = buildPartition(users, userSchema, meta);

    expect(content.rowCount).toBe(10);
    expect(content.quarantinedCount).toBe(0);
    expect(content.rejects).toBe('');
    const rows = lines(content.data);
    expect(rows[0]).toEqual({ _run_id: meta.runId, _ingested_at: meta.ingestedAt, _source: meta.source, payload: expect.any(Object) as unknown });
    for (const user of users) expect(content.data).not.toContain(JSON.stringify(user.password).slice(1, -1));
    expect(rows.map((row) => row.payload)).toEqual(users.map(({ password: _password, ...rest }) => rest));
  });

  it('keeps each record as the API sent it: same key order, quirks untouched', () => {
    const content = buildPartition(products, productSchema, meta);
    expect(content.data.split('\n')[0]).toContain(`"payload":${JSON.stringify(products[0])}`);
  });

  it('given an invalid record, then it goes to the rejects with the reason and the others load', () => {
    const bad = { ...users[0], id: 'x1', email: 42 };
    const content = buildPartition([bad, ...users.slice(1)], userSchema, meta);

    expect(content.rowCount).toBe(9);
    expect(content.quarantinedCount).toBe(1);
    const [reject] = lines(content.rejects);
    expect(reject).toMatchObject({ _run_id: meta.runId, _index: 0, _reason: expect.stringMatching(/^id: .*; email: /) as unknown });
    expect(reject!.payload).not.toHaveProperty('password');
    expect(content.rejects).not.toContain(String(users[0]!.password));
  });

  it('reports size and sha256 of exactly the data written', () => {
    const content = buildPartition(products, productSchema, meta);
    expect(content.bytes).toBe(Buffer.byteLength(content.data));
    expect(content.sha256).toBe(sha256Hex(content.data));
  });
});

describe('buildManifest', () => {
  it('gives a valid manifest with counts, checksum, timings, attempts, source and tool', () => {
    const content = buildPartition(products, productSchema, meta);
    const manifest = buildManifest({
      key: { entity: 'products', date: '2026-11-26', runId: meta.runId },
      sourceUrl: 'http://127.0.0.1:1/products',
      content,
      startedAt: new Date('2026-11-26T12:00:00.000Z'),
      finishedAt: new Date('2026-11-26T12:00:01.250Z'),
      timings: { fetch: 1000, validate: 50, write: 200 },
      fetchAttempts: 3,
      tool: { name: 'batch-ingest', version: '1.2.3' },
    });

    expect(manifestSchema.parse(manifest)).toEqual(manifest);
    expect(manifest).toMatchObject({
      row_count: 20,
      quarantined_count: 0,
      sha256: content.sha256,
      bytes: content.bytes,
      fetch_attempts: 3,
      source_url: 'http://127.0.0.1:1/products',
      timings_ms: { fetch: 1000, validate: 50, write: 200, total: 1250 },
      tool: { name: 'batch-ingest', version: '1.2.3' },
    });
  });
});
