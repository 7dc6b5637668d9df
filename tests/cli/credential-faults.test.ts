import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { type TempDir, freePort, makeTempDir, runCli } from '@fakestore/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

/*
 * Every command that talks to Google Cloud, run as the real built CLI on a machine without usable
 * credentials: no key file or a broken one, no gcloud login, no metadata server. Each must stop
 * before it writes anything, with exit 2 and exactly one stderr line that says what is wrong and
 * what fixes it: no stack trace, no MetadataLookupWarning, no private key.
 */

/** `[command line, tool, args]`; `{dir}` is the test's working directory. */
const commands = [
  ['batch-ingest', 'batch-ingest', ['--project-id', 'my-project', '--bucket-name', 'my-lake', '--data-dir', '{dir}/data', '--api-url', 'http://127.0.0.1:9']],
  ['batch-ingest push-pending', 'batch-ingest', ['push-pending', '--project-id', 'my-project', '--bucket-name', 'my-lake', '--data-dir', '{dir}/data']],
  ['cart-streamer --once', 'cart-streamer', ['--once', '--project-id', 'my-project', '--state-file', '{dir}/state/carts_state.json', '--events-dir', '{dir}/events', '--api-url', 'http://127.0.0.1:9']],
  ['cart-streamer replay-dlq', 'cart-streamer', ['replay-dlq', '--project-id', 'my-project', '--events-dir', '{dir}/events']],
  ['gcp-bootstrap doctor', 'gcp-bootstrap', ['doctor', '--project-id', 'my-project', '--bucket-name', 'my-lake']],
  ['gcp-bootstrap enable-apis', 'gcp-bootstrap', ['enable-apis', '--project-id', 'my-project']],
] as const;

const NO_CREDENTIALS = /no Google Cloud credentials found: run 'gcloud auth application-default login', or point GOOGLE_APPLICATION_CREDENTIALS \(or --credentials\) at a service-account key file/;

/** A truncated service-account key: the start of a private key, then nothing. */
const TRUNCATED_KEY = '{"type": "service_account", "client_email": "sa@my-project.iam.gserviceaccount.com", "private_key": "-----BEGIN PRIVATE KEY-----\\nMIIEvQIBADANBgkqhkiG9w0B';

const RUN_ID = '0b9f6c1e-8a43-4c1b-9d6e-2f1a3b4c5d6e';
const JOURNAL = 'data/_pending/push-journal.json';
/** A journal with one partition waiting for its push, as a gcp run that could not push leaves it. */
const PENDING = {
  [JOURNAL]: `${JSON.stringify({
    journal_version: 1,
    entries: [{
      prefix: `raw/products/date=2026-11-26/run_id=${RUN_ID}`, entity: 'products', date: '2026-11-26', run_id: RUN_ID,
      queued_at: '2026-11-26T10:00:00.000Z', stages_done: [], attempts: 1, last_error: 'Cloud Storage: unreachable',
    }],
  })}\n`,
};

interface Scenario {
  /** Extra environment, and files to write, under the test's directory. */
  env(dir: string): Record<string, string>;
  files?: Record<string, string>;
  /** The one line, after `<tool>: `; per command when they word it differently. */
  line: RegExp | ((command: string) => RegExp);
}

