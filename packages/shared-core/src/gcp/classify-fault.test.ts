import { describe, expect, it } from 'vitest';
import { classifyCloudError, isConfigurationFault } from './classify-fault.js';

/*
 * The errors below have the shapes the Google clients throw (google-auth-library 11 / gaxios,
 * @google-cloud/storage and @google-cloud/bigquery ApiError, @google-cloud/pubsub over gRPC via
 * google-gax), with the messages Google sends, as reported in the clients' issue trackers
 * (googleapis/nodejs-pubsub#1180, googleapis/google-api-nodejs-client#3011...).
 */

/** google-auth-library's GoogleAuth.getClient() when no ADC source exists. */
const noAdc = new Error(
  'Could not load the default credentials. Browse to https://cloud.google.com/docs/authentication/getting-started for more information.',
);

/** A GaxiosError from the OAuth token endpoint: `message` is the OAuth error, the body is in response.data. */
function tokenRefusal(error: string, description: string): Error {
  return Object.assign(new Error(error), {
    status: 400,
    response: { status: 400, data: { error, error_description: description } },
  });
}

/** @google-cloud/common's ApiError (Cloud Storage, BigQuery): `code`, `errors`, and the JSON body in `response.body`. */
function apiError(code: number, reason: string, message: string): Error {
  const body = { error: { code, message, errors: [{ domain: 'global', reason, message }] } };
  return Object.assign(new Error(message), { code, errors: body.error.errors, response: { statusCode: code, body: JSON.stringify(body) } });
}

/** A GaxiosError of a REST API that is turned off: google.rpc.ErrorInfo SERVICE_DISABLED in response.data.error.details. */
function serviceDisabled(service: string, title: string): Error {
  const message =
    `${title} has not been used in project 123456789012 before or it is disabled. Enable it by visiting ` +
    `https://console.developers.google.com/apis/api/${service}/overview?project=123456789012 then retry. ` +
    'If you enabled this API recently, wait a few minutes for the action to propagate to our systems and retry.';
  return Object.assign(new Error(message), {
    status: 403,
    response: {
      status: 403,
      data: {
        error: {
          code: 403,
          message,
          status: 'PERMISSION_DENIED',
          details: [
            {
              '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
              reason: 'SERVICE_DISABLED',
              domain: 'googleapis.com',
              metadata: { service, consumer: 'projects/123456789012', activationUrl: `https://console.developers.google.com/apis/api/${service}/overview?project=123456789012` },
            },
          ],
        },
      },
    },
  });
}

/** google-gax's GoogleError of a gRPC call (Pub/Sub publish): a status code 0-16, `details`, and ErrorInfo as `reason` / `errorInfoMetadata`. */
function grpcError(code: number, name: string, details: string, info?: { reason: string; metadata: Record<string, string> }): Error {
  return Object.assign(new Error(`${code} ${name}: ${details}`), {
    code,
    details,
    metadata: {},
    ...(info && { reason: info.reason, domain: 'googleapis.com', errorInfoMetadata: info.metadata }),
  });
}

const SA = 'fakestore-batch@my-project.iam.gserviceaccount.com';
const keyFile = { kind: 'key-file', path: '/secrets/sa.json' } as const;

describe('classifyCloudError: no credentials', () => {
  it('given "Could not load the default credentials", then no-credentials, with the gcloud login and the key file as fixes', () => {
    const fault = classifyCloudError(noAdc);
    expect(fault.kind).toBe('no-credentials');
    expect(fault.line).toBe(
      "no Google Cloud credentials found: run 'gcloud auth application-default login', or point GOOGLE_APPLICATION_CREDENTIALS (or --credentials) at a service-account key file",
    );
  });

  it('given the same error as the cause of an adapter error, then still no-credentials', () => {
    const wrapped = new Error('Cloud Storage: uploading x failed', { cause: noAdc });
    expect(classifyCloudError(wrapped).kind).toBe('no-credentials');
  });
});

