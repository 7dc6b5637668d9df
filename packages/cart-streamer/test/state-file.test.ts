import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Writable } from 'node:stream';
import { createLogger } from '@fakestore/shared-core';
import { makeTempDir, type TempDir } from '@fakestore/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { outboxFile } from '../src/core/paths.js';
import { inProcessStreamer } from './support/in-process.js';
import { readSegment, readStateFile } from './support/streamer.js';

let temp: TempDir;
beforeEach(async () => { temp = await makeTempDir('state-file-'); });
afterEach(() => temp.remove());

const cart = (id: number, quantity = 1) => ({ id, userId: 1, date: '2020-03-02T00:00:00.000Z', products: [{ productId: 1, quantity }], __v: 0 });

/** A streamer whose state holds carts 1-3 (one base segment), and the paths of its files. */
async function committedState() {
  const s = inProcessStreamer(temp.path);
  s.setCarts([cart(1), cart(2), cart(3)]);
  await s.cycle();
  const { segments } = await readStateFile(s.stateFile);
  return { s, segment: segments[0]!, index: segments[0]!.replace(/\.jsonl$/, '.idx') };
}

/** Every file of the state folder and its bytes. */
async function snapshotFolder(dir: string): Promise<Record<string, string>> {
  const files = await readdir(dir, { recursive: true, withFileTypes: true });
  const entries = await Promise.all(files.filter((f) => f.isFile()).map(async (f) => [join(f.parentPath, f.name), await readFile(join(f.parentPath, f.name), 'latin1')] as const));
  return Object.fromEntries(entries);
}

