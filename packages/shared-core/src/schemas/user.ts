import type { z } from 'zod';
import { nonEmptyText, numeric, positiveInt, record, text, versionKey } from './_fields.js';

/**
 * A user of `GET /users`. The API sends a plaintext `password`; it is accepted here and must be
 * removed (`redactSecrets`) before a record is written anywhere.
 */
export const userSchema = record({
  id: positiveInt(),
  email: text().refine((value) => /^[^\s@]+@[^\s@]+$/.test(value), { error: 'expected an email address (name@domain)' }),
  username: nonEmptyText(),
  password: text().optional(),
  name: record({
    firstname: text(),
    lastname: text(),
  }),
  address: record({
    city: text(),
    street: text(),
    number: numeric(0, Number.MAX_SAFE_INTEGER),
    zipcode: text(),
    geolocation: record({
      lat: numeric(-90, 90),
      long: numeric(-180, 180),
    }),
  }),
  phone: text(),
  __v: versionKey(),
});

export type User = z.output<typeof userSchema>;
