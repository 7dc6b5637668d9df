import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { sha256Hex } from '@fakestore/shared-core';
import { cliEntry, realDataSet, runCli, runCommand } from '@fakestore/test-utils';
import { describe, expect, it } from 'vitest';
import { allFiles, jsonLines, logLines, partitions, useHarness } from './support/harness.js';

const harness = useHarness();
const passwords = realDataSet('users').map((user) => String(user.password));
const forbidGoogleSdk = pathToFileURL(join(import.meta.dirname, 'fixtures', 'forbid-google-sdk.js')).href;

describe('batch-ingest, local mode, against the Fake Store replica', () => {
  it('given the real data set, then 20 products and 10 users land with manifests that match, and no password anywhere', async () => {
    const result = await harness.run(['--local-only']);

    expect(result.code).toBe(0);
    for (const [entity, count] of [['products', 20], ['users', 10]] as const) {
      const [partition, ...others] = await partitions(harness.dataDir(), entity);
      expect(others).toEqual([]);
      const manifest = partition!.manifest!;
      expect(manifest).toMatchObject({ entity, row_count: count, quarantined_count: 0, fetch_attempts: 1, status: 'complete' });
      expect(manifest.sha256).toBe(sha256Hex(partition!.data));
      expect(manifest.bytes).toBe(Buffer.byteLength(partition!.data));
      expect(manifest.source_url).toBe(`${harness.sim().url}/${entity}`);
      expect(manifest.tool.name).toBe('batch-ingest');
      expect(jsonLines(partition!.data).map((row) => (row.payload as { id: number }).id)).toEqual(realDataSet(entity).map((record) => record.id));
    }
    const everything = [...(await allFiles(harness.dir())).map((file) => file.text), result.stdout, result.stderr].join('\n');
    for (const password of passwords) expect(everything).not.toContain(password);
  });

  it('ends with one JSON "run summary" line with the counts of each entity', async () => {
    const result = await harness.run([]);

    const summary = logLines(result.stdout).find((line) => line.msg === 'run summary');
    expect(summary).toMatchObject({
      mode: 'local',
      exit_code: 0,
      entities: [
        { entity: 'products', status: 'ok', fetched: 20, valid: 20, quarantined: 0 },
        { entity: 'users', status: 'ok', fetched: 10, valid: 10, quarantined: 0 },
      ],
    });
  });

  it('given --log-format pretty through a pipe, then short log lines and the summary table instead of JSON', async () => {
    const result = await harness.run(['--local-only', '--log-format', 'pretty']);

    expect(result.code).toBe(0);
    expect(logLines(result.stdout)).toEqual([]);
    expect(result.stdout).toMatch(/^\[\d\d:\d\d:\d\d\] INFO \(batch-ingest\): products: 20 records landed in the lake/m);
    expect(result.stdout).toMatch(/^ENTITY +STATUS +FETCHED +VALID +QUARANTINED/m);
    expect(result.stdout).toMatch(/^products +ok +20 +20 +0 /m);
    for (const line of result.stdout.split('\n').filter((text) => text.startsWith('['))) expect(line.length).toBeLessThanOrEqual(100);
    expect(result.stdout).not.toContain('\u001b');
  });

  it('given a reader that leaves after the first line (| head -1), then the run still completes: exit 0, no EPIPE stack trace', async () => {
    const command = [process.execPath, cliEntry('batch-ingest'), '--local-only', '--log-format', 'pretty', '--api-url', harness.sim().url, '--data-dir', harness.dataDir()];
    const script = `${command.map((word) => `'${word}'`).join(' ')} | head -1 > /dev/null; exit "\${PIPESTATUS[0]}"`;

    const result = await runCommand('bash', ['-c', script], { cwd: harness.dir(), env: { PATH: process.env.PATH ?? '' } });

    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(await partitions(harness.dataDir(), 'users')).toHaveLength(1);
  });

  it('given two runs on the same day, then two partitions per entity', async () => {
    expect((await harness.run(['--local-only'])).code).toBe(0);
    expect((await harness.run(['--local-only'])).code).toBe(0);

    for (const entity of ['products', 'users']) {
      const found = await partitions(harness.dataDir(), entity);
      expect(found).toHaveLength(2);
      expect(new Set(found.map((p) => p.manifest?.run_id)).size).toBe(2);
    }
  });

  it('given two 500s on /products, then the third attempt succeeds', async () => {
    await harness.fault({ count: 2, path: '/products', status: 500 });

    const result = await harness.run(['--local-only', '--entities', 'products']);

    expect(result.code).toBe(0);
    const gets = (await harness.requests()).filter((request) => request.path === '/products');
    expect(gets).toHaveLength(3);
    expect((await partitions(harness.dataDir(), 'products'))[0]!.manifest).toMatchObject({ row_count: 20, fetch_attempts: 3 });
  });

  it('given three 500s on /users, then exit 1 with one clear line, and products still land', async () => {
    await harness.fault({ count: 3, path: '/users', status: 500 });

    const result = await harness.run(['--local-only']);

    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`batch-ingest: users: GET ${harness.sim().url}/users failed after 3 attempts: 500 Internal Server Error\n`);
    expect(await partitions(harness.dataDir(), 'users')).toEqual([]);
    expect((await partitions(harness.dataDir(), 'products'))[0]!.manifest?.row_count).toBe(20);
  });

  it.each([
    ['an HTML page with 200', '/products', 'html', /^batch-ingest: products: GET http:\/\/127\.0\.0\.1:\d+\/products failed after 3 attempts: response is not JSON: got an HTML page \(content-type text\/html\)$/m],
    ['truncated JSON', '/users', 'truncated-json', /^batch-ingest: users: GET http:\/\/127\.0\.0\.1:\d+\/users failed after 3 attempts: bad response body: the body ends at byte \d+, inside element \d+ \(which starts at byte \d+\)$/m],
  ] as const)('given %s on %s, then that entity fails with a clear line, the other lands, exit 1', async (_case, path, body, line) => {
    await harness.fault({ count: 3, path, body });

    const result = await harness.run(['--local-only']);

    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(line);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    const other = path === '/products' ? 'users' : 'products';
    expect(await partitions(harness.dataDir(), path.slice(1))).toEqual([]);
    expect(await partitions(harness.dataDir(), other)).toHaveLength(1);
  });

  it('given a product with a wrong type, then it is quarantined with the reason and the other 19 load, exit 0', async () => {
    await harness.fault({ count: 1, path: '/products', body: 'wrong-types' });

    const result = await harness.run(['--local-only', '--entities', 'products']);

    expect(result.code).toBe(0);
    const [partition] = await partitions(harness.dataDir(), 'products');
    expect(partition!.manifest).toMatchObject({ row_count: 19, quarantined_count: 1 });
    const quarantine = join(harness.dataDir(), 'raw', '_quarantine', partition!.prefix.slice('raw/'.length), 'rejects.jsonl');
    const [reject, ...more] = jsonLines(await readFile(quarantine, 'utf8'));
    expect(more).toEqual([]);
    expect(reject).toMatchObject({ _index: 0, _reason: 'price: expected a number, got a string', payload: { id: 1, price: 'free' } });
  });

  it('given a user with wrong types, then the quarantined record carries no password either', async () => {
    await harness.fault({ count: 1, path: '/users', body: 'wrong-types' });

    const result = await harness.run(['--local-only', '--entities', 'users']);

    expect(result.code).toBe(0);
    const files = await allFiles(harness.dataDir());
    const rejects = files.find((file) => file.path.endsWith('rejects.jsonl'))!;
    expect(jsonLines(rejects.text)[0]).toMatchObject({ _reason: expect.stringMatching(/^id: .*email: /) as unknown });
    for (const password of passwords) expect(files.map((file) => file.text).join('\n')).not.toContain(password);
  });

  it('given an API URL with a user and password, then they are sent but written nowhere: lake, manifests, logs', async () => {
    const apiUrl = harness.sim().url.replace('http://', 'http://alice:s3cret-pw@');
    await harness.fault({ count: 1, path: '/users', status: 503 });

    const result = await runCli('batch-ingest', ['--local-only', '--api-url', apiUrl, '--data-dir', harness.dataDir()], {
      cwd: harness.dir(),
      env: { PATH: process.env.PATH ?? '' },
    });

    expect(result.code).toBe(0);
    expect((await partitions(harness.dataDir(), 'users'))[0]!.manifest).toMatchObject({ source_url: `${harness.sim().url}/users`, fetch_attempts: 2 });
    const everything = [...(await allFiles(harness.dir())).map((file) => file.text), result.stdout, result.stderr].join('\n');
    expect(everything).toContain(`"_source":"${harness.sim().url}/products"`);
    expect(everything).not.toMatch(/s3cret-pw|alice/);
  });

  it('given bad flags, then exit 2 naming every bad field, and nothing is fetched', async () => {
    const result = await harness.run(['--entities', 'products,carts', '--http-timeout-ms', 'soon', '--project-id', 'My_Project', '--bucket-name', 'gs://lake']);

    expect(result.code).toBe(2);
    for (const name of ['--entities', '--http-timeout-ms / HTTP_TIMEOUT_MS', '--project-id / GCP_PROJECT_ID', '--bucket-name / GCS_BUCKET_NAME']) {
      expect(result.stderr).toContain(`  ${name}: `);
    }
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(await harness.requests()).toEqual([]);
  });

  it('given --local-only with bogus GCP settings and a missing key file, then it succeeds without loading any Google SDK', async () => {
    const env = {
      GCP_PROJECT_ID: 'not-a-real-project',
      GCS_BUCKET_NAME: 'no-such-bucket',
      GOOGLE_APPLICATION_CREDENTIALS: join(harness.dir(), 'missing-key.json'),
      NODE_OPTIONS: `--import=${forbidGoogleSdk}`,
    };

    const result = await harness.run(['--local-only'], env);

    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(await partitions(harness.dataDir(), 'users')).toHaveLength(1);
  });

  it.each([
    ['a run', [] as string[]],
    ['push-pending', ['push-pending']],
  ])('given gcp mode and a malformed key file, then %s exits 2 with a line naming the file and the problem, before fetching anything', async (_case, command) => {
    const keyFile = join(harness.dir(), 'broken-key.json');
    await writeFile(keyFile, '{"type":"service_account","private_key":"-----BEGIN PRIVATE KEY-----\nMIIEv');
    const env = { GCP_PROJECT_ID: 'my-project', GCS_BUCKET_NAME: 'my-lake', GOOGLE_APPLICATION_CREDENTIALS: keyFile };

    const result = command.length > 0 ? await harness.pushPending([], env) : await harness.run([], env);

    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /^batch-ingest: the key file \S+broken-key\.json \(--credentials \/ GOOGLE_APPLICATION_CREDENTIALS\): is not valid JSON \(error at character \d+\); point it at a service-account JSON key [^\n]*\n$/,
    );
    expect(result.stderr).not.toMatch(/BEGIN PRIVATE KEY|MIIEv|\n\s+at /);
    expect(await harness.requests()).toEqual([]);
    expect(existsSync(harness.dataDir())).toBe(false);
  });

  it('(control) given gcp mode under the same guard, then the SDK load is caught, so the check above means something', async () => {
    // Emulator endpoints: no credentials to check first, so gcp mode goes straight to the SDKs.
    const env = {
      GCP_PROJECT_ID: 'not-a-real-project',
      GCS_BUCKET_NAME: 'no-such-bucket',
      STORAGE_EMULATOR_HOST: '127.0.0.1:9',
      BIGQUERY_EMULATOR_HOST: '127.0.0.1:9',
      NODE_OPTIONS: `--import=${forbidGoogleSdk}`,
    };

    const result = await harness.run(['--entities', 'users'], env);

    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/a local run loaded @google-cloud\//);
  });

  it('prints --help with the modes and examples', async () => {
    const result = await harness.run(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Mode: gcp when a project id or a bucket is configured/);
    expect(result.stdout).toMatch(/Examples:[\s\S]*batch-ingest --local-only/);
    expect(result.stdout).toMatch(/batch-ingest push-pending/);
  });

  it('prints push-pending --help with its own examples', async () => {
    const result = await harness.pushPending(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/--bucket-name/);
    expect(result.stdout).toMatch(/Examples:\n {2}batch-ingest push-pending --project-id my-project/);
  });
});