describe('the state a person reads', () => {
  it('is a one-line manifest naming a base segment: JSON lines sorted by id, a header, one line per cart, a checksum line', async () => {
    const { s, segment } = await committedState();
    const manifest = (await readFile(s.stateFile, 'utf8')).split('\n');
    expect(manifest).toHaveLength(2);
    expect(JSON.parse(manifest[0]!)).toMatchObject({ state_version: 3, commit: 1, carts: 3, live: 3, max_version: 1, segments: [{ kind: 'base', carts: 3 }] });
    const lines = (await readFile(segment, 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.map((line) => line.id)).toEqual([undefined, 1, 2, 3, undefined]);
    expect(lines[0]).toMatchObject({ state_version: 2, carts: 3 });
    expect(lines[1]).toMatchObject({ id: 1, version: 1, hash: expect.stringMatching(/^[0-9a-f]{64}$/) as unknown, cart: { id: 1, userId: 1, products: [{ productId: 1, quantity: 1 }] } });
    expect(lines[4]).toMatchObject({ end: true, carts: 3 });
  });

  it('gets a small delta segment per cycle with changes, then a new base once the deltas grow (compaction), and drops what no manifest names', async () => {
    const s = inProcessStreamer(temp.path);
    const ids = Array.from({ length: 20 }, (_, i) => i + 1);
    s.setCarts(ids.map((id) => cart(id)));
    await s.cycle();
    s.setCarts(ids.map((id) => cart(id, id === 7 ? 2 : 1)));
    await s.cycle();
    const delta = await readStateFile(s.stateFile);
    expect(delta.manifest.segments.map((ref) => [ref.kind, ref.carts])).toEqual([['base', 20], ['delta', 1]]);
    expect(Object.keys((await readSegment(delta.segments[1]!)).carts)).toEqual(['7']);
    expect(delta.carts['7']).toMatchObject({ version: 2, cart: { products: [{ quantity: 2 }] } });
    // Past a quarter of the base in deltas, the next cycle writes one base again.
    s.setCarts(ids.map((id) => cart(id, id <= 6 ? 3 : 1)));
    await s.cycle();
    const compacted = await readStateFile(s.stateFile);
    expect(compacted.manifest.segments.map((ref) => [ref.kind, ref.carts])).toEqual([['base', 20]]);
    expect(compacted.carts['7']).toMatchObject({ version: 3, cart: { products: [{ quantity: 1 }] } });
    expect(compacted.carts['1']).toMatchObject({ version: 2, cart: { products: [{ quantity: 3 }] } });
    expect(compacted.carts['8']).toMatchObject({ version: 1 });
    const left = (await readdir(join(dirname(s.stateFile), 'carts_state.segments'))).sort();
    expect(left).toEqual([expect.stringMatching(/^00000003-base-[0-9a-f]{6}\.idx$/), expect.stringMatching(/^00000003-base-[0-9a-f]{6}\.jsonl$/)]);
  });
});

describe('a damaged state', () => {
  it.each<[string, (paths: { state: string; segment: string; index: string }) => Promise<void>, RegExp]>([
    ['its manifest cut off', async ({ state }) => writeFile(state, (await readFile(state, 'utf8')).slice(0, 40)), /state file .*not valid: .*not JSON/],
    ['its manifest not JSON at all', ({ state }) => writeFile(state, 'garbage'), /state file .*not valid: .*not JSON/],
    ['its manifest empty', ({ state }) => writeFile(state, ''), /state file .*not valid: the file is empty/],
    ['its manifest of a future format', async ({ state }) => writeFile(state, (await readFile(state, 'utf8')).replace('"state_version":3', '"state_version":4')), /line 1 is not a state header: state_version/],
    ['its manifest an outbox', async ({ state }) => writeFile(state, (await readFile(state, 'utf8')).replace(/\}\n$/, ',"parent":0}\n')), /it holds an outbox, not a state/],
    ['a segment missing', ({ segment, index }) => Promise.all([rm(segment), rm(index)]).then(() => undefined), /state segment .*not valid: it is missing/],
    ['a segment changed by hand', async ({ segment }) => writeFile(segment, (await readFile(segment, 'utf8')).replace('"quantity":1', '"quantity":2')), /state segment .*not valid: its checksum does not match/],
    ['a segment cut off before its last line', async ({ segment }) => writeFile(segment, (await readFile(segment, 'utf8')).split('\n').slice(0, 3).join('\n')), /state segment .*not valid: .*(last line .*incomplete|cut off)/],
    ['a segment with its carts out of order', async ({ segment }) => { const l = (await readFile(segment, 'utf8')).split('\n'); [l[1], l[2]] = [l[2]!, l[1]!]; await writeFile(segment, l.join('\n')); }, /ids must ascend/],
    ['a segment with a line that is not a cart line', async ({ segment }) => writeFile(segment, (await readFile(segment, 'utf8')).replace(/\n\{"id":2,[^\n]*/, '\n{"id":"2"}')), /line 3 is not a cart line/],
  ])('with %s stops the cycle with a usage error (exit 2) naming the file and --reset-state, and leaves every file as it was', async (_, damage, reason) => {
    const { s, segment, index } = await committedState();
    await damage({ state: s.stateFile, segment, index });
    const before = await snapshotFolder(dirname(s.stateFile));
    s.setCarts([cart(1, 9), cart(2), cart(3)]);
    const cycle = s.cycle();
    await expect(cycle).rejects.toMatchObject({ name: 'UsageError', message: expect.stringMatching(reason) as unknown });
    await expect(cycle).rejects.toThrow(/--reset-state/);
    expect(await snapshotFolder(dirname(s.stateFile))).toEqual(before);
    expect(s.published).toHaveLength(3);
  });

  it('with a segment\'s index missing or damaged, rebuilds the index from the segment (checked in full) and goes on', async () => {
    const s = inProcessStreamer(temp.path);
    const carts = Array.from({ length: 10 }, (_, i) => cart(i + 1));
    s.setCarts(carts);
    await s.cycle();
    const index = (await readStateFile(s.stateFile)).segments[0]!.replace(/\.jsonl$/, '.idx');
    await writeFile(index, 'not an index');
    s.setCarts([cart(1, 9), ...carts.slice(1)]);
    const { messages } = await s.cycle();
    expect(messages.map((m) => [m.attributes['ce-type'], m.attributes['ce-subject']])).toEqual([['cart_modified', 'cart/1']]);
    expect((await readFile(index, 'latin1')).split('\n')[0]).toMatch(/^\{"cart_index":1,"carts":10,/);
    await rm(index);
    s.setCarts([cart(1, 9), ...carts.slice(2)]);
    expect((await s.cycle()).messages.map((m) => m.attributes['ce-subject'])).toEqual(['cart/2']);
  });

  it('given a folder where the state file should be, stops with a usage error', async () => {
    const s = inProcessStreamer(temp.path);
    await mkdir(s.stateFile, { recursive: true });
    s.setCarts([cart(1)]);
    await expect(s.cycle()).rejects.toMatchObject({ name: 'UsageError', message: expect.stringMatching(/EISDIR/) as unknown });
  });
});

/** A state file of format 1, as versions before the streamed state wrote it. */
const legacyState = {
  state_version: 1,
  committed_at: '2026-11-25T12:00:00.000Z',
  last_batch_id: 'b1',
  carts: {
    '1': { version: 2, hash: 'x', snapshot: { id: 1, userId: 1, date: '2020-03-02T00:00:00.000Z', products: [{ productId: 1, quantity: 5 }] } },
    '2': { version: 1, hash: 'x', snapshot: { id: 2, userId: 1, date: '2020-03-02T00:00:00.000Z', products: [{ productId: 1, quantity: 1 }] } },
    '3': { version: 2, hash: null, snapshot: null },
  },
};

describe('a state file of format 1 (before the streamed state)', () => {
  it('is migrated on the first run with one log line, keeping versions and snapshots: only real changes are announced', async () => {
    const s = inProcessStreamer(temp.path);
    await mkdir(dirname(s.stateFile), { recursive: true });
    await writeFile(s.stateFile, `${JSON.stringify(legacyState)}\n`);
    s.setCarts([cart(1, 5), cart(2, 7), cart(3)]);
    const { messages } = await s.cycle();
    const events = messages.map((m) => [m.attributes['ce-type'], (JSON.parse(m.data) as { cart_id: number; version: number }).cart_id, (JSON.parse(m.data) as { version: number }).version]);
    expect(events).toEqual([['cart_modified', 2, 2], ['cart_created', 3, 3]]);
    const state = await readStateFile(s.stateFile);
    expect(state.manifest).toMatchObject({ state_version: 3, segments: [{ kind: 'base', carts: 3 }] });
    expect(state.carts['1']).toMatchObject({ version: 2, cart: legacyState.carts['1'].snapshot });
    const backups = (await readdir(dirname(s.stateFile))).filter((f) => f.includes('.bak-'));
    expect(backups).toHaveLength(1);
    expect(JSON.parse(await readFile(join(dirname(s.stateFile), backups[0]!), 'utf8'))).toEqual(legacyState);
  });

  it('with a pending outbox of format 1, publishes its stored messages byte for byte, then commits its state', async () => {
    const s = inProcessStreamer(temp.path);
    await mkdir(dirname(s.stateFile), { recursive: true });
    await writeFile(s.stateFile, `${JSON.stringify(legacyState)}\n`);
    const stored = { orderingKey: 'cart_2', attributes: { 'ce-id': 'stored-id', 'ce-type': 'cart_modified' }, data: '{"cart_id":2,"version":2}' };
    const next = { ...legacyState, carts: { ...legacyState.carts, '2': { version: 2, hash: 'y', snapshot: { ...legacyState.carts['2'].snapshot, products: [{ productId: 1, quantity: 7 }] } } } };
    await writeFile(outboxFile(s.stateFile), JSON.stringify({ outbox_version: 1, batch_id: 'b2', created_at: '2026-11-26T12:00:00.000Z', messages: [stored], next_state: next }));
    s.setCarts([cart(1, 5), cart(2, 7), cart(3)]);
    const { summary, messages } = await s.cycle();
    expect(messages[0]).toEqual(stored);
    expect(summary).toMatchObject({ recovered: 1, created: 1, modified: 0 });
    expect((await readStateFile(s.stateFile)).carts['2']).toMatchObject({ version: 2, cart: { products: [{ productId: 1, quantity: 7 }] } });
  });
});

/** A logger whose JSON lines are kept, to count what a run logged. */
function capturingLogger() {
  const lines: { level: string; msg: string }[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim() !== '') lines.push(JSON.parse(line) as { level: string; msg: string });
      done();
    },
  });
  return { lines, logger: createLogger({ name: 'test', format: 'json', level: 'info', destination }) };
}

