import { manifestSchema, productSchema, sha256Hex, toEnvelope, userSchema } from '@fakestore/shared-core';
import { realDataSet } from '@fakestore/test-utils';
import { describe, expect, it } from 'vitest';
import { DUPLICATE_ID, buildManifest, sortRecords } from './partition.js';

const users = realDataSet('users');
const products = realDataSet('products');
const meta = { runId: '0b9f6c1e-8a43-4c1b-9d6e-2f1a3b4c5d6e', ingestedAt: '2026-11-26T12:00:00.000Z', source: 'http://127.0.0.1:1/users' };
const lines = (text: string) => text.trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);

describe('sorting the records of a response', () => {
  it('given the real users, then every one is a record envelope and no password is written', () => {
    const sorted = sortRecords(users, userSchema, meta);

    expect(sorted).toMatchObject({ fetched: 10, valid: 10, quarantined: 0, duplicates: 0, rejects: '' });
    const rows = lines(sorted.data);
    expect(rows[0]).toEqual({ _run_id: meta.runId, _ingested_at: meta.ingestedAt, _source: meta.source, payload: expect.any(Object) as unknown });
    for (const user of users) expect(sorted.data).not.toContain(JSON.stringify(user.password).slice(1, -1));
    expect(rows.map((row) => row.payload)).toEqual(users.map(({ password: _password, ...rest }) => rest));
    expect(sorted.data).toBe(users.map((user) => `${JSON.stringify(toEnvelope(user, meta))}\n`).join(''));
  });

  it('keeps each record as the API sent it: same key order, quirks untouched', () => {
    const sorted = sortRecords(products, productSchema, meta);
    expect(sorted.data.split('\n')[0]).toContain(`"payload":${JSON.stringify(products[0])}`);
  });

  it('given an invalid record, then it goes to the rejects with the reason, its position and no password, and the others load', () => {
    const bad = { ...users[0], id: 'x1', email: 42 };
    const sorted = sortRecords([bad, ...users.slice(1)], userSchema, meta);

    expect(sorted).toMatchObject({ fetched: 10, valid: 9, quarantined: 1, duplicates: 0 });
    const [reject] = lines(sorted.rejects);
    expect(reject).toMatchObject({ _run_id: meta.runId, _index: 0, _reason: 'id: expected a positive whole number, got a string; email: expected a string, got a number' });
    expect(reject!.payload).not.toHaveProperty('password');
    expect(sorted.rejects).not.toContain(String(users[0]!.password));
  });

  it('given product 3 twice with different prices, then the first is kept and the second quarantined as duplicate_id', () => {
    const [first, second, third] = products as [Record<string, unknown>, Record<string, unknown>, Record<string, unknown>];
    const again = { ...third, price: 1.5 };
    const sorted = sortRecords([first, second, third, again], productSchema, meta);

    expect(sorted).toMatchObject({ fetched: 4, valid: 3, quarantined: 1, duplicates: 1 });
    expect(lines(sorted.data).map((row) => row.payload)).toEqual([first, second, third]);
    expect(lines(sorted.rejects)).toEqual([{ _run_id: meta.runId, _ingested_at: meta.ingestedAt, _source: meta.source, _index: 3, _reason: DUPLICATE_ID, payload: again }]);
  });

  it('given an invalid copy before a valid one, then the invalid one claims no id and the valid one lands', () => {
    const broken = { ...products[0], price: 'free' };
    const sorted = sortRecords([broken, products[0], products[0]], productSchema, meta);

    expect(sorted).toMatchObject({ valid: 1, quarantined: 2, duplicates: 1 });
    expect(lines(sorted.rejects).map((row) => [row._index, row._reason])).toEqual([[0, 'price: expected a number, got a string'], [2, DUPLICATE_ID]]);
  });

  it('given a duplicate user, then its quarantined copy carries no password either', () => {
    const sorted = sortRecords([users[0], users[0]], userSchema, meta);
    expect(sorted.duplicates).toBe(1);
    expect(sorted.rejects).not.toContain(String(users[0]!.password));
  });
});

describe('buildManifest', () => {
  it('gives a valid manifest with counts, checksum, timings, attempts, source and tool', () => {
    const data = sortRecords(products, productSchema, meta).data;
    const stats = { rows: 20, quarantined: 0, bytes: Buffer.byteLength(data), sha256: sha256Hex(data) };
    const manifest = buildManifest({
      key: { entity: 'products', date: '2026-11-26', runId: meta.runId },
      sourceUrl: 'http://127.0.0.1:1/products',
      stats,
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
      sha256: stats.sha256,
      bytes: stats.bytes,
      fetch_attempts: 3,
      source_url: 'http://127.0.0.1:1/products',
      timings_ms: { fetch: 1000, validate: 50, write: 200, total: 1250 },
      tool: { name: 'batch-ingest', version: '1.2.3' },
    });
  });
});
