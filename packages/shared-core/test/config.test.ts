import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { makeTempDir, repoRoot, type TempDir } from '@fakestore/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PATH_VARIABLES, UsageError, configFields, defineConfigFields, findEnvFile, loadConfig, locateEnvFile, readEnvFile, withDotenv } from '../src/index.js';

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

describe('finding the .env: the nearest from the current directory upwards, else the repository\'s', () => {
  let temp: TempDir;
  let repo: string;
  let work: string;
  beforeEach(async () => {
    temp = await makeTempDir('shared-core-envfind-');
    repo = join(temp.path, 'repo');
    work = join(temp.path, 'work', 'a', 'b');
    await mkdir(repo, { recursive: true });
    await mkdir(work, { recursive: true });
    await writeFile(join(repo, '.env'), 'GCP_PROJECT_ID=repo-project\n');
  });
  afterEach(() => temp.remove());

  it('given no .env above the current directory, then the repository\'s .env is the one', () => {
    expect(findEnvFile({ cwd: work, repoDir: repo })).toBe(join(repo, '.env'));
  });

  it('given a .env in a parent folder, then it wins over the repository\'s', async () => {
    await writeFile(join(temp.path, 'work', '.env'), 'GCP_PROJECT_ID=parent-project\n');
    expect(findEnvFile({ cwd: work, repoDir: repo })).toBe(join(temp.path, 'work', '.env'));
  });

  it('given a .env in the current folder and one above, then the closer one wins', async () => {
    await writeFile(join(temp.path, 'work', '.env'), 'GCP_PROJECT_ID=parent-project\n');
    await writeFile(join(work, '.env'), 'GCP_PROJECT_ID=here-project\n');
    expect(findEnvFile({ cwd: work, repoDir: repo })).toBe(join(work, '.env'));
  });

  it('given no .env anywhere and no repository, then there is none', () => {
    expect(findEnvFile({ cwd: work, repoDir: false })).toBeUndefined();
  });

  it('looks up a bare name but takes a path as it is', async () => {
    await writeFile(join(temp.path, 'work', 'custom.env'), 'X=1\n');
    expect(locateEnvFile('custom.env', { cwd: work, repoDir: repo })).toBe(join(temp.path, 'work', 'custom.env'));
    expect(locateEnvFile('./.env', { cwd: work, repoDir: repo })).toBe('./.env');
    expect(locateEnvFile(join(work, 'missing.env'), { cwd: work, repoDir: repo })).toBe(join(work, 'missing.env'));
  });

  it('finds this checkout\'s root from the installed module when nothing is closer', () => {
    // The tests run from the repository, so the search from the filesystem root finds nothing
    // closer than the repository: the default repoDir must be the checkout (pnpm-workspace.yaml).
    const found = findEnvFile({ cwd: '/', name: 'pnpm-workspace.yaml' });
    expect(found).toBe(join(repoRoot, 'pnpm-workspace.yaml'));
  });

  it('given a .env found from a subfolder, then loadConfig reads it and names it in messages, flags > env > .env', async () => {
    await writeFile(join(temp.path, 'work', '.env'), 'GCP_PROJECT_ID=Bad_Project\nFAKESTORE_API_URL=http://dotenv.test\n');
    const previous = process.cwd();
    process.chdir(work);
    try {
      expect(() => loadConfig(fields, { env: {} })).toThrow(`(got "Bad_Project" from ${join(temp.path, 'work', '.env')})`);
      const config = loadConfig(fields, { env: { GCP_PROJECT_ID: 'env-project' }, flags: { 'data-dir': '/flag/dir' } });
      expect(config).toEqual({ apiUrl: 'http://dotenv.test', projectId: 'env-project', dataDir: '/flag/dir' });
    } finally {
      process.chdir(previous);
    }
  });
});

describe('paths in a .env are relative to its folder', () => {
  let temp: TempDir;
  beforeEach(async () => {
    temp = await makeTempDir('shared-core-envpaths-');
  });
  afterEach(() => temp.remove());

  it('given relative paths in a .env, then they are resolved against the .env\'s folder, absolute ones and other values kept', async () => {
    const envFile = join(temp.path, '.env');
    await writeFile(envFile, [
      'PIPELINE_DATA_DIR=./data',
      'PIPELINE_EVENTS_DIR=events',
      'PIPELINE_STATE_FILE=/srv/state.json',
      'GOOGLE_APPLICATION_CREDENTIALS=credentials/sa.json',
      'FAKESTORE_API_URL=./not-a-path',
      'PIPELINE_DATA_DIR_EXTRA=./untouched',
      '',
    ].join('\n'));
    expect(readEnvFile(envFile)).toEqual({
      PIPELINE_DATA_DIR: join(temp.path, 'data'),
      PIPELINE_EVENTS_DIR: join(temp.path, 'events'),
      PIPELINE_STATE_FILE: '/srv/state.json',
      GOOGLE_APPLICATION_CREDENTIALS: join(temp.path, 'credentials', 'sa.json'),
      FAKESTORE_API_URL: './not-a-path',
      PIPELINE_DATA_DIR_EXTRA: './untouched',
    });
  });

  it('given gs:// locations in a .env, then they are kept as they are (not paths relative to its folder)', async () => {
    const envFile = join(temp.path, '.env');
    await writeFile(envFile, 'PIPELINE_STATE_FILE=gs://lake/streamer/carts_state.json\nPIPELINE_EVENTS_DIR=gs://lake/streamer/events\n');
    expect(readEnvFile(envFile)).toEqual({ PIPELINE_STATE_FILE: 'gs://lake/streamer/carts_state.json', PIPELINE_EVENTS_DIR: 'gs://lake/streamer/events' });
  });

  it('names every path setting of the shared fields, and nothing else', () => {
    const pathFields = [configFields.dataDir, configFields.eventsDir, configFields.stateFile, configFields.credentialsFile];
    expect([...PATH_VARIABLES].sort()).toEqual(pathFields.map((field) => field.env).sort());
  });
});

describe('withDotenv: the environment a child process gets', () => {
  it('keeps what the environment sets and fills what it leaves unset or empty from .env', () => {
    expect(withDotenv({ A: 'env', B: '', C: undefined }, { A: 'file', B: 'file', C: 'file', D: 'file', E: '' })).toEqual({ A: 'env', B: 'file', C: 'file', D: 'file' });
  });
});
