import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { eventFiles, listFiles, readJsonLines, readStateFile, summaries, typeCartVersion, useStreamer } from './support/streamer.js';

const h = useStreamer();
const once = ['--once'];

describe('cart-streamer --once in local mode', () => {
  it('given no state, announces every cart as created in one event-log file of contract rows', async () => {
    const result = await h.run(once);
    expect(result.code).toBe(0);
    const files = await eventFiles(h.ws().eventsDir);
    expect(files).toHaveLength(1);
    expect(files[0]!.file).toMatch(/^date=\d{4}-\d{2}-\d{2}\/\d{8}T\d{9}Z-[0-9a-f-]{36}\.jsonl$/);
    const rows = files[0]!.rows;
    expect(rows.map(typeCartVersion)).toEqual([1, 2, 3, 4, 5, 6, 7].map((id) => ['cart_created', id, 1]));
    for (const row of rows) {
      expect(Object.keys(row)).toEqual(['subscription_name', 'message_id', 'publish_time', 'attributes', 'data']);
      expect(row.message_id).toMatch(/^\d+$/);
      expect(Number.isNaN(Date.parse(row.publish_time))).toBe(false);
      expect(Object.keys(row.attributes).sort()).toEqual(['ce-id', 'ce-source', 'ce-specversion', 'ce-subject', 'ce-time', 'ce-type', 'content-type']);
      expect(row.attributes).toMatchObject({ 'ce-specversion': '1.0', 'ce-source': '/fakestore/carts', 'content-type': 'application/json' });
      const data = JSON.parse(row.data) as Record<string, unknown>;
      expect(Object.keys(data)).toEqual(['cart_id', 'user_id', 'version', 'before', 'after', 'detected_at']);
      expect(data.before).toBeNull();
      expect(row.attributes['ce-subject']).toBe(`cart/${String(data.cart_id)}`);
      expect(row.attributes['ce-time']).toBe(data.detected_at);
    }
    expect(new Set(rows.map((r) => r.attributes['ce-id'])).size).toBe(7);
    expect(summaries(result.stdout)).toEqual([expect.objectContaining({ fetched: 7, created: 7, published: 7, dead_lettered: 0 })]);
    const state = await readStateFile(h.ws().stateFile);
    expect(Object.values(state.carts).map((c) => [c.id, c.version])).toEqual([1, 2, 3, 4, 5, 6, 7].map((id) => [id, 1]));
  });

  it('given a committed state, emits exactly the created, modified and deleted carts with their versions', async () => {
    await h.run(once);
    await h.admin('PUT', '/__admin/carts/8', { userId: 2, date: '2021-06-15', products: [{ productId: 3, quantity: 2 }] });
    await h.admin('PUT', '/__admin/carts/2', { userId: 1, date: '2020-01-02', products: [{ productId: 1, quantity: 9 }] });
    await h.admin('DELETE', '/__admin/carts/3');
    const result = await h.run(once);
    expect(result.code).toBe(0);
    const files = await eventFiles(h.ws().eventsDir);
    expect(files).toHaveLength(2);
    const rows = files[1]!.rows;
    // One event per cart, in cart id order.
    expect(rows.map(typeCartVersion)).toEqual([['cart_modified', 2, 2], ['cart_deleted', 3, 2], ['cart_created', 8, 1]]);
    const deleted = JSON.parse(rows[1]!.data) as { before: { id: number }; after: null };
    expect(deleted.before.id).toBe(3);
    expect(deleted.after).toBeNull();
    expect(summaries(result.stdout)[0]).toMatchObject({ created: 1, modified: 1, deleted: 1, published: 3 });
  });

  it('given LOG_FORMAT=pretty through a pipe, then one short line per event: no JSON, none wider than 100 columns, no colour', async () => {
    const result = await h.run(once, { LOG_FORMAT: 'pretty' });
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines).toEqual([
      expect.stringMatching(/^\[\d\d:\d\d:\d\d\] INFO \(cart-streamer\): local mode -> local event log \/\S+\/events, one cycle/),
      expect.stringMatching(/^\[\d\d:\d\d:\d\d\] INFO \(cart-streamer\): 7 carts: 7 created, 7 published \(\d+ ms\)/),
    ]);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(100);
    expect(result.stdout).not.toContain('\u001b');
  });

  it('given nothing changed, writes no event-log file and reports zero events', async () => {
    await h.run(once);
    const before = await listFiles(h.ws().eventsDir);
    const result = await h.run(once);
    expect(result.code).toBe(0);
    expect(await listFiles(h.ws().eventsDir)).toEqual(before);
    expect(summaries(result.stdout)[0]).toMatchObject({ fetched: 7, created: 0, modified: 0, deleted: 0, published: 0 });
  });

  it('when the fetch fails after its retries, exits 1, emits nothing and leaves the state untouched', async () => {
    await h.run(once);
    const state = await readFile(h.ws().stateFile, 'utf8');
    const files = await listFiles(h.ws().dir);
    await h.admin('DELETE', '/__admin/carts/1');
    await h.admin('POST', '/__admin/faults', { count: 3, path: '/carts', status: 500 });
    const result = await h.run(once);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^cart-streamer: GET http:\/\/127\.0\.0\.1:\d+\/carts failed after 3 attempts: 500/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(await readFile(h.ws().stateFile, 'utf8')).toBe(state);
    expect(await listFiles(h.ws().dir)).toEqual(files);
  });

  it('given a corrupt state file, exits 2 with a clear message and leaves the file as it was', async () => {
    await mkdir(dirname(h.ws().stateFile), { recursive: true });
    await writeFile(h.ws().stateFile, '{"state_version":1,"carts":');
    const result = await h.run(once);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/the state file .*carts_state\.json is not valid: .*not JSON/);
    expect(result.stderr).toMatch(/--reset-state/);
    expect(await readFile(h.ws().stateFile, 'utf8')).toBe('{"state_version":1,"carts":');
    expect(await listFiles(h.ws().eventsDir)).toEqual([]);
  });

  it('with --reset-state, keeps the old state as a backup and announces every cart again', async () => {
    await mkdir(dirname(h.ws().stateFile), { recursive: true });
    await writeFile(h.ws().stateFile, 'garbage');
    const result = await h.run([...once, '--reset-state']);
    expect(result.code).toBe(0);
    const stateFiles = (await listFiles(dirname(h.ws().stateFile))).filter((f) => f !== 'carts_state.versions.json');
    expect(stateFiles).toEqual([
      'carts_state.json',
      expect.stringMatching(/^carts_state\.json\.bak-\d{8}T\d{9}Z$/) as string,
      expect.stringMatching(/^carts_state\.segments\/00000001-base-[0-9a-f]{6}\.idx$/) as string,
      expect.stringMatching(/^carts_state\.segments\/00000001-base-[0-9a-f]{6}\.jsonl$/) as string,
    ]);
    expect(await readFile(join(dirname(h.ws().stateFile), stateFiles[1]!), 'utf8')).toBe('garbage');
    expect((await eventFiles(h.ws().eventsDir))[0]!.rows).toHaveLength(7);
  });

  it('given a cart with wrong types, quarantines it with the reason and keeps its last state instead of deleting it', async () => {
    await h.run(once);
    const before = await readStateFile(h.ws().stateFile);
    await h.admin('POST', '/__admin/faults', { count: 1, path: '/carts', body: 'wrong-types' });
    const result = await h.run(once);
    expect(result.code).toBe(0);
    expect(await eventFiles(h.ws().eventsDir)).toHaveLength(1);
    const quarantine = (await listFiles(h.ws().eventsDir)).filter((f) => f.startsWith('quarantine/'));
    expect(quarantine).toEqual([expect.stringMatching(/^quarantine\/date=\d{4}-\d{2}-\d{2}\/\d{8}T\d{9}Z\.jsonl$/) as string]);
    const lines = await readJsonLines<{ reason: string; record: { id: number }; source: string; quarantined_at: string }>(join(h.ws().eventsDir, quarantine[0]!));
    expect(lines).toEqual([expect.objectContaining({ record: expect.objectContaining({ id: 1, products: 'none' }) as unknown, reason: expect.stringMatching(/^products: /) as unknown })]);
    const after = await readStateFile(h.ws().stateFile);
    expect(after.carts['1']).toEqual(before.carts['1']);
    expect(summaries(result.stdout)[0]).toMatchObject({ quarantined: 1, deleted: 0, published: 0 });
  });

  it('withholds deletes when most carts vanish at once, unless --allow-mass-delete', async () => {
    await h.run(once);
    for (const id of [1, 2, 3, 4]) await h.admin('DELETE', `/__admin/carts/${id}`);
    const guarded = await h.run(once);
    expect(guarded.code).toBe(0);
    expect(guarded.stdout).toMatch(/withholding 4 delete\(s\)/);
    expect(await eventFiles(h.ws().eventsDir)).toHaveLength(1);
    const allowed = await h.run([...once, '--allow-mass-delete']);
    const files = await eventFiles(h.ws().eventsDir);
    expect(allowed.code).toBe(0);
    expect(files[1]!.rows.map(typeCartVersion)).toEqual([1, 2, 3, 4].map((id) => ['cart_deleted', id, 2]));
  });
});

