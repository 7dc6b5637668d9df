/**
 * Writes a small lake + cart event log from the real data set, with the project's own writers, and
 * the gold figures that the scenario implies (expected.json), for scripts/check-dbt.sh.
 *
 *   node scripts/make-lake-fixture.ts --data-dir D --events-dir E --stage 1|2|3 [--now ISO]
 *
 * The lake is written by batch-ingest's partition code (the record sorter: envelopes, secrets
 * removed, rejects to the quarantine; the streamed partition writer: sha256, manifest last), the
 * events by cart-streamer's (event ids, CloudEvent attributes and data, the local event log's rows,
 * files named after their batch): the contract has one implementation, and this script only says
 * what happens.
 *
 * Stage 1 (a cold start):
 *   - batch run 1 of products and users (20 + 10 records, the API's quirks kept, users' passwords
 *     removed by the envelope writer), with a complete manifest; one invalid product record in
 *     the same response goes to the quarantine (rejects.jsonl, not a source);
 *   - an unfinished products run (data.jsonl, no manifest: a writer killed before its manifest)
 *     that dbt must ignore;
 *   - cart_created (version 1) for the 7 real carts.
 * Stage 2 (adds to stage 1):
 *   - batch run 2: product 1 costs 99.95 instead of 109.95;
 *   - cart 8 created, cart 2 modified, cart 5 deleted;
 *   - cart 4 modified twice, but only its version 3 is delivered (version 2 is dead-lettered;
 *     version 3 also moves the cart to another day);
 *   - cart 7's creation (stage 1) re-emitted in a batch of its own (same ce-id): a duplicate that
 *     reaches dbt in a later run, so the incremental merge meets it.
 * Stage 3 (adds to stage 2), for the incremental models across runs:
 *   - batch run 3: product 2 costs 19.99 instead of 22.3 (its lines are repriced, cart 2's modified
 *     one included), user 1 has a new email (a new user version: the fact lines of carts 1 and 2
 *     move to it);
 *   - cart 4's version 2 arrives late (the dead letter replayed): a lower version than the one
 *     held, which must not win;
 *   - cart 5, deleted in stage 2, is created again (version 3, new lines).
 * A stage writes the earlier stages too (a partition whose manifest exists is left alone; event
 * files are rewritten identically), so any stage can start from an empty folder.
 *
 * `expected.json` (next to the data dir) holds figures computed here from the scenario, never from
 * the written files nor with the dbt models' logic: live carts are each cart's highest version,
 * prices the last complete batch run's, versions counted per distinct record.
 *
 * Timestamps are relative to --now (default: now, so source freshness passes), rounded down to the
 * hour; ids are stable, so a stage rewrites identical files given the same --now.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildManifest, createPartitionSorter, entitySpec } from '../packages/batch-ingest/dist/index.js';
import { type CartLike, changeOfCarts, eventMessage, uuidV5, writeEventLogBatch } from '../packages/cart-streamer/dist/index.js';
import { DATA_FILE, MANIFEST_FILE, openPartitionWriter, partitionPrefix, utcDate } from '../packages/shared-core/dist/index.js';

const root = new URL('..', import.meta.url).pathname;
/** The real data set, as the in-repo copy fakestore-sim serves (pinned to ../shared/fakestore by a test). */
const realData = join(root, 'packages', 'fakestore-sim', 'data');
const API = 'https://fakestoreapi.com';
/** Namespace of the fixture's run ids (stable, so a stage rewrites the same partitions). */
const RUN_ID_NAMESPACE = 'c4f0a3d2-5b1e-4e8f-9a6d-3f2b7c1e8d40';
const TOOL = { name: 'make-lake-fixture', version: '2' };

type Entity = 'products' | 'users';
type JsonRecord = Record<string, unknown> & { id: number };
type ChangeType = 'cart_created' | 'cart_modified' | 'cart_deleted';

const usage = 'usage: node scripts/make-lake-fixture.ts --data-dir D --events-dir E [--stage 1|2|3] [--now ISO-8601]';
let args;
try {
  ({ values: args } = parseArgs({
    options: {
      'data-dir': { type: 'string' },
      'events-dir': { type: 'string' },
      stage: { type: 'string', default: '3' },
      now: { type: 'string' },
    },
  }));
} catch (error) {
  fail(`make-lake-fixture: ${(error as Error).message}\n${usage}`);
}
const dataDir = args['data-dir'];
const eventsDir = args['events-dir'];
const stage = Number(args.stage);
const base = args.now === undefined ? new Date() : new Date(args.now);
if (!dataDir || !eventsDir || ![1, 2, 3].includes(stage) || Number.isNaN(base.getTime())) fail(usage);

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

