import type { Logger } from '@fakestore/shared-core';
import {
  UsageError,
  addConfigOptions,
  booleanSetting,
  configFields,
  defineConfigFields,
  intSetting,
  loadConfig,
  onRun,
  packageVersion,
  toolProgram,
} from '@fakestore/shared-core/cli';
import type { Command } from 'commander';
import { MAX_COUNTS, type RequestEvent, type SimOptions } from './options.js';
import { startSim } from './server.js';

/** The sim's flags, in the pipeline tools' one-table form; only LOG_FORMAT also comes from the environment. */
export const simFields = defineConfigFields({
  port: { flag: 'port', description: 'Port on 127.0.0.1; 0 picks a free one', valueHint: 'N', schema: intSetting(0, 65_535).default(3999) },
  products: {
    flag: 'products',
    description: 'Synthetic products (20 when only other counts or the seed are given)',
    valueHint: 'N',
    schema: intSetting(0, MAX_COUNTS.products).optional(),
  },
  users: {
    flag: 'users',
    description: 'Synthetic users (10 when only other counts or the seed are given)',
    valueHint: 'N',
    schema: intSetting(0, MAX_COUNTS.users).optional(),
  },
  carts: {
    flag: 'carts',
    description: 'Synthetic carts (7 when only other counts or the seed are given)',
    valueHint: 'N',
    schema: intSetting(0, MAX_COUNTS.carts).optional(),
  },
  seed: {
    flag: 'seed',
    description: 'Seed of the synthetic data (1 when only counts are given)',
    valueHint: 'S',
    schema: intSetting(Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER).optional(),
  },
  verbose: { flag: 'verbose', flagType: 'boolean', description: 'Log one line per request to stderr', schema: booleanSetting().default(false) },
  logFormat: configFields.logFormat,
});

/** The fakestore-sim CLI. It runs until SIGINT or SIGTERM, then exits 0. */
export function createCli(): Command {
  const program = toolProgram({
    name: 'fakestore-sim',
    version: packageVersion(new URL('../package.json', import.meta.url)),
    description: [
      'A faithful local replica of the Fake Store API, with synthetic scale and fault injection.',
      'The first stdout line is "listening on http://127.0.0.1:PORT". SIGINT or SIGTERM closes it (exit 0); bad flags exit 2, a port in use exits 1.',
    ],
    examples: [
      'fakestore-sim                                   # real data on http://127.0.0.1:3999',
      'fakestore-sim -p 0                              # real data on a free port (printed first)',
      'fakestore-sim --carts 1000000 --seed 42         # a million synthetic carts, same bytes every run',
      'fakestore-sim --products 500 --users 100 --carts 5000 --verbose',
      'fakestore-sim -v --log-format json              # one JSON line per request on stderr',
    ],
  });
  addConfigOptions(program, simFields, { short: { port: 'p', seed: 's', verbose: 'v' } });
  return onRun(program, serve);
}

async function serve(flags: Record<string, unknown>): Promise<number> {
  const { verbose, logFormat, ...options } = loadConfig(simFields, { flags });
  // The logger (pino) loads only for --verbose: the sim starts fast.
  const logger = verbose
    ? (await import('@fakestore/shared-core')).createLogger({ name: 'fakestore-sim', format: logFormat, destination: process.stderr })
    : undefined;
  const stopped = untilSignal();
  const starting = startSim({ ...definedOnly(options), ...(logger ? { onRequest: requestLogger(logger) } : {}) }).catch((error: unknown) => {
    if (error instanceof RangeError) throw new UsageError(error.message, { cause: error });
    if ((error as { code?: unknown }).code === 'EADDRINUSE') throw new Error(`port ${options.port} is already in use`, { cause: error });
    throw error;
  });
  // A signal while a large data set is still being generated ends the run there.
  const sim = await Promise.race([starting, stopped.then(() => undefined)]);
  if (sim === undefined) {
    void starting.then((late) => late.close(), () => undefined);
    return 0;
  }
  // Scripts wait for this exact first line to learn the port.
  process.stdout.write(`listening on ${sim.url}\n`);
  await stopped;
  await sim.close();
  return 0;
}

/** Settles on the first SIGINT or SIGTERM; listening from before startup. */
function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
}

function requestLogger(logger: Logger): (event: RequestEvent) => void {
  return ({ method, path, status, durationMs }) =>
    logger.info({ method, path, status, duration_ms: durationMs }, `${method} ${path} ${status} ${durationMs}ms`);
}

function definedOnly(options: Omit<SimOptions, 'onRequest'>): SimOptions {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
}
