import { defineCommand, renderUsage, runMain } from 'citty';
import { CLI_ARGS, CLI_EXAMPLES, parseCliArgs } from './cli-args.js';
import type { RequestEvent } from './options.js';
import { startSim, type RunningSim } from './server.js';

/** Bad usage exits 2 (as getopt tools do), distinct from a failure to start (1). */
const EXIT_USAGE = 2;
const EXIT_FAILURE = 1;

const fail = (message: string, code: number): void => {
  process.stderr.write(`fakestore-sim: ${message}\n`);
  process.exit(code);
};

const logRequest = (event: RequestEvent): void => {
  process.stderr.write(`${new Date().toISOString()} ${event.method} ${event.path} ${event.status} ${event.durationMs}ms\n`);
};

/**
 * Installed before startup, so a signal that arrives while a large data set is still being
 * generated also ends the process cleanly rather than by the default disposition.
 */
function exitCleanlyOnSignals(): { serving(sim: RunningSim): void } {
  let running: RunningSim | undefined;
  const stop = (): void => {
    const closed = running?.close() ?? Promise.resolve();
    closed.then(
      () => process.exit(0),
      () => process.exit(0),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return {
    serving(sim) {
      running = sim;
    },
  };
}

const command = defineCommand({
  meta: {
    name: 'fakestore-sim',
    description: 'A faithful local replica of the Fake Store API, with synthetic scale and fault injection',
  },
  args: CLI_ARGS,
  async run({ rawArgs, args }) {
    const parsed = parseCliArgs(rawArgs, args);
    if (!parsed.ok) return fail(`${parsed.message} (see --help)`, EXIT_USAGE);
    const signals = exitCleanlyOnSignals();
    let sim: RunningSim;
    try {
      sim = await startSim({ ...parsed.options, ...(parsed.verbose ? { onRequest: logRequest } : {}) });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const usage = error instanceof RangeError;
      const inUse = (error as { code?: unknown }).code === 'EADDRINUSE';
      return fail(inUse ? `port ${parsed.options.port ?? 3999} is already in use` : message, usage ? EXIT_USAGE : EXIT_FAILURE);
    }
    signals.serving(sim);
    // Scripts wait for this exact first line to learn the port.
    process.stdout.write(`listening on ${sim.url}\n`);
  },
});

await runMain(command, {
  showUsage: async (cmd, parent) => {
    process.stdout.write(`${await renderUsage(cmd, parent)}\n\n${CLI_EXAMPLES}`);
  },
});
