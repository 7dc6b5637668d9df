import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { type RunningSim, startSim } from '@fakestore/fakestore-sim';
import { type Manifest, parseManifest } from '@fakestore/shared-core';
import { type CliResult, type RunningProcess, type TempDir, cliEntry, makeTempDir, runCli, startProcess } from '@fakestore/test-utils';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';

export interface FaultSpec {
  count: number;
  path?: string;
  status?: number;
  latencyMs?: number;
  body?: 'truncated-json' | 'html' | 'wrong-types';
}

export interface Harness {
  sim(): RunningSim;
  /** A fresh folder per test: the working directory (no stray .env) holding the lake in `data/`. */
  dir(): string;
  dataDir(): string;
  /** The built CLI against the simulator, with a minimal environment (no GCP_* leaking in from the host). */
  run(args: string[], env?: Record<string, string>): Promise<CliResult>;
  /** The same run, left running: ready once it logged its first line (it holds the data dir's lock by then). Killed after the test. */
  start(args: string[], env?: Record<string, string>): Promise<RunningProcess>;
  /** `batch-ingest push-pending` on the same lake, same minimal environment. */
  pushPending(args: string[], env?: Record<string, string>): Promise<CliResult>;
  fault(spec: FaultSpec): Promise<void>;
  requests(): Promise<{ method: string; path: string }[]>;
}

/** One simulator per test file, reset before each test; a temp folder per test. */
export function useHarness(): Harness {
  let sim: RunningSim | undefined;
  let temp: TempDir | undefined;
  const started: RunningProcess[] = [];
  beforeAll(async () => { sim = await startSim({ port: 0 }); });
  afterAll(async () => { await sim?.close(); });
  beforeEach(async () => {
    temp = await makeTempDir('batch-ingest-test-');
    await admin('POST', '/__admin/reset');
  });
  afterEach(async () => {
    await Promise.all(started.splice(0).map((running) => running.stop('SIGKILL')));
    await temp?.remove();
  });

  const harness: Harness = {
    sim: () => sim ?? fail('the simulator has not started'),
    dir: () => temp?.path ?? fail('no temp dir'),
    dataDir: () => join(harness.dir(), 'data'),
    run: (args, env = {}) =>
      runCli('batch-ingest', [...args, '--api-url', harness.sim().url, '--data-dir', harness.dataDir()], {
        cwd: harness.dir(),
        env: { PATH: process.env.PATH ?? '', ...env },
      }),
    start: async (args, env = {}) => {
      const running = await startProcess({
        command: process.execPath,
        args: [cliEntry('batch-ingest'), ...args, '--api-url', harness.sim().url, '--data-dir', harness.dataDir()],
        cwd: harness.dir(),
        env: { PATH: process.env.PATH ?? '', ...env },
        ready: /"msg":"run [0-9a-f-]{36}: /,
      });
      started.push(running);
      return running;
    },
    pushPending: (args, env = {}) =>
      runCli('batch-ingest', ['push-pending', ...args, '--data-dir', harness.dataDir()], {
        cwd: harness.dir(),
        env: { PATH: process.env.PATH ?? '', ...env },
      }),
    fault: async (spec) => { await admin('POST', '/__admin/faults', spec); },
    requests: async () => ((await admin('GET', '/__admin/requests')) as { requests: { method: string; path: string }[] }).requests,
  };

  async function admin(method: string, path: string, body?: unknown): Promise<unknown> {
    const response = await fetch(`${harness.sim().url}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    return response.json();
  }
  return harness;
}

export interface PartitionOnDisk {
  prefix: string;
  manifest: Manifest | undefined;
  data: string;
}

/** Every partition of an entity under the lake, as found on disk. */
export async function partitions(dataDir: string, entity: string): Promise<PartitionOnDisk[]> {
  const found: PartitionOnDisk[] = [];
  const root = join(dataDir, 'raw', entity);
  for (const date of await readdir(root).catch(() => [])) {
    for (const run of await readdir(join(root, date))) {
      const dir = join(root, date, run);
      found.push({
        prefix: `raw/${entity}/${date}/${run}`,
        manifest: parseManifest(await readFile(join(dir, '_manifest.json'), 'utf8').catch(() => '')),
        data: await readFile(join(dir, 'data.jsonl'), 'utf8'),
      });
    }
  }
  return found;
}

/** Every file under a folder, recursively, with its content. */
export async function allFiles(dir: string): Promise<{ path: string; text: string }[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return Promise.all(
    entries.filter((entry) => entry.isFile()).map(async (entry) => {
      const path = join(entry.parentPath, entry.name);
      return { path, text: await readFile(path, 'utf8') };
    }),
  );
}

/** The JSON log lines of a run's stdout. */
export function logLines(stdout: string): Record<string, unknown>[] {
  return stdout.split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as Record<string, unknown>);
}

export const jsonLines = (text: string) => text.trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);

function fail(message: string): never {
  throw new Error(message);
}
