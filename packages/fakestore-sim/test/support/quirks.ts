import { z } from 'zod';

/**
 * The shapes and quirks of the real Fake Store data, as schemas: integer-or-decimal numbers,
 * string coordinates, `__v: 0`, midnight-UTC ISO dates. Real and synthetic records must both pass.
 */
const coordinate = z.string().regex(/^-?\d+\.\d+$/);

export const productSchema = z.strictObject({
  id: z.int().min(1),
  title: z.string().min(1),
  price: z.number().positive(),
  description: z.string().min(1),
  category: z.string().min(1),
  image: z.url(),
  rating: z.strictObject({ rate: z.number().min(0).max(5), count: z.int().min(0) }),
});

export const userSchema = z.strictObject({
  address: z.strictObject({
    geolocation: z.strictObject({ lat: coordinate, long: coordinate }),
    city: z.string().min(1),
    street: z.string().min(1),
    number: z.int(),
    zipcode: z.string().regex(/^\d{5}-\d{4}$/),
  }),
  id: z.int().min(1),
  email: z.email(),
  username: z.string().min(1),
  password: z.string().min(1),
  name: z.strictObject({ firstname: z.string().min(1), lastname: z.string().min(1) }),
  phone: z.string().regex(/^1-\d{3}-\d{3}-\d{4}$/),
  __v: z.literal(0),
});

export const cartSchema = z.strictObject({
  id: z.int().min(1),
  userId: z.int().min(1),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}T00:00:00\.000Z$/),
  products: z.array(z.strictObject({ productId: z.int().min(1), quantity: z.int().min(1) })),
  __v: z.literal(0),
});

/**
 * The field order of a record, nested objects included ("address(geolocation(lat,long),city,...)"),
 * so a test can demand the same layout as the real data, not just the same fields.
 */
export function fieldOrder(value: unknown): string {
  if (Array.isArray(value)) return value.length === 0 ? '[]' : `[${fieldOrder(value[0])}]`;
  if (typeof value !== 'object' || value === null) return '';
  return Object.entries(value)
    .map(([key, inner]) => `${key}${typeof inner === 'object' && inner !== null ? `(${fieldOrder(inner)})` : ''}`)
    .join(',');
}
