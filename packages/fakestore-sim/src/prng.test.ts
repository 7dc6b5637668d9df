import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRandom, deriveSeed, mulberry32 } from './prng.js';

const draw = (seed: number, count: number): number[] => {
  const next = mulberry32(seed);
  return Array.from({ length: count }, () => next());
};

describe('the seeded PRNG', () => {
  it('repeats exactly for the same seed and diverges for another', () => {
    expect(draw(42, 50)).toEqual(draw(42, 50));
    expect(draw(42, 50)).not.toEqual(draw(43, 50));
  });

  it('yields floats in [0, 1) and integers within the inclusive bounds', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: -1000, max: 1000 }), fc.integer({ min: 0, max: 1000 }), (seed, min, span) => {
        const random = createRandom(seed);
        for (let i = 0; i < 20; i++) {
          const float = random.next();
          expect(float).toBeGreaterThanOrEqual(0);
          expect(float).toBeLessThan(1);
          const value = random.int(min, min + span);
          expect(Number.isInteger(value) && value >= min && value <= min + span).toBe(true);
        }
      }),
    );
  });

  it('derives a different seed per purpose, so collections draw independent streams', () => {
    expect(deriveSeed(1, 'products')).not.toBe(deriveSeed(1, 'carts'));
    expect(deriveSeed(1, 'products')).not.toBe(deriveSeed(2, 'products'));
    expect(deriveSeed(1, 'products')).toBe(deriveSeed(1, 'products'));
  });

  it('refuses to pick from an empty list', () => {
    expect(() => createRandom(1).pick([])).toThrow(RangeError);
  });
});
