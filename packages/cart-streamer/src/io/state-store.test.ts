import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { makeTempDir, type TempDir } from '@fakestore/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { emptyState } from '../core/state.js';
import { readState, writeState } from './state-store.js';

let temp: TempDir;
beforeEach(async () => { temp = await makeTempDir('state-'); });
afterEach(() => temp.remove());

describe('the state file', () => {
  it('is null before the first commit and reads back what was committed', async () => {
    const path = join(temp.path, 'state', 'carts_state.json');
    expect(await readState(path)).toBeNull();
    const state = { ...emptyState(), committed_at: '2026-11-26T12:00:00.000Z', carts: { '1': { version: 2, hash: null, snapshot: null } } };
    await writeState(path, state);
    expect(await readState(path)).toEqual(state);
  });

  it.each([
    ['not JSON', '{', /not JSON/],
    ['the wrong shape', '{"state_version":1,"committed_at":null,"carts":{"x":{}}}', /carts/],
    ['a future version', '{"state_version":2,"committed_at":null,"carts":{}}', /state_version/],
  ])('given %s, stops with a usage error that names the file and --reset-state', async (_, text, reason) => {
    const path = join(temp.path, 'carts_state.json');
    await writeFile(path, text);
    await expect(readState(path)).rejects.toMatchObject({ name: 'UsageError', message: expect.stringMatching(reason) as unknown });
    await expect(readState(path)).rejects.toThrow(/carts_state\.json is not valid[\s\S]*--reset-state/);
  });

  it('given a folder where the file should be, stops with a usage error', async () => {
    const path = join(temp.path, 'carts_state.json');
    await mkdir(path);
    await expect(readState(path)).rejects.toMatchObject({ name: 'UsageError', message: expect.stringMatching(/EISDIR/) as unknown });
  });
});
