/**
 * A large synthetic cart event log for bench-dbt, written by cart-streamer's own code (event ids,
 * CloudEvent attributes and data, the local event log's rows and batch files): no second
 * implementation of the event contract.
 *
 *   node scripts/make-cart-events.ts --events-dir E --carts N --first-version A --last-version B
 *                                    [--deleted-version D]
 *
 * Carts 1..N, each with versions A..B: version 1 is `cart_created`, then `cart_modified`; every
 * 20th cart is `cart_deleted` at version D and `cart_created` again at D + 1 (default D = B). A
 * cart's content at a version is a function of (cart, version), so version B + 1 written later
 * follows on from version B. Version v of cart c is detected on day (v - 1) * 10 + c % 10 after
 * 2026-01-01 (about N / 10 events a day), at second c % 86,000 of it; each day's events are one
 * batch, as one streamer cycle would publish them: one file in `carts-events/date=.../`.
 * Events are made and written as a stream, so 10,000,000 of them need no more memory than 1,000.
 *
 * Prints one JSON line: {"events": n, "files": [paths relative to the events dir], "seconds": s}.
 */
import { relative } from 'node:path';
import { parseArgs } from 'node:util';
import { type CartLike, type EventMessage, changeOfCarts, eventMessage, writeEventLogBatch } from '../packages/cart-streamer/dist/index.js';

const usage = 'usage: node scripts/make-cart-events.ts --events-dir E --carts N --first-version A --last-version B [--deleted-version D]';
let args;
try {
  ({ values: args } = parseArgs({
    options: {
      'events-dir': { type: 'string' },
      carts: { type: 'string' },
      'first-version': { type: 'string', default: '1' },
      'last-version': { type: 'string' },
      'deleted-version': { type: 'string' },
    },
  }));
} catch (error) {
  console.error(`make-cart-events: ${(error as Error).message}\n${usage}`);
  process.exit(2);
}
const eventsDir = args['events-dir'];
const carts = Number(args.carts);
const first = Number(args['first-version']);
const last = Number(args['last-version']);
const deleted = Number(args['deleted-version'] ?? args['last-version']);
if (!eventsDir || ![carts, first, last, deleted].every((n) => Number.isSafeInteger(n) && n >= 1) || first > last) {
  console.error(usage);
  process.exit(2);
}

const DAY = 86_400_000;
const START = Date.parse('2026-01-01T00:00:00.000Z');
/** A cart's `date`: one of 731 days from 2019-01-01, by cart id. */
const CART_DATES = Array.from({ length: 731 }, (_, day) => new Date(Date.parse('2019-01-01T00:00:00.000Z') + day * DAY).toISOString());

/** Cart `cart` as it is at `version`: 1 to 5 lines, products and quantities varying with both. */
function snapshot(cart: number, version: number): CartLike {
  const products = [];
  for (let line = 0; line < 1 + ((cart + version) % 5); line++) {
    products.push({ productId: ((cart * 7 + version * 13 + line * 5) % 20) + 1, quantity: ((cart + version * 3 + line) % 10) + 1 });
  }
  return { id: cart, userId: (cart % 10) + 1, date: CART_DATES[cart % 731]!, products };
}

function typeOf(cart: number, version: number) {
  if (version === 1) return 'cart_created';
  if (cart % 20 === 0 && version === deleted) return 'cart_deleted';
  if (cart % 20 === 0 && version === deleted + 1) return 'cart_created';
  return 'cart_modified';
}

/** The events of one day: version `version` of the carts whose id ends in `residue`. */
function* dayEvents(day: number, version: number, residue: number): Generator<EventMessage> {
  for (let cart = residue === 0 ? 10 : residue; cart <= carts; cart += 10) {
    const type = typeOf(cart, version);
    const before = type === 'cart_created' ? null : snapshot(cart, version - 1);
    const after = type === 'cart_deleted' ? null : snapshot(cart, version);
    const detectedAt = new Date(START + day * DAY + (cart % 86_000) * 1000).toISOString();
    yield eventMessage(changeOfCarts(type, version, before, after), detectedAt);
  }
}

const started = performance.now();
const days: { day: number; version: number; residue: number }[] = [];
for (let version = first; version <= last; version++) {
  for (let residue = 0; residue < 10; residue++) days.push({ day: (version - 1) * 10 + residue, version, residue });
}
const files: string[] = [];
let events = 0;
/** Writes the remaining days one after the other; a few of these run at once, so one day's events are made while another's file is synced. */
async function writeDays(): Promise<void> {
  for (let next = days.shift(); next; next = days.shift()) {
    const { day, version, residue } = next;
    // the cycle that published the day's events: after the last of them, the same day
    const publishedAt = new Date(START + day * DAY + 86_000_000).toISOString();
    const written = await writeEventLogBatch({ eventsDir: eventsDir!, createdAt: publishedAt, publishTime: publishedAt }, dayEvents(day, version, residue));
    if (written.events > 0) files.push(relative(eventsDir!, written.path));
    events += written.events;
  }
}
await Promise.all([writeDays(), writeDays(), writeDays()]);
process.stdout.write(`${JSON.stringify({ events, files: files.sort(), seconds: Math.round(performance.now() - started) / 1000 })}\n`);