describe('classifyCloudError: credentials Google rejects', () => {
  it('given invalid_grant for a key file, then credentials-rejected naming the file, the reason and the command that makes a new key', () => {
    const fault = classifyCloudError(tokenRefusal('invalid_grant', 'Invalid JWT Signature.'), { credentials: keyFile, principal: SA });
    expect(fault.kind).toBe('credentials-rejected');
    expect(fault.line).toBe(
      `Google rejected the key file /secrets/sa.json (invalid_grant: Invalid JWT Signature.): the key was deleted or its service account disabled; ` +
        `create a new key with gcloud iam service-accounts keys create /secrets/sa.json --iam-account ${SA}`,
    );
  });

  it('given an expired or revoked refresh token of gcloud user credentials, then the fix is to log in again', () => {
    const fault = classifyCloudError(tokenRefusal('invalid_grant', 'Token has been expired or revoked.'), {
      credentials: { kind: 'gcloud', path: '/home/me/.config/gcloud/application_default_credentials.json' },
    });
    expect(fault.kind).toBe('credentials-rejected');
    expect(fault.line).toBe(
      "Google rejected your gcloud application-default credentials (invalid_grant: Token has been expired or revoked.): run 'gcloud auth application-default login' again",
    );
  });

  it('given reauthentication required (invalid_rapt) with no known origin, then both fixes', () => {
    const fault = classifyCloudError(tokenRefusal('invalid_grant', 'reauth related error (invalid_rapt)'));
    expect(fault.kind).toBe('credentials-rejected');
    expect(fault.line).toMatch(/^Google rejected the credentials \(invalid_grant: reauth related error \(invalid_rapt\)\): run 'gcloud auth application-default login', or point/);
  });

  it('given a 401 of an API or gRPC UNAUTHENTICATED, then credentials-rejected', () => {
    expect(classifyCloudError(apiError(401, 'authError', 'Invalid Credentials')).kind).toBe('credentials-rejected');
    expect(classifyCloudError(grpcError(16, 'UNAUTHENTICATED', 'Request had invalid authentication credentials.')).kind).toBe('credentials-rejected');
  });

  it('given the metadata server\'s account without the cloud-platform scope, then the scope is the fix', () => {
    const error = grpcError(7, 'PERMISSION_DENIED', 'Request had insufficient authentication scopes.', {
      reason: 'ACCESS_TOKEN_SCOPE_INSUFFICIENT',
      metadata: { service: 'pubsub.googleapis.com', method: 'google.pubsub.v1.Publisher.Publish' },
    });
    const fault = classifyCloudError(error);
    expect(fault.kind).toBe('credentials-rejected');
    expect(fault.line).toMatch(/lack the cloud-platform scope .*: give the VM or service the cloud-platform access scope/);
  });
});

describe('classifyCloudError: a missing permission', () => {
  it('given a Cloud Storage 403, then the permission it names, the role that holds it, on the bucket, for the caller', () => {
    const error = apiError(
      403,
      'forbidden',
      `${SA} does not have storage.objects.create access to the Google Cloud Storage object. Permission 'storage.objects.create' denied on resource (or it may not exist).`,
    );
    const fault = classifyCloudError(error, { resources: { bucket: 'gs://my-lake', project: 'my-project' } });
    expect(fault).toMatchObject({ kind: 'permission-denied', permission: 'storage.objects.create', role: 'roles/storage.objectCreator', principal: SA });
    expect(fault.line).toBe(
      `permission denied: ${SA} lacks storage.objects.create on bucket gs://my-lake; grant serviceAccount:${SA} roles/storage.objectCreator there ` +
        '(terraform -chdir=infra apply grants the tools their roles; gcp-bootstrap doctor checks them)',
    );
  });

  it('given a BigQuery accessDenied, then dataEditor on the dataset', () => {
    const error = apiError(403, 'accessDenied', 'Access Denied: Dataset my-project:raw_data: Permission bigquery.tables.create denied on dataset my-project:raw_data (or it may not exist).');
    const fault = classifyCloudError(error, { principal: SA, resources: { dataset: 'my-project.raw_data', project: 'my-project' } });
    expect(fault).toMatchObject({ kind: 'permission-denied', permission: 'bigquery.tables.create', role: 'roles/bigquery.dataEditor' });
    expect(fault.line).toMatch(/lacks bigquery\.tables\.create on dataset my-project\.raw_data; grant serviceAccount:\S+ roles\/bigquery\.dataEditor there/);
  });

  it('given a BigQuery jobs.create refusal, then jobUser on the project', () => {
    const error = apiError(403, 'accessDenied', `Access Denied: Project my-project: User does not have bigquery.jobs.create permission in project my-project.`);
    const fault = classifyCloudError(error, { principal: SA, resources: { project: 'my-project' } });
    expect(fault).toMatchObject({ role: 'roles/bigquery.jobUser' });
    expect(fault.line).toContain('on project my-project; grant serviceAccount:');
  });

  it('given Pub/Sub\'s gRPC PERMISSION_DENIED, which names no permission, then the publish permission of the context and roles/pubsub.publisher on the topic', () => {
    const error = grpcError(7, 'PERMISSION_DENIED', 'User not authorized to perform this action.');
    const topic = 'projects/my-project/topics/cart-events';
    const fault = classifyCloudError(error, { permission: 'pubsub.topics.publish', resources: { topic }, principal: SA });
    expect(fault).toMatchObject({ kind: 'permission-denied', permission: 'pubsub.topics.publish', role: 'roles/pubsub.publisher' });
    expect(fault.line).toBe(
      `permission denied: ${SA} lacks pubsub.topics.publish on topic ${topic}; grant serviceAccount:${SA} roles/pubsub.publisher there ` +
        '(terraform -chdir=infra apply grants the tools their roles; gcp-bootstrap doctor checks them)',
    );
  });

  it('given a person, not a service account, then the member is user:', () => {
    const error = apiError(403, 'forbidden', "me@example.com does not have storage.objects.get access to the Google Cloud Storage object. Permission 'storage.objects.get' denied on resource (or it may not exist).");
    expect(classifyCloudError(error).line).toContain('grant user:me@example.com roles/storage.objectViewer');
  });

  it('given a 403 that names no permission and no context, then it points at gcp-bootstrap doctor rather than guessing a role', () => {
    const fault = classifyCloudError(apiError(403, 'forbidden', 'Forbidden'), { resource: 'gs://my-lake' });
    expect(fault.kind).toBe('permission-denied');
    expect(fault.line).toBe('permission denied on gs://my-lake to the caller (403 Forbidden): run gcp-bootstrap doctor to see which role is missing');
  });

  it('given Service Usage refusing a person, then serviceUsageAdmin and "run it as a project owner"', () => {
    const error = Object.assign(new Error('Permission denied to get service [bigquery.googleapis.com]'), {
      response: { status: 403, data: { error: { code: 403, message: 'Permission denied to get service [bigquery.googleapis.com]', status: 'PERMISSION_DENIED',
        details: [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'AUTH_PERMISSION_DENIED', metadata: { permission: 'serviceusage.services.get' } }] } } },
    });
    const fault = classifyCloudError(error, { principal: 'me@example.com', resources: { project: 'my-project' } });
    expect(fault.line).toBe(
      'permission denied: me@example.com lacks serviceusage.services.get on project my-project; grant user:me@example.com roles/serviceusage.serviceUsageAdmin there (run it as a project owner, or ask one to)',
    );
  });
});

