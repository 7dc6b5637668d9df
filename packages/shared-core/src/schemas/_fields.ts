import { z } from 'zod';

/** Field schemas shared by the Fake Store record schemas; messages read well after `path: `. */

export const positiveInt = () =>
  z
    .number({ error: 'expected a positive whole number' })
    .int({ error: 'expected a positive whole number' })
    .positive({ error: 'expected a positive whole number' });

export const nonNegativeInt = () =>
  z
    .number({ error: 'expected a whole number >= 0' })
    .int({ error: 'expected a whole number >= 0' })
    .nonnegative({ error: 'expected a whole number >= 0' });

/** Finite, >= 0; integer or float (the API sends `695` as well as `109.95`). */
export const amount = () => z.number({ error: 'expected a number' }).nonnegative({ error: 'expected a number >= 0' });

export const text = () => z.string({ error: 'expected a string' });

export const nonEmptyText = () => text().refine((value) => value.trim() !== '', { error: 'expected a non-empty string' });

/** A number, or a string that parses as one (the API sends geolocation as `"-37.3159"`), within a range. */
export const numeric = (min: number, max: number) =>
  z.union([z.number(), z.string()], { error: 'expected a number or a numeric string' }).refine(
    (value) => {
      const number = typeof value === 'number' ? value : value.trim() === '' ? Number.NaN : Number(value);
      return Number.isFinite(number) && number >= min && number <= max;
    },
    { error: `expected a number between ${min} and ${max} (or such a numeric string)` },
  );

/** A date-time string such as `2020-03-02T00:00:00.000Z`. */
export const dateTime = () =>
  text().refine((value) => /^\d{4}-\d{2}-\d{2}/.test(value) && !Number.isNaN(Date.parse(value)), {
    error: 'expected an ISO 8601 date-time such as 2020-03-02T00:00:00.000Z',
  });

/** Mongo's version key, present on users and carts. */
export const versionKey = () => nonNegativeInt().optional();

/** A loose object: unknown fields pass through untouched, so API schema drift never rejects a record. */
export const record = <S extends z.core.$ZodLooseShape>(shape: S) => z.looseObject(shape, { error: 'expected an object' });