const scenarios: Record<string, Scenario> = {
  'no credentials at all (no key file, no gcloud login, not on Google Cloud)': {
    env: () => ({}),
    line: NO_CREDENTIALS,
  },
  'no credentials, and a metadata host that does not answer (the library\'s probe must neither hang nor warn)': {
    env: () => ({ GCE_METADATA_HOST: `127.0.0.1:${closedPort}` }),
    line: NO_CREDENTIALS,
  },
  'GOOGLE_APPLICATION_CREDENTIALS naming a file that does not exist': {
    env: (dir) => ({ GOOGLE_APPLICATION_CREDENTIALS: join(dir, 'keys', 'missing.json') }),
    line: (command) =>
      command === 'gcp-bootstrap doctor'
        ? /the key file \S+\/keys\/missing\.json cannot be used \(the file does not exist\): gcloud iam service-accounts keys create /
        : /the key file \S+\/keys\/missing\.json \(--credentials \/ GOOGLE_APPLICATION_CREDENTIALS\): no such file; point it at a service-account JSON key .*gcloud auth application-default login/,
  },
  'GOOGLE_APPLICATION_CREDENTIALS naming a truncated key file': {
    env: (dir) => ({ GOOGLE_APPLICATION_CREDENTIALS: join(dir, 'keys', 'sa.json') }),
    files: { 'keys/sa.json': TRUNCATED_KEY },
    line: (command) =>
      command === 'gcp-bootstrap doctor'
        ? /the key file \S+\/keys\/sa\.json cannot be used \(not valid JSON[^)]*\)/
        : /the key file \S+\/keys\/sa\.json \(--credentials \/ GOOGLE_APPLICATION_CREDENTIALS\): is not valid JSON \(error at character \d+\); point it at /,
  },
  'a gcloud application-default file that is not valid JSON': {
    env: () => ({}),
    files: { 'home/.config/gcloud/application_default_credentials.json': '{"type": "authorized_user", "client_id": ' },
    line: /the gcloud credentials file \S+\/application_default_credentials\.json: is not valid JSON[^;]*; run 'gcloud auth application-default login' to write it again/,
  },
  'METADATA_SERVER_DETECTION set to a value google-auth-library does not know': {
    env: () => ({ METADATA_SERVER_DETECTION: 'sometimes' }),
    line: /METADATA_SERVER_DETECTION is "sometimes": use one of assume-present, none, bios-only, ping-only, or unset it/,
  },
};

let closedPort = 0;
let temp: TempDir | undefined;
beforeEach(async () => {
  temp = await makeTempDir('credential-faults-');
  closedPort = await freePort(); // free a moment ago: nothing listens there
});
afterEach(async () => {
  await temp?.remove();
});

describe('credential faults, in every tool that talks to Google Cloud (the built CLIs)', () => {
  it.each(Object.keys(scenarios))('given %s, then every command exits 2 with one line (cause and fix) and writes nothing', async (name) => {
    const scenario = scenarios[name]!;
    const dir = temp!.path;
    mkdirSync(join(dir, 'home'), { recursive: true });
    // Something pending, so push-pending needs credentials (with nothing pending it needs none, and exits 0).
    for (const [file, text] of Object.entries({ ...PENDING, ...scenario.files })) {
      mkdirSync(join(dir, file, '..'), { recursive: true });
      writeFileSync(join(dir, file), text);
    }
    const before = await filesUnder(dir);
    // A minimal environment: no GOOGLE_* or METADATA_SERVER_DETECTION from the host (make test sets the latter).
    const env = { PATH: process.env.PATH ?? '', HOME: join(dir, 'home'), ...scenario.env(dir) };

    const results = await Promise.all(
      commands.map(([, tool, args]) => runCli(tool, args.map((arg) => arg.replace('{dir}', dir)), { cwd: dir, env, timeoutMs: 30_000 })),
    );

    for (const [index, result] of results.entries()) {
      const [command, tool] = commands[index]!;
      const line = typeof scenario.line === 'function' ? scenario.line(command) : scenario.line;
      expect(result.code, `${command}\n${result.stderr}`).toBe(2);
      expect(result.stderr.split('\n'), command).toEqual([expect.stringMatching(new RegExp(`^${tool}: .*${line.source}`)), '']);
      expect(result.stderr, command).not.toMatch(/\n\s+at |MetadataLookupWarning|Warning:|BEGIN PRIVATE KEY|MIIEv/);
    }
    // No lake, state, outbox, events, lock or temp file: only what the test put there, as it was.
    expect(await filesUnder(dir)).toEqual(before);
    expect(readFileSync(join(dir, JOURNAL), 'utf8')).toBe(PENDING[JOURNAL]);
  });
});

/** Every file and folder under `dir`, relative. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.map((entry) => relative(dir, join(entry.parentPath, entry.name))).sort();
}
