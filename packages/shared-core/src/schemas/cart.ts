import { z } from 'zod';
import { dateTime, positiveInt, record, versionKey } from './_fields.js';

/** One product line of a cart. */
export const cartLineSchema = record({
  productId: positiveInt(),
  quantity: positiveInt(),
});

/** A cart of `GET /carts`. */
export const cartSchema = record({
  id: positiveInt(),
  userId: positiveInt(),
  date: dateTime(),
  products: z.array(cartLineSchema, { error: 'expected a list of product lines' }),
  __v: versionKey(),
});

export type CartLine = z.output<typeof cartLineSchema>;
export type Cart = z.output<typeof cartSchema>;
