import type { SimOptions } from './options.js';

/** The CLI's flags; citty renders --help from the same table. */
export const CLI_ARGS = {
  port: { type: 'string', description: 'Port on 127.0.0.1; 0 picks a free one', valueHint: 'N', default: '3999' },
  products: { type: 'string', description: 'Synthetic products (default 20 once synthetic)', valueHint: 'N' },
  users: { type: 'string', description: 'Synthetic users (default 10 once synthetic)', valueHint: 'N' },
  carts: { type: 'string', description: 'Synthetic carts (default 7 once synthetic)', valueHint: 'N' },
  seed: { type: 'string', description: 'Seed of the synthetic data (default 1)', valueHint: 'S' },
  verbose: { type: 'boolean', description: 'Log one line per request to stderr' },
} as const;

export const CLI_EXAMPLES = `EXAMPLES

  fakestore-sim                                   real data on http://127.0.0.1:3999
  fakestore-sim --port 0                          real data on a free port (printed first)
  fakestore-sim --carts 1000000 --seed 42         a million synthetic carts, same bytes every run
  fakestore-sim --products 500 --users 100 --carts 5000 --verbose
`;

export type CliParse = { ok: true; options: SimOptions; verbose: boolean } | { ok: false; message: string };

const VALUE_FLAGS = new Set(Object.entries(CLI_ARGS).filter(([, spec]) => spec.type === 'string').map(([name]) => name));
const KNOWN_FLAGS = new Set([...Object.keys(CLI_ARGS), 'help', 'h']);

/** The first argument that is not a known flag (or a known flag's value), described; undefined if none. */
function findStrayArgument(rawArgs: readonly string[]): string | undefined {
  for (let index = 0; index < rawArgs.length; index++) {
    const raw = rawArgs[index] ?? '';
    if (!raw.startsWith('-') || raw === '-' || raw === '--') return `unexpected argument "${raw}"`;
    const [flag = '', inlineValue] = raw.split('=', 2);
    const name = flag.replace(/^--?/, '');
    if (!KNOWN_FLAGS.has(name)) return `unknown flag ${flag}`;
    // "--port 0": the next argument is this flag's value, even when it looks negative.
    if (VALUE_FLAGS.has(name) && inlineValue === undefined) index++;
  }
  return undefined;
}

function readInteger(name: string, raw: unknown): number | string | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string' || raw === '') return `--${name} needs a value`;
  if (!/^-?\d+$/.test(raw)) return `--${name} must be an integer, got "${raw}"`;
  return Number(raw);
}

/**
 * Turns the raw argument list and citty's parsed flags into simulator options, or one line
 * saying what is wrong. Unknown flags are errors: citty would otherwise ignore a typo silently.
 */
export function parseCliArgs(rawArgs: readonly string[], args: Readonly<Record<string, unknown>>): CliParse {
  const stray = findStrayArgument(rawArgs);
  if (stray !== undefined) return { ok: false, message: stray };
  const options: SimOptions = {};
  for (const name of ['port', 'products', 'users', 'carts', 'seed'] as const) {
    const value = readInteger(name, args[name]);
    if (typeof value === 'string') return { ok: false, message: value };
    if (value === undefined) continue;
    if (name !== 'seed' && value < 0) return { ok: false, message: `--${name} must not be negative, got ${value}` };
    options[name] = value;
  }
  return { ok: true, options, verbose: args.verbose === true };
}
