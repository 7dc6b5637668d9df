import { describe, expect, it } from 'vitest';
import { resolveSimOptions } from './options.js';

describe('simulator options', () => {
  it('serve the real data on a free port by default', () => {
    expect(resolveSimOptions({})).toEqual({ port: 0, synthetic: undefined });
  });

  it('switch to synthetic data when any count or a seed is given, other counts taking the real sizes', () => {
    expect(resolveSimOptions({ carts: 1000 }).synthetic).toEqual({ products: 20, users: 10, carts: 1000, seed: 1 });
    expect(resolveSimOptions({ seed: 5 }).synthetic).toEqual({ products: 20, users: 10, carts: 7, seed: 5 });
  });

  it.each([
    [{ port: -1 }, /port/],
    [{ port: 1.5 }, /port/],
    [{ products: -3 }, /products/],
    [{ carts: 2.5 }, /carts/],
    [{ carts: 1e12 }, /carts/],
    [{ seed: 0.5 }, /seed/],
    [{ users: 0, carts: 1 }, /at least one user/],
  ])('reject %j, naming the option', (options, message) => {
    expect(() => resolveSimOptions(options)).toThrow(message);
  });
});