describe('classifyCloudError: a disabled API', () => {
  it('given SERVICE_DISABLED in ErrorInfo (REST), then the API, the project and gcp-bootstrap enable-apis', () => {
    const fault = classifyCloudError(serviceDisabled('bigquery.googleapis.com', 'BigQuery API'), { projectId: 'my-project' });
    expect(fault).toMatchObject({ kind: 'api-disabled', service: 'bigquery.googleapis.com' });
    expect(fault.line).toBe('the API bigquery.googleapis.com is disabled in project 123456789012: run gcp-bootstrap enable-apis --project-id my-project, then try again');
  });

  it('given SERVICE_DISABLED over gRPC (google-gax puts ErrorInfo in reason and errorInfoMetadata), then the same', () => {
    const error = grpcError(7, 'PERMISSION_DENIED', 'Cloud Pub/Sub API has not been used in project 123456789012 before or it is disabled.', {
      reason: 'SERVICE_DISABLED',
      metadata: { service: 'pubsub.googleapis.com', consumer: 'projects/123456789012' },
    });
    const fault = classifyCloudError(error, { projectId: 'my-project' });
    expect(fault).toMatchObject({ kind: 'api-disabled', service: 'pubsub.googleapis.com' });
    expect(fault.line).toContain('run gcp-bootstrap enable-apis --project-id my-project');
  });

  it('given Service Usage itself disabled, then gcloud turns it on first (enable-apis goes through it)', () => {
    const fault = classifyCloudError(serviceDisabled('serviceusage.googleapis.com', 'Service Usage API'), { projectId: 'my-project' });
    expect(fault.line).toBe(
      'the API serviceusage.googleapis.com is disabled in project 123456789012: run gcloud services enable serviceusage.googleapis.com --project my-project, ' +
        'then run gcp-bootstrap enable-apis --project-id my-project, then try again',
    );
  });

  it('given only the legacy text of a disabled API (accessNotConfigured), then api-disabled, the service read from the message', () => {
    const error = apiError(403, 'accessNotConfigured', 'Cloud Storage JSON API has not been used in project 42 before or it is disabled. Enable it by visiting https://console.developers.google.com/apis/api/storage-api.googleapis.com/overview?project=42 then retry.');
    expect(classifyCloudError(error)).toMatchObject({ kind: 'api-disabled', service: 'storage-api.googleapis.com' });
  });
});

describe('classifyCloudError: everything else is not configuration', () => {
  it.each([
    ['a network error', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' })],
    ['a 503', apiError(503, 'backendError', 'Backend Error')],
    ['a 404', apiError(404, 'notFound', 'Not found: Dataset my-project:raw_data')],
    ['gRPC UNAVAILABLE', grpcError(14, 'UNAVAILABLE', 'No connection established')],
    ['a string', 'boom'],
    ['undefined', undefined],
  ])('given %s, then other (the tools keep retrying or failing it as before)', (_name, error) => {
    const fault = classifyCloudError(error);
    expect(fault.kind).toBe('other');
    expect(isConfigurationFault(fault)).toBe(false);
  });

  it('never puts more than one line, nor a very long API message, in a fault', () => {
    const long = apiError(403, 'forbidden', `Forbidden\n${'x'.repeat(500)}`);
    const { line } = classifyCloudError(long);
    expect(line).not.toContain('\n');
    expect(line.length).toBeLessThan(300);
  });
});

describe('classifyCloudError: names that look like permissions', () => {
  it('given a message naming an API (bigquery.googleapis.com) and no permission, then the permission of the context, not the API name', () => {
    const error = apiError(403, 'forbidden', 'Permission denied to get service [bigquery.googleapis.com]');
    const fault = classifyCloudError(error, { permission: 'serviceusage.services.get', resources: { project: 'my-project' } });
    expect(fault.permission).toBe('serviceusage.services.get');
  });
});
