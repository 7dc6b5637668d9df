import type { CartLike } from './snapshot.js';

/**
 * The hot path of validation and canonicalisation, one cart at a time, for the carts whose record
 * changed (every cart on a cold start).
 *
 * `isValidCart` accepts exactly what shared-core's `cartSchema` accepts (cart-check.test.ts checks it
 * against zod on arbitrary values): zod 4 costs about 1 µs a cart here, this a tenth of it. zod still
 * writes the reason of every reject (the quarantine's `reason`). `canonicalCartJson` gives the bytes of
 * `JSON.stringify(toSnapshot(cart))`, built as text.
 */

/** What a valid cart record holds (unknown fields aside). */
export interface ValidCart extends CartLike {
  products: readonly { productId: number; quantity: number }[];
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isPositiveInt = (value: unknown): boolean => typeof value === 'number' && Number.isSafeInteger(value) && value > 0;

/** Whether `cartSchema.safeParse(value)` succeeds. */
export function isValidCart(value: unknown): value is ValidCart {
  if (!isRecord(value) || !isPositiveInt(value.id) || !isPositiveInt(value.userId)) return false;
  const v = value.__v;
  if (v !== undefined && !(typeof v === 'number' && Number.isSafeInteger(v) && v >= 0)) return false;
  if (quotedDate(value.date) === undefined) return false;
  const products = value.products;
  if (!Array.isArray(products)) return false;
  for (const line of products as unknown[]) {
    if (!isRecord(line) || !isPositiveInt(line.productId) || !isPositiveInt(line.quantity)) return false;
  }
  return true;
}

/**
 * Dates repeat (the API has a few hundred distinct ones): each is checked and quoted once. Bounded,
 * so a feed of all-distinct dates costs a check each, never memory.
 */
const dates = new Map<string, string | null>();
let lastDate: string | undefined;
let lastQuoted: string | undefined;

/** The JSON text of a valid date-time string (`shared-core`'s `dateTime()`), `undefined` when it is not one. */
function quotedDate(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  // The last one again: `canonicalCartJson` asks for the date `isValidCart` has just checked.
  if (value === lastDate) return lastQuoted;
  let quoted = dates.get(value);
  if (quoted === undefined) {
    quoted = /^\d{4}-\d{2}-\d{2}/.test(value) && !Number.isNaN(Date.parse(value)) ? JSON.stringify(value) : null;
    if (dates.size >= 4096) dates.clear();
    dates.set(value, quoted);
  }
  lastDate = value;
  lastQuoted = quoted ?? undefined;
  return lastQuoted;
}

const byLine = (a: { productId: number; quantity: number }, b: { productId: number; quantity: number }) => a.productId - b.productId || a.quantity - b.quantity;

/** `JSON.stringify(toSnapshot(cart))` of a valid cart: fixed key order, lines sorted by productId then quantity. */
export function canonicalCartJson(cart: ValidCart): string {
  let lines = cart.products;
  for (let i = 1; i < lines.length; i++) {
    if (byLine(lines[i - 1]!, lines[i]!) > 0) {
      lines = [...lines].sort(byLine);
      break;
    }
  }
  let text = `{"id":${cart.id},"userId":${cart.userId},"date":${quotedDate(cart.date) ?? JSON.stringify(cart.date)},"products":[`;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    text += `${i === 0 ? '' : ','}{"productId":${line.productId},"quantity":${line.quantity}}`;
  }
  return `${text}]}`;
}
