import { makeTempDir } from '@fakestore/test-utils';
import { describe, expect, it } from 'vitest';
import { markQueued } from '../core/journal.js';
import { createJournalStore } from './journal-store.js';

const key = { entity: 'users', date: '2026-11-26', runId: '0b9f6c1e-8a43-4c1b-9d6e-2f1a3b4c5d6e' };
const other = { ...key, entity: 'products' };
const at = new Date('2026-11-26T12:00:00.000Z');

describe('createJournalStore', () => {
  it('given concurrent updates, then none is lost', async () => {
    const dir = await makeTempDir();
    try {
      const store = createJournalStore(`${dir.path}/_pending/push-journal.json`);
      await Promise.all([store.update((j) => markQueued(j, key, at)), store.update((j) => markQueued(j, other, at))]);
      expect((await store.read()).entries.map((entry) => entry.entity).sort()).toEqual(['products', 'users']);
    } finally {
      await dir.remove();
    }
  });

  it('given a failing change, then later updates still run', async () => {
    const dir = await makeTempDir();
    try {
      const store = createJournalStore(`${dir.path}/journal.json`);
      await expect(store.update(() => { throw new Error('boom'); })).rejects.toThrow('boom');
      await store.update((j) => markQueued(j, key, at));
      expect((await store.read()).entries).toHaveLength(1);
    } finally {
      await dir.remove();
    }
  });
});
