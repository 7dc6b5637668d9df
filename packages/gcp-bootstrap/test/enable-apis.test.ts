import { writeFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { enableApis, REQUIRED_APIS, type GcpTransport } from '../src/index.js';
import { ACCESS_TOKEN, CLIENT_EMAIL, PROJECT, isolateNetwork, loadRecording, nockToken, runBootstrap, writeKeyFile } from './support/helpers.js';

let key: ReturnType<typeof writeKeyFile> | undefined;

beforeEach(() => isolateNetwork());
afterEach(() => {
  nock.cleanAll();
  key?.cleanup();
  key = undefined;
});

function logSink(): { stream: Writable; lines: () => Record<string, unknown>[] } {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  return { stream, lines: () => text.split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>) };
}

const allEnabled = (project: string) => ({
  services: REQUIRED_APIS.map((api) => ({ name: `projects/123456789012/services/${api}`, config: { name: api }, state: 'ENABLED', parent: `projects/${project}` })),
});

/** Service Usage with IAM disabled: batchGet says so, then batchEnable answers as the test says. */
const iamDisabledThenEnable = () =>
  nock('https://serviceusage.googleapis.com')
    .get(`/v1/projects/${PROJECT}/services:batchGet`)
    .query(true)
    .reply(200, { services: [{ name: 'projects/1/services/iam.googleapis.com', config: { name: 'iam.googleapis.com' }, state: 'DISABLED' }] })
    .post(`/v1/projects/${PROJECT}/services:batchEnable`);

