import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { type TempDir, makeTempDir, repoRoot, runCommand } from '@fakestore/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

describe('make demo (scripts/demo.sh), as a person reads it', () => {
  let dir: TempDir;
  let output: string;

  beforeAll(async () => {
    dir = await makeTempDir('fakestore-demo-');
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DEMO_DIR: join(dir.path, 'demo'),
      // dbt's artefacts stay in the temp dir, so the test never changes what `make docs` documents.
      DBT_TARGET_PATH: join(dir.path, 'dbt-target'),
      DBT_LOG_PATH: join(dir.path, 'dbt-logs'),
    };
    delete env.LOG_FORMAT;
    delete env.FAKESTORE_API_URL;
    const result = await runCommand(join(repoRoot, 'scripts', 'demo.sh'), [], { env, timeoutMs: 600_000 });
    output = `${result.stdout}${result.stderr}`;
    expect(result.code, output.slice(-4000)).toBe(0);
  }, 660_000);
  afterAll(async () => {
    await dir?.remove();
  });

  it('given the whole demo run into a pipe, then every line fits a 100-column terminal', () => {
    const wide = output.split('\n').map(stripVTControlCharacters).filter((line) => line.length > 100);
    expect(wide).toEqual([]);
  });

  it('given the whole demo run into a pipe, then the tools log short pretty lines, never JSON', () => {
    const json = output.split('\n').filter((line) => line.trimStart().startsWith('{'));
    expect(json).toEqual([]);
    expect(output).toMatch(/INFO \(cart-streamer\)/);
  });

  it('given the demo, then it ends with the gold report of the changed source', () => {
    expect(output).toMatch(/revenue by category/i);
    expect(output).toMatch(/A cart with items of several categories is\s+counted in each: \d+ here for \d+ distinct carts/);
  });
});
