import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CREATED, ChangePlan, DELETED, MODIFIED } from '../core/plan.js';
import { TextArena } from '../core/text-arena.js';
import { createLocalStorage } from '../io/storage.js';
import type { SinkBatch } from '../types.js';
import { attributesJson, createLocalEventLogSink } from './local-event-log.js';

describe('the attributes of an event-log row', () => {
  it('are the text JSON.stringify gives, for any keys and values (quotes, backslashes, control characters and lone surrogates included)', () => {
    const text = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.constantFrom('a"b', 'c\\d', 'e\nf', '\ud800', 'cart/1'));
    fc.assert(fc.property(fc.dictionary(text, text), (attributes) => {
      expect(attributesJson(attributes)).toBe(JSON.stringify(attributes));
    }), { numRuns: 500 });
  });

  it('of a real event are written without escaping', () => {
    const attributes = { 'ce-specversion': '1.0', 'ce-id': '6f1f8a52-3c2e-5f7e-9b0a-5e8c1d2f4a61', 'ce-subject': 'cart/7', 'ce-time': '2026-11-26T12:00:00.000Z' };
    expect(attributesJson(attributes)).toBe(JSON.stringify(attributes));
    expect(JSON.parse(attributesJson({}))).toEqual({});
  });
});

describe('the rows of a plan, written from its columns (sendPlan)', () => {
  /** Given a plan, the event-log file `send` writes for `plan.windows` and the one `sendPlan` writes. */
  async function bothWays(plan: ChangePlan, detectedAt: string): Promise<{ viaMessages: string; viaPlan: string; ids: string[] }> {
    const dir = await mkdtemp(join(tmpdir(), 'plan-rows-'));
    try {
      const storage = createLocalStorage();
      const now = () => new Date('2026-11-30T02:00:00.000Z');
      const read = async (eventsDir: string, batch: SinkBatch) => {
        await batch.finish('b1');
        const [file] = (await storage.list(eventsDir)).filter((name) => name.endsWith('.jsonl'));
        return (await storage.readText(join(eventsDir, file!)))!;
      };
      const generic = createLocalEventLogSink({ eventsDir: join(dir, 'a'), storage, now }).begin('2026-11-30T01:59:58.123Z');
      for (const window of plan.windows(detectedAt, 3)) await generic.send(window, new AbortController().signal);
      const fast = createLocalEventLogSink({ eventsDir: join(dir, 'b'), storage, now }).begin('2026-11-30T01:59:58.123Z');
      const ids: string[] = [];
      for (let at = 0; at < plan.count; at += 3) ids.push(...(await fast.sendPlan!(plan, at, Math.min(plan.count, at + 3), detectedAt, new AbortController().signal)));
      return { viaMessages: await read(join(dir, 'a'), generic), viaPlan: await read(join(dir, 'b'), fast), ids };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  function planOf(changes: { before: string | null; after: string | null; type: number }[]): ChangePlan {
    const plan = new ChangePlan(changes.length, new TextArena(64), new TextArena(64));
    const hashes = Buffer.alloc(32);
    changes.forEach((change, n) => {
      hashes.fill(n % 256);
      const p = plan.push(1000 + n, 7 + n, change.type, change.type === DELETED ? 0 : 1 + (n % 10), change.after === null ? -1 : plan.afters.add(change.after), change.after === null ? null : hashes, 0);
      if (change.before !== null) plan.beforeOf[p] = plan.befores.add(change.before);
    });
    return plan;
  }

  it('are byte for byte the rows of the messages, for canonical carts of every kind of change', async () => {
    const cart = (id: number, quantity: number) => `{"id":${id},"userId":3,"date":"2020-03-17T00:00:00.000Z","products":[{"productId":8,"quantity":${quantity}}]}`;
    const plan = planOf([
      { type: CREATED, before: null, after: cart(1000, 1) },
      { type: MODIFIED, before: cart(1001, 1), after: cart(1001, 2) },
      { type: DELETED, before: cart(1002, 5), after: null },
      { type: CREATED, before: null, after: cart(1003, 9) },
    ]);
    const { viaMessages, viaPlan, ids } = await bothWays(plan, '2026-11-30T01:59:58.123Z');
    expect(viaPlan).toBe(viaMessages);
    expect(viaPlan.split('\n')).toHaveLength(5);
    expect(ids).toEqual([...plan.windows('2026-11-30T01:59:58.123Z')].flat().map((message) => message.attributes['ce-id']));
  });

  it('are byte for byte the rows of the messages, for any JSON text in the images (quotes, backslashes, control characters, non-ASCII, lone surrogates) and odd times', async () => {
    const text = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.constantFrom('a"b', 'c\\d', 'e\nf\u0001', '\ud800', 'é€😀', '\u007f\u2028'));
    const image = fc.option(text.map((value) => JSON.stringify({ id: 1, note: value })), { nil: null });
    await fc.assert(fc.asyncProperty(
      fc.array(fc.record({ before: image, after: image }), { minLength: 1, maxLength: 8 }),
      fc.constantFrom('2026-11-30T01:59:58.123Z', 'odd "time" \\ é'),
      async (changes, detectedAt) => {
        const plan = planOf(changes.map(({ before, after }) => ({ before, after, type: after === null ? DELETED : before === null ? CREATED : MODIFIED })));
        const { viaMessages, viaPlan } = await bothWays(plan, detectedAt);
        expect(viaPlan).toBe(viaMessages);
      },
    ), { numRuns: 60 });
  });
});
