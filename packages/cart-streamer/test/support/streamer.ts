import { readFile, readdir, utimes } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { type RunningSim, type SimOptions, startSim } from '@fakestore/fakestore-sim';
import { type CliResult, type RunningProcess, type TempDir, cliEntry, makeTempDir, runCli, startProcess } from '@fakestore/test-utils';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';

/** Variables that would change the mode or paths of a run: never inherited by the CLI under test. */
const leaky = /^(GCP_|PUBSUB_|PIPELINE_|FAKESTORE_|GOOGLE_APPLICATION_CREDENTIALS$|CART_|LOG_LEVEL$|LOG_FORMAT$|DEBUG$|PORT$)/;

export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!leaky.test(key)) env[key] = value;
  return { ...env, ...extra };
}

export interface Workspace {
  dir: string;
  stateFile: string;
  eventsDir: string;
  /** The CLI's path flags for this workspace. */
  paths: string[];
}

export interface StreamerHarness {
  sim(): RunningSim;
  ws(): Workspace;
  /** Runs the built CLI in the workspace against the simulator. */
  run(args: string[], env?: Record<string, string>): Promise<CliResult>;
  /** Runs `cart-streamer replay-dlq` in the workspace (its events dir). */
  replay(args: string[], env?: Record<string, string>): Promise<CliResult>;
  /** `POST|PUT|DELETE /__admin/...` with a JSON body. */
  admin(method: string, path: string, body?: unknown): Promise<void>;
  /** Killed after the test, whatever happened in it (see `startStreamer`). */
  track(process: RunningProcess): RunningProcess;
}

/** One simulator per file (the real data set, or `sim` options), reset before each test, and a fresh workspace per test. */
export function useStreamer(sim: Omit<SimOptions, 'port'> = {}): StreamerHarness {
  let running: RunningSim | undefined;
  let temp: TempDir | undefined;
  const started: RunningProcess[] = [];
  beforeAll(async () => { running = await startSim({ ...sim, port: 0 }); });
  afterAll(async () => { await running?.close(); });
  beforeEach(async () => {
    temp = await makeTempDir('cart-streamer-');
    await harness.admin('POST', '/__admin/reset');
  });
  afterEach(async () => {
    // A test that failed half-way must not leave a streamer polling (and holding the workspace) behind.
    await Promise.all(started.splice(0).map((process) => process.stop('SIGKILL')));
    await temp?.remove();
  });

  const harness: StreamerHarness = {
    sim: () => running ?? fail('the simulator has not started'),
    ws: () => {
      const dir = temp?.path ?? fail('no workspace');
      const stateFile = join(dir, 'state', 'carts_state.json');
      const eventsDir = join(dir, 'events');
      return { dir, stateFile, eventsDir, paths: ['--state-file', stateFile, '--events-dir', eventsDir] };
    },
    run: (args, env = {}) =>
      runCli('cart-streamer', [...args, '--api-url', harness.sim().url, ...harness.ws().paths], { cwd: harness.ws().dir, env: cleanEnv(env) }),
    replay: (args, env = {}) =>
      runCli('cart-streamer', ['replay-dlq', ...args, '--events-dir', harness.ws().eventsDir], { cwd: harness.ws().dir, env: cleanEnv(env) }),
    admin: async (method, path, body) => {
      const response = await fetch(`${harness.sim().url}${path}`, {
        method,
        ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
      });
      if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    },
    track: (process) => {
      started.push(process);
      return process;
    },
  };
  return harness;
}

/** Starts the built CLI as a long-running process (for signal tests); ready once it logged its start line. */
export async function startStreamer(harness: StreamerHarness, args: string[], env: Record<string, string> = {}): Promise<RunningProcess> {
  return harness.track(await startProcess({
    command: process.execPath,
    args: [cliEntry('cart-streamer'), ...args, '--api-url', harness.sim().url, ...harness.ws().paths],
    cwd: harness.ws().dir,
    env: cleanEnv(env),
    ready: /"msg":"(local|gcp) mode -> /,
  }));
}

/** The streamer's single-instance lock, in the state folder. */
export function streamerLockPath(ws: Workspace): string {
  return join(dirname(ws.stateFile), '.cart-streamer.lock');
}

/**
 * Makes a lock look abandoned: last refreshed longer ago than the 20 s stale window, which is what
 * a SIGKILLed holder's lock becomes once that time has passed (the tests do not wait it out).
 */
export async function ageLockPastStaleWindow(path: string): Promise<void> {
  const lastRefresh = new Date(Date.now() - 21_000);
  await utimes(path, lastRefresh, lastRefresh);
}

export interface EventRow {
  subscription_name: string;
  message_id: string;
  publish_time: string;
  attributes: Record<string, string>;
  data: string;
}

/** The files of a folder tree, relative and sorted; `[]` when it does not exist. */
export async function listFiles(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { recursive: true, withFileTypes: true });
    return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name).slice(dir.length + 1)).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

export async function readJsonLines<T>(path: string): Promise<T[]> {
  const text = await readFile(path, 'utf8');
  return text.split('\n').filter((line) => line.trim() !== '').map((line) => JSON.parse(line) as T);
}

/** Every event-log file, oldest first, with its rows. */
export async function eventFiles(eventsDir: string): Promise<{ file: string; rows: EventRow[] }[]> {
  const dir = join(eventsDir, 'carts-events');
  const files = await listFiles(dir);
  return Promise.all(files.map(async (file) => ({ file, rows: await readJsonLines<EventRow>(join(dir, file)) })));
}

/** The event's type, cart and version, e.g. `['cart_created', 1, 1]`. */
export function typeCartVersion(row: Pick<EventRow, 'attributes' | 'data'>): [string | undefined, number, number] {
  const data = JSON.parse(row.data) as { cart_id: number; version: number };
  return [row.attributes['ce-type'], data.cart_id, data.version];
}

export interface StateLine {
  id: number;
  version: number;
  hash: string | null;
  seen: string | null;
  cart: { id: number; userId: number; date: string; products: { productId: number; quantity: number }[] } | null;
}

/** A segment of the state: its first line (header), its cart lines by id, its last line (trailer). */
export async function readSegment(path: string): Promise<{ header: Record<string, unknown>; carts: Record<string, StateLine>; trailer: Record<string, unknown> }> {
  const lines = await readJsonLines<Record<string, unknown>>(path);
  const carts = Object.fromEntries(lines.slice(1, -1).map((line) => [String(line.id), line as unknown as StateLine]));
  return { header: lines[0]!, carts, trailer: lines.at(-1)! };
}

/**
 * The state as a person reads it (format 3): the manifest at the state file, and what its segments
 * say of each cart, oldest first, a later segment's line replacing an earlier one.
 */
export async function readStateFile(path: string): Promise<{ manifest: Record<string, unknown> & { segments: { file: string; kind: string; carts: number }[] }; carts: Record<string, StateLine>; segments: string[] }> {
  const manifest = JSON.parse(await readFile(path, 'utf8')) as Awaited<ReturnType<typeof readStateFile>>['manifest'];
  const carts: Record<string, StateLine> = {};
  const segments = manifest.segments.map((ref) => join(dirname(path), ref.file));
  for (const segment of segments) Object.assign(carts, (await readSegment(segment)).carts);
  return { manifest, carts, segments };
}

/** Summary lines the CLI logged (JSON logs, since stdout is not a TTY). */
export function summaries(stdout: string): Record<string, number>[] {
  return stdout.split('\n').filter((line) => line.includes('"cycle_ms"')).map((line) => JSON.parse(line) as Record<string, number>);
}

function fail(message: string): never {
  throw new Error(message);
}
