import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type TempDir, makeTempDir, realDataSet, runCli } from '@fakestore/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useBodyServer } from './support/body-server.js';
import { allFiles, jsonLines, logLines, partitions } from './support/harness.js';

const server = useBodyServer();
const SECRET = 'Qz7-only-in-the-body-9xK';
const products = realDataSet('products');
const users = realDataSet('users');

describe('batch-ingest against responses the simulator cannot shape', () => {
  let dir: TempDir;
  beforeEach(async () => { dir = await makeTempDir('batch-ingest-responses-'); });
  afterEach(async () => { await dir.remove(); });

  const dataDir = () => join(dir.path, 'data');
  const run = (args: string[]) =>
    runCli('batch-ingest', ['--local-only', '--api-url', server.url(), '--data-dir', dataDir(), ...args], { cwd: dir.path, env: { PATH: process.env.PATH ?? '' } });
  /** stdout (the JSON log), stderr and every file the run left: where a secret must never be. */
  const everything = async (result: { stdout: string; stderr: string }) =>
    [result.stdout, result.stderr, ...(await allFiles(dir.path)).map((file) => `${file.path}\n${file.text}`)].join('\n');

  it('given product 3 twice with different prices, then the first is kept, the second quarantined as duplicate_id, counted and warned, exit 0', async () => {
    const third = products[2] as Record<string, unknown>;
    const repeat = { ...third, price: 0.5 };
    server.serve({ '/products': { chunks: [JSON.stringify([...products.slice(0, 3), repeat, ...products.slice(3)])] } });

    const result = await run(['--entities', 'products']);

    expect(result.code).toBe(0);
    const [partition] = await partitions(dataDir(), 'products');
    expect(partition!.manifest).toMatchObject({ row_count: 20, quarantined_count: 1 });
    const landed = jsonLines(partition!.data).map((row) => row.payload as { id: number; price: number });
    expect(landed.map((record) => record.id)).toEqual(products.map((record) => record.id));
    expect(landed[2]!.price).toBe(third.price);
    const rejects = jsonLines(await readFile(join(dataDir(), 'raw', '_quarantine', partition!.prefix.slice('raw/'.length), 'rejects.jsonl'), 'utf8'));
    expect(rejects).toEqual([expect.objectContaining({ _index: 3, _reason: 'duplicate_id', payload: repeat })]);
    expect(logLines(result.stdout).find((line) => line.msg === 'run summary')).toMatchObject({
      entities: [{ entity: 'products', status: 'ok', fetched: 21, valid: 20, quarantined: 1, duplicates: 1 }],
    });
    expect(result.stderr).toMatch(/^batch-ingest: products: 1 record repeated the id of an earlier record; the first record with each id was kept, the repeats quarantined with reason duplicate_id in \/\S+rejects\.jsonl\n$/);
  });

  it('given a body that turns into HTML right after a password, then the error names the URL and a position, and the password is nowhere: stdout, stderr, logs, lake', async () => {
    const withSecret = { ...users[2], password: SECRET };
    const body = `[${JSON.stringify(users[0])},${JSON.stringify(users[1])},${JSON.stringify(withSecret)},<html><body>502 Bad Gateway</body></html>`;
    server.serve({ '/users': { chunks: [body] } });

    const result = await run(['--entities', 'users']);

    expect(result.code).toBe(1);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(new RegExp(`^batch-ingest: users: GET ${server.url()}/users failed after 3 attempts: .*\\b(byte|position|character)\\b`));
    expect(await partitions(dataDir(), 'users')).toEqual([]);
    expect(await everything(result)).not.toContain(SECRET);
    expect(await everything(result)).not.toContain('Bad Gateway');
  });

  it('given a record that fails validation at its password, then the reason names the field, the record is quarantined without it, and the password is nowhere', async () => {
    server.serve({ '/users': { chunks: [JSON.stringify([{ ...users[0], password: [SECRET] }, ...users.slice(1)])] } });

    const result = await run(['--entities', 'users']);

    expect(result.code).toBe(0);
    const files = await allFiles(dataDir());
    const rejects = jsonLines(files.find((file) => file.path.endsWith('rejects.jsonl'))!.text);
    expect(rejects).toEqual([expect.objectContaining({ _index: 0, _reason: 'password: expected a string, got an array' })]);
    expect(rejects[0]!.payload).not.toHaveProperty('password');
    expect(await everything(result)).not.toContain(SECRET);
  });

  it.each([
    [500, 3],
    [400, 1],
  ])('given %d with the secret in the error body, then the error line has the status only, and the secret is nowhere', async (status, attempts) => {
    server.serve({ '/products': { status, chunks: [`{"status":"error","message":"${SECRET}"}`] } });

    const result = await run(['--entities', 'products']);

    expect(result.code).toBe(1);
    expect(server.requests('/products')).toBe(attempts);
    expect(result.stderr).toMatch(new RegExp(`^batch-ingest: products: GET ${server.url()}/products failed after ${attempts} attempts?: ${status} `));
    expect(await everything(result)).not.toContain(SECRET);
  });

  it('given a body that trickles for several times --http-timeout-ms but never stalls, then one attempt lands it all: the timeout is for silence, not for the download', async () => {
    const body = JSON.stringify(users);
    const pieces = Array.from({ length: 20 }, (_, index) => body.slice((index * body.length) / 20, ((index + 1) * body.length) / 20));
    server.serve({ '/users': { chunks: pieces, pauseMs: 100 } });
    const started = Date.now();

    const result = await run(['--entities', 'users', '--http-timeout-ms', '600']);

    expect(result.code).toBe(0);
    expect(Date.now() - started).toBeGreaterThan(1800);
    expect(server.requests('/users')).toBe(1);
    expect((await partitions(dataDir(), 'users'))[0]!.manifest).toMatchObject({ row_count: 10, fetch_attempts: 1 });
  });

  it('given a connection that stalls mid-body, then each attempt ends after --http-timeout-ms of silence, it is retried, and the line says where it stalled', async () => {
    server.serve({ '/users': { chunks: [JSON.stringify(users).slice(0, 500)], stall: true } });

    const result = await run(['--entities', 'users', '--http-timeout-ms', '400']);

    expect(result.code).toBe(1);
    expect(server.requests('/users')).toBe(3);
    expect(result.stderr).toMatch(new RegExp(`^batch-ingest: users: GET ${server.url()}/users failed after 3 attempts: timed out after 400 ms without data, at byte 500\n$`));
    expect(await everything(result)).not.toContain(String(users[0]!.password));
  });

  it('given --http-deadline-ms shorter than a slow download, then the whole call stops there, not retried', async () => {
    const body = JSON.stringify(users);
    server.serve({ '/users': { chunks: Array.from({ length: 40 }, (_, index) => body.slice((index * body.length) / 40, ((index + 1) * body.length) / 40)), pauseMs: 100 } });

    const result = await run(['--entities', 'users', '--http-timeout-ms', '600', '--http-deadline-ms', '1000']);

    expect(result.code).toBe(1);
    expect(server.requests('/users')).toBe(1);
    expect(result.stderr).toMatch(/^batch-ingest: users: GET \S+\/users failed after 1 attempt: .*1000 ms/);
    expect(await partitions(dataDir(), 'users')).toEqual([]);
  });

  it('given the first transfer cut after half the records, then the retry starts from a clean slate: one complete partition, nothing of the first attempt left', async () => {
    const body = JSON.stringify(products);
    server.serve({ '/products': [{ chunks: [body.slice(0, body.length / 2)], cut: true }, { chunks: [body] }] });

    const result = await run(['--entities', 'products']);

    expect(result.code).toBe(0);
    const [partition, ...others] = await partitions(dataDir(), 'products');
    expect(others).toEqual([]);
    expect(partition!.manifest).toMatchObject({ row_count: 20, quarantined_count: 0, fetch_attempts: 2 });
    expect(jsonLines(partition!.data).map((row) => (row.payload as { id: number }).id)).toEqual(products.map((record) => record.id));
    expect((await allFiles(dataDir())).map((file) => file.path.split('/').at(-1)).sort()).toEqual(['_manifest.json', 'data.jsonl']);
  });

  it('given every transfer cut short, then exit 1, and the data dir holds no partition, no temp file and no empty folder', async () => {
    const body = JSON.stringify(products);
    server.serve({ '/products': { chunks: [body.slice(0, body.length / 2)], cut: true } });

    const result = await run(['--entities', 'products']);

    expect(result.code).toBe(1);
    expect(server.requests('/products')).toBe(3);
    expect(await allFiles(dataDir()).catch(() => [])).toEqual([]);
    const { readdir } = await import('node:fs/promises');
    expect(await readdir(join(dataDir(), 'raw')).catch(() => [])).toEqual([]);
  });
});
