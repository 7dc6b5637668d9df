import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '@fakestore/test-utils';
import { describe, expect, it } from 'vitest';
import { createCli } from '../src/cli-definition.js';

describe('the flags infra/ deploys the streamer with', () => {
  it('given infra/modules/cart-streamer, then every flag it passes is an option of cart-streamer (a renamed flag would crash-loop the service)', () => {
    const main = readFileSync(join(repoRoot, 'infra', 'modules', 'cart-streamer', 'main.tf'), 'utf8');
    const block = /flags = \[([\s\S]*?)\]/.exec(main)?.[1] ?? '';
    const passed = [...block.matchAll(/"(--[a-z-]+)"/g)].map((match) => match[1]);
    expect(passed).toEqual(expect.arrayContaining(['--http-port', '--max-consecutive-failures', '--poll-interval', '--state-file']));
    const options = new Set(createCli().options.map((option) => option.long));
    expect(passed.filter((flag) => !options.has(flag))).toEqual([]);
  });
});