/**
 * Makes the state folder look as the streamer before segments (format 2) left it: the state file is
 * one JSON-lines file, which is exactly what a segment of format 3 is.
 */
async function asFormat2(stateFile: string, segment: Buffer, outbox?: Buffer): Promise<void> {
  await rm(join(dirname(stateFile), 'carts_state.segments'), { recursive: true, force: true });
  await writeFile(stateFile, segment);
  if (outbox) await writeFile(outboxFile(stateFile), outbox);
}

describe('a state file of format 2 (one JSON-lines file, before segments)', () => {
  it('is migrated on the first run with one log line: its lines become the base segment, and only real changes are announced', async () => {
    const s = inProcessStreamer(temp.path);
    s.setCarts([cart(1), cart(2), cart(3)]);
    await s.cycle();
    const segment = await readFile((await readStateFile(s.stateFile)).segments[0]!);
    await asFormat2(s.stateFile, segment);
    const { lines, logger } = capturingLogger();
    s.setCarts([cart(1), cart(2, 4)]);
    const { messages } = await s.cycle({ logger });
    expect(messages.map((m) => [m.attributes['ce-type'], m.attributes['ce-subject']])).toEqual([['cart_modified', 'cart/2'], ['cart_deleted', 'cart/3']]);
    expect(lines.filter((line) => /migrat/.test(line.msg)).map((line) => line.msg)).toEqual([
      expect.stringMatching(/^migrated the state file .*carts_state\.json of format 2 .* to the segmented format: 3 carts, versions kept/) as string,
    ]);
    const state = await readStateFile(s.stateFile);
    expect(state.manifest).toMatchObject({ state_version: 3, carts: 3, live: 2 });
    expect(state.carts['2']).toMatchObject({ version: 2, cart: { products: [{ quantity: 4 }] } });
  });

  it('with a pending outbox of format 2 (a crash before the commit), re-publishes that cycle\'s events byte for byte, commits, then migrates', async () => {
    const s = inProcessStreamer(temp.path);
    s.setCarts([cart(1), cart(2), cart(3)]);
    await s.cycle();
    const first = await readFile((await readStateFile(s.stateFile)).segments[0]!);
    s.setCarts([cart(1, 7), cart(2)]);
    const { messages: original } = await s.cycle();
    const second = await readStateFile(s.stateFile);
    expect(second.manifest.segments.map((ref) => ref.kind)).toEqual(['base']);
    await asFormat2(s.stateFile, first, await readFile(second.segments[0]!));
    const { lines, logger } = capturingLogger();
    s.setCarts([cart(1, 7), cart(2)]);
    const { summary, messages } = await s.cycle({ logger });
    expect(messages).toEqual(original);
    expect(summary).toMatchObject({ recovered: 2, created: 0, modified: 0, deleted: 0 });
    expect(lines.filter((line) => /migrated the state file/.test(line.msg))).toHaveLength(1);
    expect((await readStateFile(s.stateFile)).carts['1']).toMatchObject({ version: 2 });
  });
});