describe('gcp-bootstrap enable-apis', () => {
  it('enables only the disabled APIs and waits for the operation (recorded)', async () => {
    key = writeKeyFile(0o600);
    const token = nockToken();
    const scopes = loadRecording('enable-apis-two-disabled');
    const sleeps: number[] = [];
    const log = logSink();

    const run = await runBootstrap(['enable-apis', '--project-id', PROJECT], {
      env: { GOOGLE_APPLICATION_CREDENTIALS: key.file },
      logDestination: log.stream,
      pollIntervalMs: 1500,
      sleep: (ms) => {
        sleeps.push(ms);
        return Promise.resolve();
      },
    });

    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(sleeps).toEqual([1500, 1500]); // two polls: running, then done
    const summary = log.lines().at(-1)!;
    expect(summary.msg).toBe(`enable-apis: enabled storage.googleapis.com, pubsub.googleapis.com in ${PROJECT} (4 already enabled)`);
    expect(summary.enabled).toEqual(['storage.googleapis.com', 'pubsub.googleapis.com']);
    expect(summary.alreadyEnabled).toEqual(['bigquery.googleapis.com', 'iam.googleapis.com', 'serviceusage.googleapis.com', 'cloudresourcemanager.googleapis.com']);
    expect(summary.operation).toBe('operations/acat.p2-123456789012-5c8b4d8e-0a1b-4c2d-9e3f-1234567890ab');
    expect(token.isDone()).toBe(true);
    for (const scope of scopes) expect(scope.pendingMocks()).toEqual([]); // batchEnable got exactly the two disabled ones
  });

  it('does nothing when every API is already enabled (idempotent)', async () => {
    key = writeKeyFile(0o600);
    nockToken();
    const api = nock('https://serviceusage.googleapis.com', { reqheaders: { authorization: `Bearer ${ACCESS_TOKEN}` } })
      .get(`/v1/projects/${PROJECT}/services:batchGet`)
      .query(true)
      .reply(200, allEnabled(PROJECT));
    const log = logSink();
    const run = await runBootstrap(['enable-apis', '--project-id', PROJECT], { env: { GOOGLE_APPLICATION_CREDENTIALS: key.file }, logDestination: log.stream });
    expect(run.code).toBe(0);
    expect(log.lines().at(-1)!.msg).toBe(`enable-apis: all 6 APIs already enabled in ${PROJECT}`);
    expect(api.isDone()).toBe(true); // and no batchEnable: nock would refuse an unexpected POST
  });

  it('exits 1 with the reason when the operation fails', async () => {
    key = writeKeyFile(0o600);
    nockToken();
    iamDisabledThenEnable()
      .reply(200, { name: 'operations/op-1', done: true, error: { code: 9, message: 'Billing account for project is not found.' } });
    const run = await runBootstrap(['enable-apis', '--project-id', PROJECT], { env: { GOOGLE_APPLICATION_CREDENTIALS: key.file }, logDestination: logSink().stream });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Billing account for project is not found.');
  });

  it('given a caller who may not read the API states, exits 2 with one line: the permission, the role, and who grants it', async () => {
    key = writeKeyFile(0o600);
    nockToken();
    nock('https://serviceusage.googleapis.com')
      .get(`/v1/projects/${PROJECT}/services:batchGet`)
      .query(true)
      .reply(403, { error: { code: 403, message: `Permission denied to get service [bigquery.googleapis.com]`, status: 'PERMISSION_DENIED' } });
    const run = await runBootstrap(['enable-apis', '--project-id', PROJECT], { env: { GOOGLE_APPLICATION_CREDENTIALS: key.file }, logDestination: logSink().stream });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `gcp-bootstrap: permission denied: ${CLIENT_EMAIL} lacks serviceusage.services.get on project ${PROJECT}; ` +
        `grant serviceAccount:${CLIENT_EMAIL} roles/serviceusage.serviceUsageAdmin there (run it as a project owner, or ask one to)\n`,
    );
  });

  it('given a key Google rejects (invalid_grant: the key was deleted), exits 2 with one line naming the key file and the command that makes a new one', async () => {
    key = writeKeyFile(0o600);
    const token = nock('https://oauth2.googleapis.com').post('/token').reply(400, { error: 'invalid_grant', error_description: 'Invalid JWT Signature.' });
    const run = await runBootstrap(['enable-apis', '--project-id', PROJECT], { env: { GOOGLE_APPLICATION_CREDENTIALS: key.file }, logDestination: logSink().stream });
    expect(token.isDone()).toBe(true);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `gcp-bootstrap: Google rejected the key file ${key.file} (invalid_grant: Invalid JWT Signature.): the key was deleted or its service account disabled; ` +
        `create a new key with gcloud iam service-accounts keys create ${key.file} --iam-account ${CLIENT_EMAIL}\n`,
    );
  });

  it('given the Service Usage API itself disabled (SERVICE_DISABLED), exits 2 with one line: gcloud services enable first', async () => {
    key = writeKeyFile(0o600);
    nockToken();
    const message = 'Service Usage API has not been used in project 123456789012 before or it is disabled. Enable it by visiting https://console.developers.google.com/apis/api/serviceusage.googleapis.com/overview?project=123456789012 then retry.';
    nock('https://serviceusage.googleapis.com')
      .get(`/v1/projects/${PROJECT}/services:batchGet`)
      .query(true)
      .reply(403, { error: { code: 403, message, status: 'PERMISSION_DENIED', details: [{
        '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'SERVICE_DISABLED', domain: 'googleapis.com',
        metadata: { service: 'serviceusage.googleapis.com', consumer: 'projects/123456789012' },
      }] } });
    const run = await runBootstrap(['enable-apis', '--project-id', PROJECT], { env: { GOOGLE_APPLICATION_CREDENTIALS: key.file }, logDestination: logSink().stream });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `gcp-bootstrap: the API serviceusage.googleapis.com is disabled in project 123456789012: run gcloud services enable serviceusage.googleapis.com --project ${PROJECT}, ` +
        `then run gcp-bootstrap enable-apis --project-id ${PROJECT}, then try again\n`,
    );
  });

  it('given a caller who may not enable services, exits 2 naming serviceusage.services.enable and the role', async () => {
    key = writeKeyFile(0o600);
    nockToken();
    iamDisabledThenEnable()
      .reply(403, { error: { code: 403, message: 'The caller does not have permission', status: 'PERMISSION_DENIED' } });
    const run = await runBootstrap(['enable-apis', '--project-id', PROJECT], { env: { GOOGLE_APPLICATION_CREDENTIALS: key.file }, logDestination: logSink().stream });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^gcp-bootstrap: permission denied: \S+ lacks serviceusage\.services\.enable on project \S+; grant serviceAccount:\S+ roles\/serviceusage\.serviceUsageAdmin there \(run it as a project owner, or ask one to\)\n$/);
  });

  it('exits 2 without a project id', async () => {
    const run = await runBootstrap(['enable-apis']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('GCP_PROJECT_ID');
  });

  it('given a key file that does not exist, exits 2 naming it, before any request', async () => {
    const run = await runBootstrap(['enable-apis', '--project-id', PROJECT, '--credentials', '/nonexistent/sa.json']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^gcp-bootstrap: the key file \/nonexistent\/sa\.json \(--credentials \/ GOOGLE_APPLICATION_CREDENTIALS\): no such file; point it at a service-account JSON key .*\n$/);
    expect(run.stderr.split('\n')).toHaveLength(2);
  });

  it('given a key file that is not a Google credentials file, exits 2 naming it and the problem, before any request', async () => {
    const key = writeKeyFile(0o600);
    try {
      writeFileSync(key.file, '{"hello":"world"}');
      const run = await runBootstrap(['enable-apis', '--project-id', PROJECT, '--credentials', key.file]);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/^gcp-bootstrap: the key file \S+sa\.json \(--credentials \/ GOOGLE_APPLICATION_CREDENTIALS\): has no "type": not a Google credentials file [^\n]*\n$/);
    } finally {
      key.cleanup();
    }
  });
});

