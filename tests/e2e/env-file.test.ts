import { cp, mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type CliResult, type TempDir, makeTempDir, repoRoot, runCommand } from '@fakestore/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The one .env rule, through a real CLI: the nearest `.env` from the current directory upwards,
 * else the `.env` of the repository the tools are installed in; flags > env > .env.
 * batch-ingest reports a bad FAKESTORE_API_URL with its value and exits 2 before any network
 * call, so the value it complains about names the .env it read.
 */
describe('a CLI finds its .env from any working directory', () => {
  let temp: TempDir;
  /** A copy of the built tools laid out as a checkout, with its own .env at the root. */
  let install: string;
  let outside: string;
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of ['FAKESTORE_API_URL', 'PIPELINE_DATA_DIR', 'LOG_LEVEL']) delete env[name];

  const ingest = (cwd: string, args: string[] = [], extra: NodeJS.ProcessEnv = {}): Promise<CliResult> =>
    runCommand(process.execPath, [join(install, 'packages/batch-ingest/dist/cli.js'), '--local-only', ...args], { cwd, env: { ...env, ...extra } });

  beforeAll(async () => {
    temp = await makeTempDir('fakestore-envfile-');
    install = join(temp.path, 'checkout');
    outside = join(temp.path, 'elsewhere', 'deeper');
    await mkdir(outside, { recursive: true });
    // The built packages as real files (so shared-core finds *this* checkout from its own path);
    // the dependencies through the real node_modules (pnpm's relative links resolve via it).
    for (const pkg of ['shared-core', 'batch-ingest']) {
      for (const part of ['package.json', 'dist', 'node_modules', 'schemas']) {
        await cp(join(repoRoot, 'packages', pkg, part), join(install, 'packages', pkg, part), { recursive: true, verbatimSymlinks: true, force: false }).catch(
          (error: NodeJS.ErrnoException) => { if (error.code !== 'ENOENT') throw error; },
        );
      }
    }
    await symlink(join(repoRoot, 'node_modules'), join(install, 'node_modules'));
    await writeFile(join(install, 'pnpm-workspace.yaml'), "packages:\n  - 'packages/*'\n");
    await writeFile(join(install, '.env'), 'FAKESTORE_API_URL=not-a-url-from-the-checkout\n');
  });
  afterAll(() => temp?.remove());

  it('given no .env above the current directory, then the checkout\'s .env is read', async () => {
    const result = await ingest(outside);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toContain('not-a-url-from-the-checkout');
  });

  it('given a .env in a parent folder, then it wins over the checkout\'s', async () => {
    await writeFile(join(temp.path, 'elsewhere', '.env'), 'FAKESTORE_API_URL=not-a-url-from-the-parent\n');
    const result = await ingest(outside);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toContain('not-a-url-from-the-parent');
    expect(result.stderr).not.toContain('not-a-url-from-the-checkout');
  });

  it('given a .env in the current folder too, then the closest wins', async () => {
    await writeFile(join(outside, '.env'), 'FAKESTORE_API_URL=not-a-url-from-here\n');
    const result = await ingest(outside);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toContain('not-a-url-from-here');
    expect(result.stderr).not.toContain('not-a-url-from-the-parent');
  });

  it('keeps flags > environment > .env', async () => {
    const fromEnv = await ingest(outside, [], { FAKESTORE_API_URL: 'not-a-url-from-the-environment' });
    expect(fromEnv.code, fromEnv.stderr).toBe(2);
    expect(fromEnv.stderr).toContain('not-a-url-from-the-environment');
    expect(fromEnv.stderr).not.toContain('not-a-url-from-here');

    const fromFlag = await ingest(outside, ['--api-url', 'not-a-url-from-the-flag'], { FAKESTORE_API_URL: 'not-a-url-from-the-environment' });
    expect(fromFlag.code, fromFlag.stderr).toBe(2);
    expect(fromFlag.stderr).toContain('not-a-url-from-the-flag');
    expect(fromFlag.stderr).not.toContain('not-a-url-from-the-environment');
  });
});
