import { DEFAULT_SEED, REAL_SIZES, type SyntheticSpec } from './synthetic.js';

export interface RequestEvent {
  method: string;
  path: string;
  status: number;
  durationMs: number;
}

export interface SimOptions {
  /** 0 (the default here; the CLI defaults to 3999) picks a free port. */
  port?: number;
  /** Giving any count (or a seed) switches to synthetic data; counts not given keep the real sizes (20/10/7). */
  products?: number;
  users?: number;
  carts?: number;
  /** Seed of the synthetic data; default 1. */
  seed?: number;
  /** Called once per answered request, admin ones included (the CLI's --verbose). */
  onRequest?: (event: RequestEvent) => void;
}

export interface SimSettings {
  port: number;
  /** Undefined: serve the real captured data. */
  synthetic: SyntheticSpec | undefined;
}

/** Generous ceilings that still catch a typo like 1e12 before it exhausts memory. */
export const MAX_COUNTS = { products: 1_000_000, users: 1_000_000, carts: 10_000_000 } as const;

/** Validates options and fills in defaults; throws a RangeError whose message names the option. */
export function resolveSimOptions(options: SimOptions): SimSettings {
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new RangeError(`port must be an integer from 0 to 65535, got ${port}`);
  for (const name of ['products', 'users', 'carts'] as const) {
    const count = options[name];
    if (count !== undefined && (!Number.isInteger(count) || count < 0 || count > MAX_COUNTS[name])) {
      throw new RangeError(`${name} must be an integer from 0 to ${MAX_COUNTS[name]}, got ${count}`);
    }
  }
  if (options.seed !== undefined && !Number.isSafeInteger(options.seed)) throw new RangeError(`seed must be an integer, got ${options.seed}`);
  const synthetic = [options.products, options.users, options.carts, options.seed].some((value) => value !== undefined);
  if (!synthetic) return { port, synthetic: undefined };
  const spec: SyntheticSpec = {
    products: options.products ?? REAL_SIZES.products,
    users: options.users ?? REAL_SIZES.users,
    carts: options.carts ?? REAL_SIZES.carts,
    seed: options.seed ?? DEFAULT_SEED,
  };
  if (spec.carts > 0 && (spec.users === 0 || spec.products === 0)) {
    throw new RangeError('carts need at least one user and one product to refer to');
  }
  return { port, synthetic: spec };
}