describe('cart-streamer usage', () => {
  it('prints help with examples and exits 0', async () => {
    const result = await h.run(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/--poll-interval/);
    expect(result.stdout).toMatch(/Examples:[\s\S]*cart-streamer --once/);
    expect(result.stdout).toMatch(/cart-streamer replay-dlq/);
  });

  it('prints replay-dlq --help with its own examples and exits 0', async () => {
    const result = await h.replay(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/--events-dir/);
    expect(result.stdout).toMatch(/Examples:\n {2}cart-streamer replay-dlq --project-id my-project/);
  });

  it('given gcp mode with a key file that does not exist, exits 2 naming it, before fetching or writing anything', async () => {
    const result = await h.run([...once, '--project-id', 'my-project', '--credentials', 'missing-key.json'], { METADATA_SERVER_DETECTION: 'none' });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^cart-streamer: the key file \S*missing-key\.json \(--credentials \/ GOOGLE_APPLICATION_CREDENTIALS\): no such file; [^\n]*\n$/);
    expect(result.stderr).not.toMatch(/\n\s+at |triggerUncaughtException|deprecated/);
    expect(await listFiles(h.ws().dir)).toEqual([]);
  });

  it('given gcp mode with a malformed key file, exits 2 naming the file and the problem, before fetching or writing anything', async () => {
    await writeFile(join(h.ws().dir, 'broken-key.json'), '{"type":"service_account","client_email":"sa@p.iam.gserviceaccount.com","private_key":"not a key"}');
    const result = await h.run([...once, '--project-id', 'my-project', '--credentials', join(h.ws().dir, 'broken-key.json')], { METADATA_SERVER_DETECTION: 'none' });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^cart-streamer: the key file \S+broken-key\.json \(--credentials \/ GOOGLE_APPLICATION_CREDENTIALS\): has a "private_key" that is not a PEM private key [^\n]*\n$/);
    expect(result.stderr).not.toMatch(/not a key|\n\s+at /);
    expect((await listFiles(h.ws().dir)).filter((file) => !file.endsWith('broken-key.json'))).toEqual([]);
  });

  it('given PUBSUB_EMULATOR_HOST that is not host:port, exits 2 naming it instead of retrying a bad address for minutes', async () => {
    const result = await h.run([...once, '--project-id', 'my-project'], { PUBSUB_EMULATOR_HOST: 'http://127.0.0.1:8085' });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/PUBSUB_EMULATOR_HOST: must be host:port/);
    expect(await listFiles(h.ws().dir)).toEqual([]);
  });

  it('rejects a bad poll interval or an unknown flag with exit 2', async () => {
    expect((await h.run(['--poll-interval', 'soon'])).code).toBe(2);
    const unknown = await h.run(['--poll-intervall', '5']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown option '--poll-intervall' \(did you mean --poll-interval\?\)/);
  });
});
