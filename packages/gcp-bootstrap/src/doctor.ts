import { CloudConfigError, DEFAULT_DATASETS, classifyCloudError, credentialsOrigin, isConfigurationFault } from '@fakestore/shared-core';
import { z } from 'zod';
import { describeError, describeResponse, disabledService } from './_google-errors.js';
import { inspectKeyFile } from './credentials.js';
import { REQUIRED_APIS, apiUrls, resolveEndpoints } from './endpoints.js';
import { TOOL_NEEDS, TOOL_TABLES, permissionCheck, type GrantTarget, type Granted } from './permissions.js';
import { TOOLS } from './types.js';
import type { CheckResult, DoctorOptions, DoctorReport, GcpRequest, GcpResponse, GcpTransport, Tool } from './types.js';

const permissionsBody = z.looseObject({ permissions: z.array(z.string()).default([]) });
const servicesBody = z.looseObject({
  services: z.array(z.looseObject({ name: z.string(), state: z.string().optional(), config: z.looseObject({ name: z.string().optional() }).optional() })).default([]),
});

/**
 * Checks what the tools need in a project, in order: credentials, authentication, project,
 * APIs, resources, then the caller's permissions per tool. Every failed line carries the
 * commands that fix it. Remote checks stop early only when nothing after them can work.
 */
