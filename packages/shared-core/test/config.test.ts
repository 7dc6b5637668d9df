import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { makeTempDir, type TempDir } from '@fakestore/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UsageError, configFields, defineConfigFields, loadConfig } from '../src/index.js';

const fields = defineConfigFields({
  apiUrl: configFields.apiUrl,
  projectId: configFields.projectId,
  dataDir: configFields.dataDir,
});

describe('loadConfig with a .env file', () => {
  let temp: TempDir;
  let dir: string;
  beforeEach(async () => {
    temp = await makeTempDir('shared-core-config-');
    dir = temp.path;
  });
  afterEach(() => temp.remove());

  it('reads the .env file but lets env and flags override it', async () => {
    const envFile = join(dir, '.env');
    await writeFile(envFile, 'FAKESTORE_API_URL=http://dotenv.test\nGCP_PROJECT_ID=dotenv-project\n# a comment\nPIPELINE_DATA_DIR="/tmp/lake dir"\n');
    const config = loadConfig(fields, { envFile, env: { GCP_PROJECT_ID: 'env-project' }, flags: { 'data-dir': '/flag/dir' } });
    expect(config).toEqual({ apiUrl: 'http://dotenv.test', projectId: 'env-project', dataDir: '/flag/dir' });
  });

  it('is fine without a .env file', () => {
    expect(loadConfig(fields, { envFile: join(dir, 'missing.env'), env: {} })).toEqual({
      apiUrl: 'https://fakestoreapi.com',
      projectId: undefined,
      dataDir: './data',
    });
  });

  it('never writes the .env values into process.env', async () => {
    const envFile = join(dir, '.env');
    const name = 'SHARED_CORE_TEST_ONLY_VARIABLE';
    await writeFile(envFile, `${name}=from-file\nFAKESTORE_API_URL=http://dotenv.test\n`);
    loadConfig(fields, { envFile });
    expect(process.env[name]).toBeUndefined();
  });

  it('names the .env file as the source of a bad value', async () => {
    const envFile = join(dir, 'custom.env');
    await writeFile(envFile, 'GCP_PROJECT_ID=Bad_Project\n');
    expect(() => loadConfig(fields, { envFile, env: {} })).toThrow(`(got "Bad_Project" from ${envFile})`);
  });

  it('turns an unreadable .env path into a usage error', async () => {
    const envFile = join(dir, 'a-directory');
    await mkdir(envFile);
    expect(() => loadConfig(fields, { envFile, env: {} })).toThrow(UsageError);
  });

  it('can skip the .env file entirely', () => {
    expect(loadConfig(fields, { envFile: false, env: { GCP_PROJECT_ID: 'env-project' } }).projectId).toBe('env-project');
  });
});
