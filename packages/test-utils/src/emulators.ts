import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { repoRoot } from './paths.js';
import { startProcess } from './process.js';

export type EmulatorKind = 'pubsub' | 'gcs' | 'bigquery';

export interface EmulatorOptions {
  /** BigQuery: the project the emulator serves. Default `test-project`. */
  projectId?: string;
  /** BigQuery: a fake-gcs-server URL, so load jobs can read gs:// URIs. */
  storageEmulatorHost?: string;
}

export interface RunningEmulator {
  kind: EmulatorKind;
  /** `127.0.0.1:PORT` */
  host: string;
  /** `http://127.0.0.1:PORT` */
  url: string;
  /** Pub/Sub: the admin endpoint that injects failures (POST /fail?method=Publish&code=CODE&times=N, POST /reset). */
  adminUrl?: string;
  /** The environment variables that point Google's clients at this emulator. */
  env: Record<string, string>;
  stop(): Promise<void>;
}

const binaries: Record<EmulatorKind, string> = {
  pubsub: 'pubsub-emulator',
  gcs: 'fake-gcs-server',
  bigquery: 'bigquery-emulator',
};

/** Path of an emulator binary built by `make emulators`; a clear error when it is missing. */
export function emulatorBinary(kind: EmulatorKind): string {
  const path = join(repoRoot, '.tools', 'bin', binaries[kind]);
  if (!existsSync(path)) throw new Error(`${path} is missing: run 'make emulators' (scripts/emulators.sh build)`);
  return path;
}

/**
 * Whether tests that need this emulator should run: when its binary exists, and always under
 * `make test` / CI (REQUIRE_EMULATORS=1), so that a missing build fails loudly instead of
 * turning into a silent skip.
 */
export function hasEmulator(kind: EmulatorKind): boolean {
  return process.env.REQUIRE_EMULATORS === '1' || existsSync(join(repoRoot, '.tools', 'bin', binaries[kind]));
}

/** A port free right now on loopback (for emulators that cannot pick their own). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Starts an emulator on a loopback port and waits until it serves. */
export async function startEmulator(kind: EmulatorKind, options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const command = emulatorBinary(kind);
  if (kind === 'pubsub') {
    const running = await startProcess({ command, args: ['-port', '0', '-admin-port', '0'], ready: /listening on (127\.0\.0\.1:\d+)/ });
    const host = running.ready[1]!;
    const admin = /admin on (http:\/\/127\.0\.0\.1:\d+)/.exec(running.stdout() + running.stderr());
    return {
      kind, host, url: `http://${host}`, adminUrl: admin?.[1],
      env: { PUBSUB_EMULATOR_HOST: host },
      stop: async () => { await running.stop(); },
    };
  }
  const port = await freePort();
  const host = `127.0.0.1:${port}`;
  if (kind === 'gcs') {
    const running = await startProcess({
      command,
      args: ['-scheme', 'http', '-host', '127.0.0.1', '-port', String(port), '-backend', 'memory', '-public-host', host],
      ready: /server started at/,
    });
    return { kind, host, url: `http://${host}`, env: { STORAGE_EMULATOR_HOST: `http://${host}` }, stop: async () => { await running.stop(); } };
  }
  const grpcPort = await freePort();
  const running = await startProcess({
    command,
    args: [`--project=${options.projectId ?? 'test-project'}`, '--host=127.0.0.1', `--port=${port}`, `--grpc-port=${grpcPort}`],
    env: { ...process.env, ...(options.storageEmulatorHost ? { STORAGE_EMULATOR_HOST: options.storageEmulatorHost } : {}) },
    ready: /REST server listening at/,
  });
  return { kind, host, url: `http://${host}`, env: { BIGQUERY_EMULATOR_HOST: `http://${host}` }, stop: async () => { await running.stop(); } };
}