export async function runDoctor(options: DoctorOptions): Promise<DoctorReport> {
  const tools = new Set<Tool>(options.tools ?? TOOLS);
  const projectId = options.projectId;
  const datasetId = options.datasetId ?? DEFAULT_DATASETS.bronze;
  const silverDatasetId = options.silverDatasetId ?? DEFAULT_DATASETS.silver;
  const goldDatasetId = options.goldDatasetId ?? DEFAULT_DATASETS.gold;
  const topic = options.topic ?? 'carts-events';
  const region = options.region ?? 'us-central1';
  const urls = apiUrls(resolveEndpoints(options.endpoints), projectId);
  const checks: CheckResult[] = [];
  const apply = `terraform -chdir=infra apply -var project_id=${projectId} -var bucket_name=${options.bucketName ?? 'BUCKET'} -var region=${region}`;
  const enable = [`gcp-bootstrap enable-apis --project-id ${projectId}`];

  // ----- credentials -----
  let identity: string | undefined;
  if (options.credentialsFile) {
    const inspection = inspectKeyFile(options.credentialsFile);
    checks.push(...inspection.checks);
    identity = inspection.clientEmail;
    if (!inspection.usable) {
      checks.push({ status: 'skip', title: 'remote checks', detail: 'skipped: the key file cannot be used to authenticate' });
      const failed = inspection.checks.find((check) => check.status === 'fail');
      const fault = `the key file ${options.credentialsFile} cannot be used (${failed?.detail ?? 'unusable'})${failed?.fix?.[0] ? `: ${failed.fix[0]}` : ''}`;
      return report(checks, identity, fault);
    }
  } else {
    checks.push({
      status: 'skip',
      title: 'credentials: GOOGLE_APPLICATION_CREDENTIALS',
      detail: 'not set: using Application Default Credentials (gcloud auth application-default login, or the attached service account)',
    });
  }
  const member = identity ? `serviceAccount:${identity}` : 'user:YOUR_EMAIL';
  const target: GrantTarget = { projectId, member, datasetId, topic, ...(options.bucketName ? { bucket: options.bucketName } : {}) };

  const transport = options.createTransport(options.credentialsFile ? { keyFile: options.credentialsFile } : {});
  try {
    await transport.authenticate();
    checks.push({ status: 'pass', title: 'authentication: got an access token', ...(identity ? { detail: identity } : {}) });
  } catch (error) {
    // No ADC, or credentials Google refuses: configuration (exit 2). No answer at all: a failed check.
    const origin = credentialsOrigin(options.credentialsFile);
    const fault = error instanceof CloudConfigError
      ? error.message
      : (() => {
          const found = classifyCloudError(error, {
            ...(identity && { principal: identity }),
            ...(origin && { credentials: origin }),
          });
          return isConfigurationFault(found) ? found.line : undefined;
        })();
    checks.push({
      status: 'fail',
      title: 'authentication: got an access token',
      detail: fault ?? describeError(error),
      fix: options.credentialsFile
        ? ['the key may be deleted or disabled: create a new one with gcloud iam service-accounts keys create (see terraform -chdir=infra output commands)']
        : ['gcloud auth application-default login', 'or point GOOGLE_APPLICATION_CREDENTIALS at a service-account key file'],
    });
    return report(checks, identity, fault);
  }
  const call = (request: GcpRequest) => send(transport, request);

  // ----- project: reachable, and what the caller may do there -----
  const projectNeeds = [...new Set([...tools].flatMap((tool) => TOOL_NEEDS[tool].filter((n) => n.scope === 'project').map((n) => n.permission)))];
  const projectTitle = `project ${projectId} is reachable`;
  const project = await call({ method: 'POST', url: urls.projectTestPermissions(), body: { permissions: ['resourcemanager.projects.get', ...projectNeeds] } });
  if (project.status !== 200) {
    checks.push(resourceFailure(projectTitle, project, projectId, [`gcloud projects describe ${projectId}   # the project id, not its name or number`]));
    return report(checks, identity);
  }
  const granted: { project: ReadonlySet<string>; bucket?: ReadonlySet<string>; topic?: ReadonlySet<string>; tables: Map<string, ReadonlySet<string>> } = {
    project: new Set(permissionsBody.parse(project.data).permissions),
    tables: new Map(),
  };
  checks.push({ status: 'pass', title: projectTitle });

  // ----- APIs -----
  const apisTitle = `APIs enabled (${REQUIRED_APIS.length})`;
  const services = await call({ method: 'GET', url: urls.servicesBatchGet(REQUIRED_APIS) });
  if (services.status === 200) {
    const enabled = new Set(
      servicesBody.parse(services.data).services.filter((s) => s.state === 'ENABLED').map((s) => s.config?.name ?? s.name.split('/').pop()),
    );
    const off = REQUIRED_APIS.filter((api) => !enabled.has(api));
    checks.push(
      off.length === 0
        ? { status: 'pass', title: apisTitle }
        : { status: 'fail', title: apisTitle, detail: `disabled: ${off.join(', ')}`, fix: [...enable, `or: gcloud services enable ${off.join(' ')} --project ${projectId}`] },
    );
  } else if (services.status === 403 && disabledService(services) === undefined) {
    checks.push({
      status: 'skip',
      title: apisTitle,
      detail: `cannot list them as ${identity ?? 'this identity'} (needs serviceusage.services.get); the checks below report any disabled API they meet`,
    });
  } else {
    checks.push(resourceFailure(apisTitle, services, projectId, enable));
  }

  // ----- resources -----
  if (tools.has('batch-ingest')) {
    const bucket = options.bucketName;
    if (!bucket) {
      checks.push({
        status: 'fail',
        title: 'bucket name is set',
        detail: 'batch-ingest needs --bucket-name or GCS_BUCKET_NAME',
        fix: ['set GCS_BUCKET_NAME in .env, or pass --bucket-name   # the name: terraform -chdir=infra output -raw bucket_name'],
      });
    } else {
      const title = `bucket gs://${bucket} exists`;
      const permissions = TOOL_NEEDS['batch-ingest'].filter((n) => n.scope === 'bucket').map((n) => n.permission);
      const response = await call({ method: 'GET', url: urls.bucketTestPermissions(bucket, permissions) });
      if (response.status === 200) {
        granted.bucket = new Set(permissionsBody.parse(response.data).permissions);
        checks.push({ status: 'pass', title });
      } else {
        checks.push(
          resourceFailure(title, response, projectId, [
            apply,
            `or: gcloud storage buckets create gs://${bucket} --project ${projectId} --location ${region} --uniform-bucket-level-access --public-access-prevention`,
          ]),
        );
      }
    }
  }

  const datasets = [
    ...(tools.has('batch-ingest') || tools.has('dbt') ? [datasetId] : []),
    ...(tools.has('dbt') ? [silverDatasetId, goldDatasetId] : []),
  ];
  const existing = new Set<string>();
  for (const dataset of datasets) {
    const title = `dataset ${projectId}.${dataset} exists`;
    const response = await call({ method: 'GET', url: urls.dataset(dataset) });
    if (response.status === 200) {
      existing.add(dataset);
      const location = z.looseObject({ location: z.string().optional() }).safeParse(response.data);
      checks.push({ status: 'pass', title, ...(location.success && location.data.location ? { detail: `location ${location.data.location}` } : {}) });
    } else {
      checks.push(resourceFailure(title, response, projectId, [apply, `or: bq --location=${region} mk --dataset ${projectId}:${dataset}`]));
    }
  }

  const tables = [...new Set([...tools].flatMap((tool) => TOOL_TABLES[tool]))];
  if (existing.has(datasetId) && tables.length > 0) {
    const title = `bronze tables exist (${tables.join(', ')})`;
    const missing: string[] = [];
    const problems: GcpResponse[] = [];
    for (const table of tables) {
      const response = await call({ method: 'GET', url: urls.table(datasetId, table) });
      if (response.status === 200) {
        const needs = [...new Set([...tools].filter((t) => TOOL_TABLES[t].includes(table)).flatMap((t) => TOOL_NEEDS[t]).filter((n) => n.scope === 'bronze-table').map((n) => n.permission))];
        if (needs.length > 0) {
          const tested = await call({ method: 'POST', url: urls.tableTestPermissions(datasetId, table), body: { permissions: needs } });
          if (tested.status === 200) granted.tables.set(table, new Set(permissionsBody.parse(tested.data).permissions));
        }
      } else {
        missing.push(table);
        if (response.status !== 404) problems.push(response);
      }
    }
    if (missing.length === 0) checks.push({ status: 'pass', title });
    else {
      const detail = `missing or unreadable: ${missing.join(', ')}${problems[0] ? ` (${describeResponse(problems[0])})` : ''}`;
      checks.push({ status: 'fail', title, detail, fix: [`${apply}   # the schemas come from packages/shared-core/schemas/bronze`] });
    }
  }

  if (tools.has('cart-streamer')) {
    const title = `topic projects/${projectId}/topics/${topic} exists`;
    const permissions = TOOL_NEEDS['cart-streamer'].map((n) => n.permission);
    const response = await call({ method: 'POST', url: urls.topicTestPermissions(topic), body: { permissions } });
    if (response.status === 200) {
      granted.topic = new Set(permissionsBody.parse(response.data).permissions);
      checks.push({ status: 'pass', title });
    } else {
      checks.push(resourceFailure(title, response, projectId, [apply, `or: gcloud pubsub topics create ${topic} --project ${projectId}   # without the BigQuery subscription and dead-letter topic`]));
    }
  }

  // ----- permissions per tool -----
  const known: Granted = granted;
  for (const tool of TOOLS) if (tools.has(tool)) checks.push(permissionCheck(tool, known, target));
  return report(checks, identity);
}