const at = (instant: Date, ms: number) => new Date(instant.getTime() + ms);
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const now = new Date(Math.floor(base.getTime() / HOUR) * HOUR);
const load = (name: string): JsonRecord[] => JSON.parse(readFileSync(join(realData, `${name}.json`), 'utf8')) as JsonRecord[];

// ---------------------------------------------------------------- the lake (batch-ingest's writers)

/**
 * One batch run of an entity, as batch-ingest lands it: each record judged and enveloped by the
 * partition sorter, written by the streamed partition writer, manifest last. Without a manifest:
 * what a run killed before its commit leaves (data.jsonl alone).
 */
async function writeRun(entity: Entity, records: readonly unknown[], runNo: number, started: Date, complete = true): Promise<void> {
  const spec = entitySpec(entity);
  const key = { entity, date: utcDate(started), runId: uuidV5(`fixture/${entity}/run/${runNo}`, RUN_ID_NAMESPACE) };
  const folder = join(dataDir!, partitionPrefix(key));
  if (existsSync(join(folder, MANIFEST_FILE))) return; // an earlier stage's: a run id is never reused
  const sorter = createPartitionSorter(spec.schema, { runId: key.runId, ingestedAt: started.toISOString(), source: `${API}${spec.path}` });
  if (!complete) {
    const lines = records.map((record) => sorter.sort(record)).filter((sorted) => sorted.to === 'data');
    await mkdir(folder, { recursive: true });
    await writeFile(join(folder, DATA_FILE), lines.map((sorted) => sorted.line).join(''));
    return;
  }
  const writer = await openPartitionWriter(dataDir!, key);
  for (const record of records) {
    const { to, line } = sorter.sort(record);
    await (to === 'data' ? writer.addRow(line) : writer.addReject(line));
  }
  const finished = at(started, 2000);
  await writer.commit((stats) => buildManifest({
    key, sourceUrl: `${API}${spec.path}`, stats, startedAt: started, finishedAt: finished,
    timings: { fetch: 1200, validate: 3, write: 5 }, fetchAttempts: 1, tool: TOOL,
  }));
}

// ---------------------------------------------------------------- the scenario's figures (independent)

interface CartEvent {
  type: ChangeType;
  version: number;
  before: CartLike | null;
  after: CartLike | null;
  detectedAt: Date;
}

/** What the warehouse should hold, kept from the scenario as it unfolds (not from the files). */
const scenario = {
  products: [] as JsonRecord[],
  productVersions: 0,
  userVersions: 0,
  /** Per cart, the distinct events (by version) that reached the event log. */
  delivered: new Map<number, Map<number, CartEvent>>(),
};

/** Records that differ from the previous complete run's record of the same id (all of them the first time). */
function newVersions(previous: readonly JsonRecord[], next: readonly JsonRecord[]): number {
  const before = new Map(previous.map((record) => [record.id, JSON.stringify(record)]));
  return next.filter((record) => before.get(record.id) !== JSON.stringify(record)).length;
}

function expectedFigures() {
  const price = new Map(scenario.products.map((product) => [product.id, Math.round(Number(product.price) * 100)]));
  const states: Record<string, { version: number; events: number; deleted: boolean }> = {};
  const live: CartLike[] = [];
  let eventIds = 0;
  for (const [cartId, events] of [...scenario.delivered].sort(([a], [b]) => a - b)) {
    const last = [...events.values()].reduce((a, b) => (b.version > a.version ? b : a));
    states[String(cartId)] = { version: last.version, events: events.size, deleted: last.type === 'cart_deleted' };
    if (last.after) live.push(last.after);
    eventIds += events.size;
  }
  const lines = live.flatMap((cart) => cart.products);
  const cents = lines.reduce((sum, line) => sum + line.quantity * price.get(line.productId)!, 0);
  const money = (value: number) => `${Math.trunc(value / 100)}.${String(value % 100).padStart(2, '0')}`;
  return {
    stage,
    products: scenario.products.length,
    product_versions: scenario.productVersions,
    user_versions: scenario.userVersions,
    event_ids: eventIds,
    cart_states: states,
    prices: Object.fromEntries(scenario.products.map((product) => [String(product.id), money(price.get(product.id)!)])),
    live_carts: live.length,
    fact_lines: lines.length,
    units: lines.reduce((sum, line) => sum + line.quantity, 0),
    revenue: money(cents),
  };
}

// ---------------------------------------------------------------- events (cart-streamer's writers)

function change(type: ChangeType, version: number, before: CartLike | null, after: CartLike | null, detectedAt: Date): CartEvent {
  return { type, version, before, after, detectedAt };
}