describe('enableApis', () => {
  /** A transport over injected endpoints: the base URLs can point anywhere. */
  function fakeTransport(answers: (url: string, body: unknown) => { status: number; data: unknown }): GcpTransport & { urls: string[] } {
    const urls: string[] = [];
    return {
      urls,
      authenticate: () => Promise.resolve(),
      request: ({ url, body }) => {
        urls.push(url);
        return Promise.resolve(answers(url, body));
      },
    };
  }

  it('given a proxy page answered with 200, then one line that says so instead of a schema dump', async () => {
    const transport = fakeTransport(() => ({ status: 200, data: '<html><body>Sign in to the proxy</body></html>' }));
    const error = await enableApis({ projectId: PROJECT, transport }).catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toBe(
      `reading the API states of ${PROJECT}: not an answer from Google (<html><body>Sign in to the proxy</body></html>); check the network and proxy settings, then re-run`,
    );
  });

  it('bounds the wait for the operation', async () => {
    let clock = 0;
    const transport = fakeTransport((url) =>
      url.includes(':batchGet')
        ? { status: 200, data: { services: [{ name: 'projects/1/services/iam.googleapis.com', state: 'DISABLED' }] } }
        : { status: 200, data: { name: 'operations/slow', done: false } },
    );
    await expect(
      enableApis({
        projectId: PROJECT,
        transport,
        apis: ['iam.googleapis.com'],
        endpoints: { serviceUsage: 'http://su.example.test/' },
        pollIntervalMs: 1000,
        timeoutMs: 5000,
        now: () => clock,
        sleep: (ms) => {
          clock += ms;
          return Promise.resolve();
        },
      }),
    ).rejects.toThrow(/still running after 5 s; follow it with: gcloud services operations describe operations\/slow/);
    expect(transport.urls[0]).toMatch(/^http:\/\/su\.example\.test\/v1\/projects\/demo-project-123\/services:batchGet\?names=/);
    expect(transport.urls.filter((url) => url === 'http://su.example.test/v1/operations/slow')).toHaveLength(5);
  });
});
