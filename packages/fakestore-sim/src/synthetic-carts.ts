import type { CartBase } from './cart-base.js';
import type { Random } from './prng.js';
import type { Cart, CartLine } from './types.js';

/** Synthetic carts are dated within these two years, at midnight UTC like the real ones. */
const FIRST_DAY = Date.UTC(2019, 0, 1);
const DAY_COUNT = 731;
const DAY_MS = 86_400_000;
const MAX_LINES = 5;
const MAX_QUANTITY = 10;

// Only 731 distinct date strings exist, so they are built once and shared by every cart.
const DATE_STRINGS: readonly string[] = Array.from({ length: DAY_COUNT }, (_, day) => new Date(FIRST_DAY + day * DAY_MS).toISOString());

const containsBetween = (values: Uint32Array, start: number, end: number, wanted: number): boolean => {
  for (let i = start; i < end; i++) if (values[i] === wanted) return true;
  return false;
};

export interface CartCounts {
  carts: number;
  users: number;
  products: number;
}

/**
 * Generates carts into typed arrays (about 30 MB for a million carts, against several hundred MB
 * as objects). Cart ids are 1..count, so the id is the index plus one and is not stored.
 */
export function generateCompactCarts(random: Random, counts: CartCounts): CartBase {
  const { carts: count, users, products } = counts;
  if (count > 0 && (users < 1 || products < 1)) throw new RangeError('synthetic carts need at least one user and one product');
  const userIds = new Uint32Array(count);
  const days = new Uint16Array(count);
  const lineStarts = new Uint32Array(count + 1);
  const maxLinesPerCart = Math.min(MAX_LINES, products);
  const lineProducts = new Uint32Array(count * maxLinesPerCart);
  const lineQuantities = new Uint8Array(count * maxLinesPerCart);

  let lineCount = 0;
  for (let index = 0; index < count; index++) {
    userIds[index] = random.int(1, users);
    days[index] = random.int(0, DAY_COUNT - 1);
    lineStarts[index] = lineCount;
    const lines = random.int(1, maxLinesPerCart);
    const cartStart = lineCount;
    while (lineCount - cartStart < lines) {
      const productId = random.int(1, products);
      // A product appears at most once per cart, as in the real data.
      if (containsBetween(lineProducts, cartStart, lineCount, productId)) continue;
      lineProducts[lineCount] = productId;
      lineQuantities[lineCount] = random.int(1, MAX_QUANTITY);
      lineCount++;
    }
  }
  lineStarts[count] = lineCount;

  const checkIndex = (index: number): void => {
    if (!Number.isInteger(index) || index < 0 || index >= count) throw new RangeError(`no cart at index ${index}`);
  };
  return {
    length: count,
    idAt: (index) => {
      checkIndex(index);
      return index + 1;
    },
    cartAt: (index): Cart => {
      checkIndex(index);
      const lines: CartLine[] = [];
      for (let line = lineStarts[index] ?? 0; line < (lineStarts[index + 1] ?? 0); line++) {
        lines.push({ productId: lineProducts[line] ?? 0, quantity: lineQuantities[line] ?? 0 });
      }
      return { id: index + 1, userId: userIds[index] ?? 0, date: DATE_STRINGS[days[index] ?? 0] ?? '', products: lines, __v: 0 };
    },
    indexOfId: (id) => (Number.isInteger(id) && id >= 1 && id <= count ? id - 1 : -1),
  };
}
