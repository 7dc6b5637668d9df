import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CLIENT_EMAIL, PROJECT, isolateNetwork, loadRecording, nockToken, runBootstrap, writeKeyFile } from './support/helpers.js';

const BUCKET = 'fakestore-lake-test';
const flags = ['doctor', '--project-id', PROJECT, '--bucket-name', BUCKET];

let key: ReturnType<typeof writeKeyFile> | undefined;

beforeEach(() => isolateNetwork());
afterEach(() => {
  nock.cleanAll();
  key?.cleanup();
  key = undefined;
});

/** The checklist line that starts with `mark` and contains `text`, plus the fix lines under it. */
function entry(stdout: string, mark: '✓' | '✗' | '-', text: string): string {
  const lines = stdout.split('\n');
  const start = lines.findIndex((line) => line.startsWith(`  ${mark} `) && line.includes(text));
  if (start < 0) throw new Error(`no "${mark} ...${text}..." line in:\n${stdout}`);
  const block = [lines[start]!];
  for (const line of lines.slice(start + 1)) {
    if (!line.startsWith('      ')) break;
    block.push(line);
  }
  return block.join('\n');
}

describe('doctor against a recorded broken setup', () => {
  it('prints every failing line with its fix and exits 1', async () => {
    key = writeKeyFile(0o644);
    const token = nockToken();
    const scopes = loadRecording('doctor-broken');

    const run = await runBootstrap(flags, { env: { GOOGLE_APPLICATION_CREDENTIALS: key.file } });

    expect(run.code).toBe(1);
    expect(run.stderr).toBe('');
    const out = run.stdout;
    expect(out).toContain(`project ${PROJECT} as ${CLIENT_EMAIL}`);

    // credentials readable by others
    expect(entry(out, '✗', 'not readable by group or others')).toMatch(/mode 644: readable by group and others\n {6}fix: chmod 600 .*sa\.json/);
    // an API disabled
    expect(entry(out, '✗', 'APIs enabled')).toContain('disabled: pubsub.googleapis.com');
    expect(entry(out, '✗', 'APIs enabled')).toContain(`fix: gcp-bootstrap enable-apis --project-id ${PROJECT}`);
    expect(entry(out, '✗', 'APIs enabled')).toContain(`gcloud services enable pubsub.googleapis.com --project ${PROJECT}`);
    // bucket 404
    const bucket = entry(out, '✗', `bucket gs://${BUCKET} exists`);
    expect(bucket).toContain('404 Not Found: The specified bucket does not exist.');
    expect(bucket).toContain(`fix: terraform -chdir=infra apply -var project_id=${PROJECT} -var bucket_name=${BUCKET}`);
    expect(bucket).toContain(`gcloud storage buckets create gs://${BUCKET} --project ${PROJECT}`);
    // dataset missing
    const silver = entry(out, '✗', `dataset ${PROJECT}.silver_data exists`);
    expect(silver).toContain(`Not found: Dataset ${PROJECT}:silver_data`);
    expect(silver).toContain(`bq --location=us-central1 mk --dataset ${PROJECT}:silver_data`);
    // the topic check meets the disabled API
    const topic = entry(out, '✗', 'topic');
    expect(topic).toContain(`pubsub.googleapis.com is disabled in ${PROJECT}`);
    expect(topic).toContain(`gcloud services enable pubsub.googleapis.com --project ${PROJECT}`);
    // a permission missing (no roles/bigquery.jobUser)
    for (const tool of ['batch-ingest', 'dbt']) {
      const line = entry(out, '✗', `${tool}: permissions`);
      expect(line).toContain(`missing bigquery.jobs.create on project ${PROJECT}`);
      expect(line).toContain(`fix: gcloud projects add-iam-policy-binding ${PROJECT} --member=serviceAccount:${CLIENT_EMAIL} --role=roles/bigquery.jobUser`);
    }

    // what is fine is said to be fine
    expect(entry(out, '✓', 'a service-account key')).toContain(CLIENT_EMAIL);
    expect(entry(out, '✓', 'authentication'));
    expect(entry(out, '✓', `dataset ${PROJECT}.bronze_data exists`)).toContain('location us-central1');
    expect(entry(out, '✓', 'bronze tables exist'));
    // every failed line has a fix, and the count says how many
    const failed = out.split('\n').filter((line) => line.startsWith('  ✗ '));
    expect(failed).toHaveLength(7);
    for (const line of failed) expect(entry(out, '✗', line.slice(4, 40))).toContain('fix:');
    expect(out).toMatch(/7 of \d+ checks failed/);

    expect(token.isDone()).toBe(true);
    for (const scope of scopes) expect(scope.pendingMocks()).toEqual([]);
  });

  it('given a broken key file, exits 2 with one stderr line naming it, the checklist on stdout, and never prints the private key', async () => {
    key = writeKeyFile(0o600);
    const { writeFileSync } = await import('node:fs');
    // Not JSON at all: JSON.parse would quote the text around the error.
    writeFileSync(key.file, `${key.privateKey}\n{"type": "service_account"`);
    const run = await runBootstrap(flags, { env: { GOOGLE_APPLICATION_CREDENTIALS: key.file } });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(new RegExp(`^gcp-bootstrap: the key file ${key.file} cannot be used \\(.*not valid JSON.*\\)[^\\n]*\\n$`));
    expect(entry(run.stdout, '✗', 'a service-account key')).toContain('not valid JSON');
    expect(run.stdout).toContain('- remote checks');
    const body = key.privateKey.split('\n')[1]!;
    expect(run.stdout + run.stderr).not.toContain(body);
    expect(run.stdout + run.stderr).not.toContain('BEGIN PRIVATE KEY');
  });

  it('given credentials that are not a service-account key, says what is wrong and exits 2', async () => {
    key = writeKeyFile(0o600);
    const { writeFileSync } = await import('node:fs');
    writeFileSync(key.file, JSON.stringify({ type: 'authorized_user', client_id: 'x', client_secret: 'very-secret', refresh_token: 'rt' }));
    const run = await runBootstrap(flags, { env: { GOOGLE_APPLICATION_CREDENTIALS: key.file } });
    expect(run.code).toBe(2);
    expect(run.stderr.split('\n')).toEqual([expect.stringMatching(/^gcp-bootstrap: the key file \S+ cannot be used \(type is "authorized_user", not "service_account"/), '']);
    expect(entry(run.stdout, '✗', 'a service-account key')).toContain('type is "authorized_user", not "service_account"');
    expect(run.stdout + run.stderr).not.toContain('very-secret');
  });

  it('given a key file that does not exist, fails the first line and exits 2 with one line naming it and the fix', async () => {
    const run = await runBootstrap(flags, { env: { GOOGLE_APPLICATION_CREDENTIALS: '/nonexistent/sa.json' } });
    expect(run.code).toBe(2);
    expect(run.stderr.split('\n')).toEqual([expect.stringMatching(/^gcp-bootstrap: the key file \/nonexistent\/sa\.json cannot be used \(the file does not exist\): gcloud iam service-accounts keys create/), '']);
    const line = entry(run.stdout, '✗', 'points at a readable file');
    expect(line).toContain('the file does not exist');
    expect(line).toContain('gcloud iam service-accounts keys create /nonexistent/sa.json');
  });
});

describe('doctor with credentials Google refuses', () => {
  it('given a key Google rejects (invalid_grant), fails the token line, skips the rest, and exits 2 with one line naming the key file and the fix', async () => {
    key = writeKeyFile(0o600);
    nock('https://oauth2.googleapis.com').post('/token').reply(400, { error: 'invalid_grant', error_description: 'Invalid JWT Signature.' });
    const run = await runBootstrap(flags, { env: { GOOGLE_APPLICATION_CREDENTIALS: key.file } });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `gcp-bootstrap: Google rejected the key file ${key.file} (invalid_grant: Invalid JWT Signature.): the key was deleted or its service account disabled; ` +
        `create a new key with gcloud iam service-accounts keys create ${key.file} --iam-account ${CLIENT_EMAIL}\n`,
    );
    expect(entry(run.stdout, '✗', 'authentication')).toContain('Google rejected the key file');
  });

  it('given gcloud user credentials whose refresh token expired, exits 2 with one line: log in again', async () => {
    const home = mkdtempSync(join(tmpdir(), 'doctor-home-'));
    try {
      const file = join(home, '.config', 'gcloud', 'application_default_credentials.json');
      mkdirSync(join(file, '..'), { recursive: true });
      writeFileSync(file, JSON.stringify({ type: 'authorized_user', client_id: 'id.apps.googleusercontent.com', client_secret: 'very-secret', refresh_token: '1//refresh' }));
      nock('https://oauth2.googleapis.com').post('/token').reply(400, { error: 'invalid_grant', error_description: 'Token has been expired or revoked.' });
      const saved = process.env.HOME;
      process.env.HOME = home; // google-auth-library finds gcloud's file under the process's HOME
      let run;
      try {
        run = await runBootstrap(flags, { env: { HOME: home } });
      } finally {
        process.env.HOME = saved;
      }
      expect(run.code).toBe(2);
      expect(run.stderr).toBe(
        "gcp-bootstrap: Google rejected your gcloud application-default credentials (invalid_grant: Token has been expired or revoked.): run 'gcloud auth application-default login' again\n",
      );
      expect(run.stdout + run.stderr).not.toMatch(/very-secret|1\/\/refresh/);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});

describe('doctor against a recorded healthy setup', () => {
  it('passes every check and exits 0', async () => {
    key = writeKeyFile(0o600);
    const token = nockToken();
    const scopes = loadRecording('doctor-healthy');

    const run = await runBootstrap(flags, { env: { GOOGLE_APPLICATION_CREDENTIALS: key.file } });

    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain('✗');
    expect(run.stdout).not.toContain('fix:');
    for (const title of ['APIs enabled (6)', `bucket gs://${BUCKET} exists`, 'bronze tables exist', 'topic', 'batch-ingest: permissions', 'cart-streamer: permissions', 'dbt: permissions']) {
      expect(entry(run.stdout, '✓', title)).toBeTruthy();
    }
    expect(run.stdout).toMatch(/All checks passed \(\d+ of \d+\)\./);
    expect(run.stdout).not.toContain('\u001b['); // not a TTY: no colours
    expect(token.isDone()).toBe(true);
    for (const scope of scopes) expect(scope.pendingMocks()).toEqual([]);
  });

  it('reads the flags from the environment and colours the checklist on request', async () => {
    key = writeKeyFile(0o600);
    nockToken();
    loadRecording('doctor-healthy');
    const run = await runBootstrap(['doctor'], {
      color: true,
      env: { GOOGLE_APPLICATION_CREDENTIALS: key.file, GCP_PROJECT_ID: PROJECT, GCS_BUCKET_NAME: BUCKET, BQ_DATASET: 'bronze_data', PUBSUB_TOPIC: 'carts-events' },
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('\u001b[32m✓\u001b[0m');
  });
});

describe('doctor checks the datasets the settings name', () => {
  it('given BQ_DATASET, BQ_SILVER_DATASET and BQ_GOLD_DATASET, then those three datasets are checked, not the defaults', async () => {
    key = writeKeyFile(0o600);
    nockToken();
    const scopes = loadRecording('doctor-healthy', { bronze_data: 'raw_zone', silver_data: 'dev_silver', gold_data: 'dev_gold' });
    const run = await runBootstrap(['doctor'], {
      env: {
        GOOGLE_APPLICATION_CREDENTIALS: key.file,
        GCP_PROJECT_ID: PROJECT,
        GCS_BUCKET_NAME: BUCKET,
        BQ_DATASET: 'raw_zone',
        BQ_SILVER_DATASET: 'dev_silver',
        BQ_GOLD_DATASET: 'dev_gold',
      },
    });
    expect(run.code, run.stdout).toBe(0);
    for (const dataset of ['raw_zone', 'dev_silver', 'dev_gold']) expect(entry(run.stdout, '✓', `dataset ${PROJECT}.${dataset} exists`)).toBeTruthy();
    expect(run.stdout).not.toMatch(/_data exists/);
    for (const scope of scopes) expect(scope.pendingMocks()).toEqual([]);
  });
});

describe('doctor behind a proxy that answers 200 with its own page', () => {
  it('given a 200 that is not JSON, then the project line fails with the network fix, one clear line, no schema dump', async () => {
    const proxyPage = { status: 200, data: '<html><body>Sign in to the proxy</body></html>' };
    const run = await runBootstrap(flags, {
      createTransport: () => ({ authenticate: () => Promise.resolve(), request: () => Promise.resolve(proxyPage) }),
    });

    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    const project = entry(run.stdout, '✗', `project ${PROJECT} is reachable`);
    expect(project).toContain('not an answer from Google: <html><body>Sign in to the proxy</body></html>');
    expect(project).toContain('fix: check the network and proxy settings, then re-run');
  });
});

describe('doctor usage', () => {
  it('exits 2 without a project id', async () => {
    const run = await runBootstrap(['doctor']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--project-id / GCP_PROJECT_ID: is required');
  });

  it('exits 2 on an unknown tool or flag', async () => {
    expect((await runBootstrap(['doctor', '--project-id', PROJECT, '--tools', 'spark'])).code).toBe(2);
    expect((await runBootstrap(['doctor', '--project-id', PROJECT, '--bukcet', 'x'])).code).toBe(2);
    expect((await runBootstrap(['nope'])).code).toBe(2);
    expect((await runBootstrap([])).code).toBe(2);
  });

  it('has --help with examples', async () => {
    const top = await runBootstrap(['--help']);
    expect(top.code).toBe(0);
    expect(top.stdout).toContain('Examples:');
    expect(top.stdout).toContain('gcp-bootstrap doctor');
    const doctor = await runBootstrap(['doctor', '--help']);
    expect(doctor.code).toBe(0);
    expect(doctor.stdout).toContain('--bucket-name');
    expect(doctor.stdout).toContain('Examples:');
    expect(doctor.stdout).toContain('--tools cart-streamer');
    expect((await runBootstrap(['enable-apis', '--help'])).stdout).toContain('--timeout 600');
  });
});
