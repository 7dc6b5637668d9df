import { describe, expect, it } from 'vitest';
import { parsePartitionPrefix, partitionPrefix, quarantinePrefix, utcDate } from './paths.js';

const runId = '0b9f6c1e-8a43-4c1b-9d6e-2f1a3b4c5d6e';

describe('lake paths', () => {
  it('builds the contract layout raw/{entity}/date=/run_id=', () => {
    expect(partitionPrefix({ entity: 'products', date: '2026-11-26', runId })).toBe(
      `raw/products/date=2026-11-26/run_id=${runId}`,
    );
  });

  it('puts quarantined records beside the lake under raw/_quarantine', () => {
    expect(quarantinePrefix({ entity: 'users', date: '2026-11-26', runId })).toBe(
      `raw/_quarantine/users/date=2026-11-26/run_id=${runId}`,
    );
  });

  it('uses the UTC day, not the local one', () => {
    expect(utcDate(new Date('2026-11-26T23:59:59.999Z'))).toBe('2026-11-26');
    expect(utcDate(new Date('2026-11-27T00:00:00.000Z'))).toBe('2026-11-27');
  });

  it.each([
    [{ entity: '../etc', date: '2026-11-26', runId }, /invalid entity/],
    [{ entity: 'products', date: '2026-13-45', runId }, /invalid partition date/],
    [{ entity: 'products', date: '26-11-2026', runId }, /invalid partition date/],
    [{ entity: 'products', date: '2026-11-26', runId: 'not-a-uuid' }, /invalid run id/],
  ])('refuses a key that could escape or corrupt the layout: %o', (key, message) => {
    expect(() => partitionPrefix(key)).toThrow(message);
  });

  it('parses a prefix back into the key it was built from', () => {
    const key = { entity: 'users', date: '2026-01-02', runId };
    expect(parsePartitionPrefix(partitionPrefix(key))).toEqual(key);
    expect(parsePartitionPrefix('raw/users/2026-01-02')).toBeUndefined();
  });
});