/** A failed resource check: a disabled API gets the enable fix, anything else `fixes`. */
function resourceFailure(title: string, response: GcpResponse, projectId: string, fixes: string[]): CheckResult {
  if (response.status === 0) return { status: 'fail', title, detail: String(response.data), fix: ['check the network and proxy settings, then re-run'] };
  const service = disabledService(response);
  if (service !== undefined) {
    const name = service === true ? 'the API' : service;
    return {
      status: 'fail',
      title,
      detail: `${name} is disabled in ${projectId}`,
      fix: [`gcp-bootstrap enable-apis --project-id ${projectId}`, ...(service === true ? [] : [`or: gcloud services enable ${service} --project ${projectId}`])],
    };
  }
  const detail = describeResponse(response);
  if (response.status === 403) {
    return { status: 'fail', title, detail: `${detail} (not found, or not visible to this identity)`, fix: fixes };
  }
  return { status: 'fail', title, detail, fix: fixes };
}

/**
 * A request whose network failure becomes a status-0 response, so one bad call is one bad line. So
 * does a 200 that is not a JSON object (a proxy's or captive portal's page): it is no answer from Google.
 */
async function send(transport: GcpTransport, request: GcpRequest): Promise<GcpResponse> {
  let response: GcpResponse;
  try {
    response = await transport.request(request);
  } catch (error) {
    return { status: 0, data: `no response: ${describeError(error)}` };
  }
  if (response.status === 200 && (typeof response.data !== 'object' || response.data === null)) {
    return { status: 0, data: `not an answer from Google: ${describeError(response.data ?? 'an empty body')}` };
  }
  return response;
}

function report(checks: CheckResult[], identity: string | undefined, credentialsFault?: string): DoctorReport {
  return {
    checks,
    failed: checks.filter((check) => check.status === 'fail').length,
    ...(identity ? { identity } : {}),
    ...(credentialsFault ? { credentialsFault } : {}),
  };
}
