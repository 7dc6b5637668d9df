import type { z } from 'zod';
import { amount, nonEmptyText, nonNegativeInt, positiveInt, record, text } from './_fields.js';

/** A product of `GET /products`. */
export const productSchema = record({
  id: positiveInt(),
  title: nonEmptyText(),
  price: amount(),
  description: text(),
  category: nonEmptyText(),
  image: text(),
  rating: record({
    rate: amount().max(5, { error: 'expected a number between 0 and 5' }),
    count: nonNegativeInt(),
  }),
});

export type Product = z.output<typeof productSchema>;