/** One batch in the event log, as a streamer cycle (or replay-dlq) writes it; the scenario notes what was delivered. */
async function deliver(createdAt: Date, events: readonly CartEvent[]): Promise<void> {
  const messages = events.map((event) => eventMessage(changeOfCarts(event.type, event.version, event.before, event.after), event.detectedAt.toISOString()));
  await writeEventLogBatch({ eventsDir: eventsDir!, createdAt: createdAt.toISOString(), publishTime: at(createdAt, 40).toISOString() }, messages);
  for (const event of events) {
    const cartId = (event.after ?? event.before)!.id;
    const versions = scenario.delivered.get(cartId) ?? new Map<number, CartEvent>();
    versions.set(event.version, event);
    scenario.delivered.set(cartId, versions);
  }
}

async function batchRun(runNo: number, started: Date, products: JsonRecord[], users: JsonRecord[], previousUsers: JsonRecord[], extraProducts: unknown[] = []): Promise<void> {
  await writeRun('products', [...products, ...extraProducts], runNo, started);
  await writeRun('users', users, runNo, started);
  scenario.productVersions += newVersions(scenario.products, products);
  scenario.userVersions += newVersions(previousUsers, users);
  scenario.products = products;
}

// ---------------------------------------------------------------- the stages

const run1 = at(now, -3 * HOUR);
const run2 = at(now, -HOUR);
const run3 = at(now, -30 * MINUTE);
const products1 = load('products');
// the API's users, passwords included: the envelope writer removes them, as it does in production
const users1 = load('users');
const carts = new Map(load('carts').map((cart) => [cart.id, cart as unknown as CartLike]));
const cart = (id: number) => carts.get(id)!;
const withLines = (from: CartLike, products: CartLike['products'], date = from.date): CartLike => ({ ...from, date, products });

// stage 1: run 1 (an invalid record quarantined), an unfinished run, the cold start
await batchRun(1, run1, products1, users1, [], [{ id: 'oops' }]);
await writeRun('products', products1.map((product) => ({ ...product, price: 0.01 })), 99, at(run1, 30 * MINUTE), false);
const cold = at(run1, 5 * MINUTE);
const created = [...carts.values()].map((c) => change('cart_created', 1, null, c, cold));
await deliver(cold, created);

if (stage >= 2) {
  const products2 = products1.map((product) => (product.id === 1 ? { ...product, price: 99.95 } : product));
  await batchRun(2, run2, products2, users1, users1);
  const cycle = at(run2, 5 * MINUTE);
  const cart8: CartLike = { id: 8, userId: 2, date: '2020-03-05T00:00:00.000Z', products: [{ productId: 3, quantity: 2 }, { productId: 5, quantity: 1 }] };
  const cart2 = withLines(cart(2), [{ productId: 1, quantity: 3 }, { productId: 2, quantity: 4 }]);
  // cart 4: version 2 is dead-lettered (stage 3 replays it), version 3 is delivered
  const cart4v2 = withLines(cart(4), [{ productId: 1, quantity: 4 }, { productId: 4, quantity: 1 }]);
  const cart4v3 = withLines(cart(4), [{ productId: 1, quantity: 2 }, { productId: 6, quantity: 2 }], '2020-01-05T00:00:00.000Z');
  await deliver(cycle, [
    change('cart_created', 1, null, cart8, cycle),
    change('cart_modified', 2, cart(2), cart2, cycle),
    change('cart_deleted', 2, cart(5), null, cycle),
    change('cart_modified', 3, cart4v2, cart4v3, cycle),
  ]);
  // a crash before stage 1's state commit: the restart re-emits cart 7's creation (same ce-id)
  await deliver(at(cycle, MINUTE), [created.at(-1)!]);

  if (stage >= 3) {
    const products3 = products2.map((product) => (product.id === 2 ? { ...product, price: 19.99 } : product));
    const users3 = users1.map((user) => (user.id === 1 ? { ...user, email: 'john.doe@gmail.com' } : user));
    await batchRun(3, run3, products3, users3, users1);
    const cycle3 = at(run3, 5 * MINUTE);
    const recreated = withLines(cart(5), [{ productId: 7, quantity: 2 }, { productId: 11, quantity: 1 }], '2020-03-10T00:00:00.000Z');
    await deliver(cycle3, [change('cart_created', 3, null, recreated, cycle3)]);
    // the dead letter of stage 2, replayed (replay-dlq): the same event, published now
    await deliver(at(cycle3, MINUTE), [change('cart_modified', 2, cart(4), cart4v2, at(cycle, -MINUTE))]);
  }
}

const expected = expectedFigures();
await mkdir(dirname(join(dataDir, 'expected.json')), { recursive: true });
await writeFile(join(dataDir, 'expected.json'), `${JSON.stringify(expected, null, 2)}\n`);
process.stdout.write(`${JSON.stringify(expected)}\n`);
