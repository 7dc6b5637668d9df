import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { INFRA_DIR, block, blockText, loadModule, moduleDirs, resource, strings, tofuBinary, tofuOutputs, type TfModule } from './support/hcl.js';

const dir = (name: string) => join(INFRA_DIR, 'modules', name);
type Block = Record<string, unknown>;

/** The modules the deployment adds, and the resource types only they may declare. */
const DEPLOYMENT_MODULES = ['artifact-registry', 'cart-streamer', 'cloud-run-job', 'monitoring', 'scheduling'];
const DEPLOYMENT_TYPES = /^google_(artifact_registry|cloud_run|cloud_scheduler|workflows|monitoring)_/;
/** The module blocks of the root before the deployment: they must stay as they were. */
const BASE_MODULES = ['bigquery', 'iam', 'project_services', 'pubsub', 'storage'];

async function root() {
  return loadModule(INFRA_DIR);
}

/** The one block of a root module call. */
async function call(name: string): Promise<Block> {
  const block = (await root()).modules[name]?.[0];
  if (!block) throw new Error(`infra/: no module "${name}"`);
  return block;
}

function deploymentType(module: TfModule): string {
  return (module.variables.deployment![0] as { type: string }).type;
}

/** The regexes of `can(regex("...", ...))` in a validation condition, as JavaScript regexes. */
function regexesOf(condition: string): RegExp[] {
  return [...condition.matchAll(/can\(regex\("((?:[^"\\]|\\.)*)",/g)].map((m) => new RegExp(JSON.parse(`"${m[1]}"`) as string));
}

function validation(module: TfModule, mentions: string): string {
  const rules = (module.variables.deployment![0] as { validation: { condition: string }[] }).validation;
  const rule = rules.find((r) => r.condition.includes(mentions));
  if (!rule) throw new Error(`no validation of ${mentions}`);
  return rule.condition;
}

describe('infra/: the deployment is off by default', () => {
  it('is one optional object variable, disabled unless deployment.enabled = true', async () => {
    const variable = (await root()).variables.deployment![0] as { type: string; default: unknown; nullable: boolean };
    expect(variable.default).toEqual({});
    expect(variable.nullable).toBe(false);
    expect(variable.type).toMatch(/\benabled\s*=\s*optional\(bool, false\)/);
    // Every attribute has a default, so `deployment = {}` (the default) is complete.
    const topLevel = [...variable.type.matchAll(/^ {4}(\w+)\s*=\s*(.+)$/gm)].map((m) => [m[1]!, m[2]!]);
    expect(topLevel.map(([name]) => name).sort()).toEqual(['alerts', 'api_url', 'batch', 'dbt', 'enabled', 'image', 'region', 'repository_id', 'schedules', 'streamer']);
    for (const [name, type] of topLevel) expect(type, name).toMatch(/^optional\(/);
  });

  it('gates every module it adds on deployment.enabled (the repository) or enabled + image (the workloads)', async () => {
    const module = await root();
    expect(module.locals.deploy).toBe('${var.deployment.enabled}');
    expect(module.locals.deploy_runtime).toBe('${var.deployment.enabled && var.deployment.image != null}');

    const gates: Record<string, string> = {
      deployment_services: '${var.enable_apis && local.deploy ? 1 : 0}',
      artifact_registry: '${local.deploy ? 1 : 0}',
      deployment_iam: '${local.deploy_runtime ? 1 : 0}',
      cart_streamer: '${local.deploy_runtime ? 1 : 0}',
      scheduling: '${local.deploy_runtime ? 1 : 0}',
      monitoring: '${local.deploy_runtime ? 1 : 0}',
    };
    for (const [name, count] of Object.entries(gates)) expect((await call(name)).count, name).toBe(count);
    expect((await call('jobs')).for_each).toBe('${{ for key, job in local.deploy_jobs : key => job if local.deploy_runtime }}');
    expect(Object.keys(module.modules).sort()).toEqual([...BASE_MODULES, ...Object.keys(gates), 'jobs'].sort());
  });

  it('leaves what apply creates today untouched: the base modules ignore the deployment, the root declares no resource', async () => {
    const module = await root();
    expect(module.resources).toEqual({});
    for (const name of BASE_MODULES) {
      const base = await call(name);
      expect(base.count, name).toBe(name === 'project_services' ? '${var.enable_apis ? 1 : 0}' : undefined);
      expect(base.for_each, name).toBeUndefined();
      expect(strings(base).filter((s) => /var\.deployment|local\.deploy/.test(s)), name).toEqual([]);
    }
    // main.tf holds exactly the base modules; the deployment lives in deployment.tf.
    expect(Object.keys(module.files['main.tf']!.module ?? {}).sort()).toEqual(BASE_MODULES);
  });

  it('declares Cloud Run, Scheduler, Workflows, Artifact Registry and Monitoring resources only in the gated modules', async () => {
    for (const path of moduleDirs()) {
      const types = Object.keys((await loadModule(path)).resources).filter((type) => DEPLOYMENT_TYPES.test(type));
      const name = path.split('/').pop()!;
      if (DEPLOYMENT_MODULES.includes(name)) expect(types.length, name).toBeGreaterThan(0);
      else expect(types, name).toEqual([]);
    }
    const sources = Object.values((await root()).modules).map(([block]) => (block as { source: string }).source);
    for (const name of DEPLOYMENT_MODULES) expect(sources.filter((s) => s === `./modules/${name}`), name).toHaveLength(1);
  });

  it('enables the APIs it needs only when enabled, never disabling them on destroy', async () => {
    const module = await root();
    expect([...(module.locals.deploy_apis as string[])].sort()).toEqual(
      ['artifactregistry', 'cloudscheduler', 'monitoring', 'run', 'workflowexecutions', 'workflows'].map((api) => `${api}.googleapis.com`),
    );
    expect(await call('deployment_services')).toMatchObject({ source: './modules/project-services', services: '${local.deploy_apis}' });
    // The base list stays the six the tools need.
    expect(module.locals.apis).toHaveLength(6);
  });
});

const tofu = tofuBinary();

/** `${expr}` -> expr */
const bare = (expression: unknown) => (expression as string).replace(/^\$\{([\s\S]*)\}$/, '$1');

/**
 * The gates as OpenTofu evaluates them: the root's `deployment` and `enable_apis` variable
 * blocks as written (validations included), its deploy/deploy_runtime locals, and one output
 * per gated module call with its count (or its for_each keys). No provider is involved.
 */
async function gates(deployment: unknown): Promise<{ outputs?: Record<string, unknown>; error?: string }> {
  const module = await root();
  const variables = join(INFRA_DIR, 'variables.tf');
  const jobs = Object.keys(module.locals.deploy_jobs as object);
  const outputs = Object.entries(module.modules)
    .filter(([, [call]]) => (call as Block).count !== undefined || (call as Block).for_each !== undefined)
    .map(([name, [call]]) => {
      const { count, for_each: forEach } = call as Block;
      return `output "${name}" {\n  value = ${count !== undefined ? bare(count) : `keys(${bare(forEach)})`}\n}\n`;
    });
  return tofuOutputs(
    tofu!,
    {
      'variables.tf': `${blockText(variables, 'variable "deployment"')}\n${blockText(variables, 'variable "enable_apis"')}`,
      'locals.tf': [
        'locals {',
        `  deploy         = ${bare(module.locals.deploy)}`,
        `  deploy_runtime = ${bare(module.locals.deploy_runtime)}`,
        `  deploy_jobs    = { ${jobs.map((job) => `${job} = "${job}"`).join(', ')} }`,
        '}',
      ].join('\n'),
      'outputs.tf': outputs.join('\n'),
    },
    deployment === undefined ? {} : { deployment },
  );
}

// Under `make test` (REQUIRE_EMULATORS=1) a missing tofu fails these tests instead of skipping them.
describe.skipIf(!tofu && process.env.REQUIRE_EMULATORS !== '1')('infra/: the deployment gates, evaluated by OpenTofu (needs .tools/bin/tofu: make tofu)', () => {
  const image = `us-central1-docker.pkg.dev/my-project-123/fakestore-elt/fakestore-elt@sha256:${'0'.repeat(64)}`;
  const none = { project_services: 1, deployment_services: 0, artifact_registry: 0, deployment_iam: 0, cart_streamer: 0, scheduling: 0, monitoring: 0, jobs: [] };

  it('creates none of it by default', async () => {
    const { outputs, error } = await gates(undefined);
    expect(error).toBeUndefined();
    expect(outputs).toEqual(none);
  });

  it('creates only the APIs and the repository with enabled = true and no image', async () => {
    const { outputs } = await gates({ enabled: true });
    expect(outputs).toEqual({ ...none, deployment_services: 1, artifact_registry: 1 });
  });

  it('creates every workload with enabled = true and an image, and nothing with an image but enabled = false', async () => {
    const { outputs } = await gates({ enabled: true, image });
    expect(outputs).toEqual({ project_services: 1, deployment_services: 1, artifact_registry: 1, deployment_iam: 1, cart_streamer: 1, scheduling: 1, monitoring: 1, jobs: ['batch', 'dbt_build', 'dbt_cart_stream'] });
    expect((await gates({ image })).outputs).toEqual(none);
  });

  it('refuses an image without a tag or digest, and a cart_stream interval that does not divide the hour', async () => {
    const untagged = await gates({ enabled: true, image: 'us-central1-docker.pkg.dev/p/r/fakestore-elt' });
    expect(untagged.error).toMatch(/deployment\.image must be a full image reference/);
    const interval = await gates({ enabled: true, schedules: { cart_stream_every_minutes: 7 } });
    expect(interval.error).toMatch(/cart_stream_every_minutes must divide 60/);
    expect((await gates({ enabled: true, schedules: { batch: '30 2 * * *', cart_stream_every_minutes: 20, time_zone: 'Europe/Paris' } })).error).toBeUndefined();
  });

  /** A module's variables and locals, with outputs of some of its expressions: what they render to. */
  function render(name: string, expressions: Record<string, string>, values: Record<string, unknown>) {
    const path = dir(name);
    return tofuOutputs(tofu!, {
      'variables.tf': readFileSync(join(path, 'variables.tf'), 'utf8'),
      'locals.tf': blockText(join(path, 'main.tf'), 'locals'),
      'outputs.tf': Object.entries(expressions).map(([key, value]) => `output "${key}" {\n  value = ${value}\n}\n`).join('\n'),
    }, values);
  }

  it('renders the workflow as YAML that runs the batch job, checks it, then the dbt build job', () => {
    const jobs = { batch: 'fakestore-batch-ingest', dbt_build: 'fakestore-dbt-build', dbt_cart_stream: 'fakestore-dbt-cart-stream' };
    const { outputs, error } = render('scheduling', { yaml: 'yamlencode(local.workflow)', cron: 'local.cart_stream_cron', uri: 'local.run_jobs_uri' }, {
      project_id: 'my-project-123', location: 'us-central1', name_prefix: 'fakestore', invoker_service_account: 'fakestore-invoker@my-project-123.iam.gserviceaccount.com', jobs,
    });
    expect(error).toBeUndefined();
    const yaml = outputs!.yaml as string;
    const at = (text: string) => {
      expect(yaml, text).toContain(text);
      return yaml.indexOf(text);
    };
    const order = [
      at('"batch_ingest":'),
      at('"name": "namespaces/my-project-123/jobs/fakestore-batch-ingest"'),
      at('"condition": "${default(map.get(batch_execution, [\\"status\\", \\"failedCount\\"]),'),
      at('"raise": "fakestore-batch-ingest failed: dbt build skipped"'),
      at('"dbt_build":'),
      at('"name": "namespaces/my-project-123/jobs/fakestore-dbt-build"'),
      at('"done":'),
    ];
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(yaml).not.toContain('cart-stream');
    expect(outputs!.cron).toBe('*/15 * * * *');
    expect(outputs!.uri).toBe('https://run.googleapis.com/v2/projects/my-project-123/locations/us-central1/jobs');
  });

  it('renders the streamer\'s flags: its state in gs://BUCKET/streamer/state/, its dead letters in gs://BUCKET/streamer/events, --http-port on the probed port', () => {
    const { outputs, error } = render('cart-streamer', { flags: 'local.flags' }, {
      project_id: 'my-project-123', location: 'us-central1', name: 'fakestore-cart-streamer', image: 'i:1', service_account: 'sa@x', topic: 'carts-events', state: { bucket: 'my-lake' },
    });
    expect(error).toBeUndefined();
    expect(outputs!.flags).toEqual([
      '--project-id', 'my-project-123', '--topic', 'carts-events', '--state-file', 'gs://my-lake/streamer/state/carts_state.json',
      '--events-dir', 'gs://my-lake/streamer/events',
      '--poll-interval', '60', '--max-consecutive-failures', '5', '--http-port', '8080',
    ]);
  });
});

describe('infra/modules/artifact-registry: the image repository', () => {
  it('is a Docker repository with immutable tags and cleanup policies, in the deployment region', async () => {
    const repository = resource(await loadModule(dir('artifact-registry')), 'google_artifact_registry_repository', 'default');
    expect(repository).toMatchObject({ format: 'DOCKER', repository_id: '${var.name}', location: '${var.location}' });
    expect(block(repository, 'docker_config')[0]).toEqual({ immutable_tags: '${var.immutable_tags}' });
    const policies = block(repository, 'cleanup_policies').map((p) => `${p.action as string} ${p.id as string}`);
    expect(policies.sort()).toEqual(['DELETE delete-old', 'KEEP keep-recent']);
    expect(await call('artifact_registry')).toMatchObject({ location: '${local.deploy_region}', name: '${var.deployment.repository_id}' });
    expect((await root()).locals.deploy_region).toBe('${coalesce(var.deployment.region, var.region)}');
  });
});

describe('infra/modules/cart-streamer: exactly one always-on streamer', () => {
  it('runs min = max = 1 instance with CPU always allocated', async () => {
    const service = resource(await loadModule(dir('cart-streamer')), 'google_cloud_run_v2_service', 'default');
    const template = block(service, 'template')[0]!;
    expect(block(template, 'scaling')).toEqual([{ min_instance_count: 1, max_instance_count: 1 }]);
    const container = block(template, 'containers')[0]!;
    expect(block(container, 'resources')[0]).toMatchObject({ cpu_idle: false });
    expect(template.service_account).toBe('${var.service_account}');
    // No instance-count, throttling or probe knob reaches the root: these are not settings.
    expect(deploymentType(await root())).not.toMatch(/instance_count|cpu_idle|min_instances|max_instances/);
  });

  it('probes GET /healthz on the port Cloud Run routes to, which the streamer serves through --http-port', async () => {
    const streamer = await loadModule(dir('cart-streamer'));
    const container = block(block(resource(streamer, 'google_cloud_run_v2_service', 'default'), 'template')[0]!, 'containers')[0]!;
    const probe = block(container, 'liveness_probe')[0]!;
    expect(block(probe, 'http_get')).toEqual([{ path: '${var.health_path}', port: '${var.port}' }]);
    expect(streamer.variables.health_path![0]!.default).toBe('/healthz');
    expect(block(container, 'ports')).toEqual([{ container_port: '${var.port}' }]);
    expect(block(container, 'startup_probe')[0]).toMatchObject({ tcp_socket: [{ port: '${var.port}' }] });
    const flags = streamer.locals.flags as string[];
    expect(flags[flags.indexOf('--http-port') + 1]).toBe('${tostring(var.port)}');
  });

  it('starts cart-streamer with its project, topic, gs:// state in the lake bucket and failure limit', async () => {
    const streamer = await loadModule(dir('cart-streamer'));
    const container = block(block(resource(streamer, 'google_cloud_run_v2_service', 'default'), 'template')[0]!, 'containers')[0]!;
    expect(container.command).toEqual(['cart-streamer']);
    expect(container.args).toBe('${concat(local.flags, var.extra_args)}');
    const flags = streamer.locals.flags as string[];
    const flag = (name: string) => (flags.includes(name) ? flags[flags.indexOf(name) + 1] : undefined);
    expect(flags.filter((_, i) => i % 2 === 0)).toEqual(['--project-id', '--topic', '--state-file', '--events-dir', '--poll-interval', '--max-consecutive-failures', '--http-port']);
    expect(flag('--project-id')).toBe('${var.project_id}');
    expect(flag('--topic')).toBe('${var.topic}');
    expect(flag('--state-file')).toBe('${local.state_file}');
    expect(flag('--max-consecutive-failures')).toBe('${tostring(var.max_consecutive_failures)}');
    expect(flag('--events-dir')).toBe('${local.events_dir}');
    expect(streamer.locals.state_file).toBe('gs://${var.state.bucket}/${var.state.prefix}state/${var.state.file_name}');
    expect(streamer.locals.events_dir).toBe('gs://${var.state.bucket}/${var.state.prefix}events');
    expect(streamer.variables.state![0]!.type).toMatch(/file_name\s*=\s*optional\(string, "carts_state.json"\)/);

    expect(await call('cart_streamer')).toMatchObject({
      service_account: '${module.iam.emails[local.service_accounts.streamer]}',
      topic: '${module.pubsub.topic_name}',
      project_id: '${var.project_id}',
      state: { bucket: '${module.storage.name}', prefix: '${var.deployment.streamer.state_prefix}' },
      max_consecutive_failures: '${var.deployment.streamer.max_consecutive_failures}',
      image: '${var.deployment.image}',
    });
    expect(deploymentType(await root())).toMatch(/state_prefix\s*=\s*optional\(string, "streamer\/"\)/);
  });

  it('lets the streamer read and write objects under its state prefix only', async () => {
    const grant = resource(await loadModule(dir('cart-streamer')), 'google_storage_bucket_iam_member', 'state');
    expect(grant).toMatchObject({ bucket: '${var.state.bucket}', role: 'roles/storage.objectUser', member: 'serviceAccount:${var.service_account}' });
    const condition = block(grant, 'condition')[0]!.expression as string;
    expect(condition).toContain('resource.name.startsWith("projects/_/buckets/${var.state.bucket}/objects/${var.state.prefix}")');
    expect(condition).toContain('api.getAttribute("storage.googleapis.com/objectListPrefix", "").startsWith("${var.state.prefix}")');
    // A prefix is a folder outside the lake's raw/ data.
    const rule = validation(await root(), 'state_prefix');
    const [folder] = regexesOf(rule);
    for (const [prefix, ok] of [['streamer/', true], ['ops/streamer/', true], ['streamer', false], ['', false]] as const) expect(folder!.test(prefix), prefix).toBe(ok);
    expect(rule).toContain('!startswith(var.deployment.streamer.state_prefix, "raw/")');
  });
});

describe('infra/modules/cloud-run-job: batch-ingest, dbt build, dbt cart_stream', () => {
  it('runs one task of the image as the given service account', async () => {
    const job = resource(await loadModule(dir('cloud-run-job')), 'google_cloud_run_v2_job', 'default');
    const execution = block(job, 'template')[0]!;
    expect(execution).toMatchObject({ task_count: 1, parallelism: 1 });
    const task = block(execution, 'template')[0]!;
    expect(task).toMatchObject({ service_account: '${var.service_account}', timeout: '${var.timeout_seconds}s', max_retries: '${var.max_retries}' });
    expect(block(task, 'containers')[0]).toMatchObject({ image: '${var.image}', command: '${var.command}', args: '${var.args}' });
  });

  it('gives each job its tool, its flags and its tool\'s service account', async () => {
    const jobs = (await root()).locals.deploy_jobs as Record<string, Block>;
    expect(Object.keys(jobs).sort()).toEqual(['batch', 'dbt_build', 'dbt_cart_stream']);
    expect(jobs.batch).toMatchObject({
      name: '${var.name_prefix}-batch-ingest',
      service_account: '${local.service_accounts.batch}',
      command: ['batch-ingest'],
      args: ['--project-id', '${var.project_id}', '--bucket-name', '${module.storage.name}', '--dataset-id', '${local.deploy_bronze_dataset}'],
    });
    expect(jobs.dbt_build).toMatchObject({ service_account: '${local.service_accounts.dbt}', command: ['dbt'], args: '${concat(["build"], local.deploy_dbt_args)}' });
    expect(jobs.dbt_cart_stream).toMatchObject({
      service_account: '${local.service_accounts.dbt}',
      command: ['dbt'],
      args: '${concat(["build", "--selector", "cart_stream"], local.deploy_dbt_args)}',
    });
    const locals = (await root()).locals;
    expect(locals.deploy_dbt_args).toEqual(['--project-dir', '${var.deployment.dbt.project_dir}', '--profiles-dir', '${var.deployment.dbt.project_dir}', '--target', 'bigquery']);
    // The datasets come from the bigquery module (var.dataset_ids), never a literal name.
    expect(locals.deploy_dbt_env).toMatchObject({
      GCP_PROJECT_ID: '${var.project_id}',
      GCP_REGION: '${var.region}',
      BQ_DATASET: '${local.deploy_bronze_dataset}',
      BQ_SILVER_DATASET: '${module.bigquery.dataset_ids["silver"]}',
      BQ_GOLD_DATASET: '${module.bigquery.dataset_ids["gold"]}',
    });
    expect(locals.deploy_bronze_dataset).toBe('${module.bigquery.dataset_ids["bronze"]}');
    expect(await call('jobs')).toMatchObject({ service_account: '${module.iam.emails[each.value.service_account]}', image: '${var.deployment.image}', args: '${each.value.args}' });
  });
});

describe('infra/modules/scheduling: the daily batch then dbt build, and cart_stream every N minutes', () => {
  it('runs dbt build in a workflow only after the batch job\'s execution succeeded', async () => {
    const scheduling = await loadModule(dir('scheduling'));
    const workflow = resource(scheduling, 'google_workflows_workflow', 'default');
    expect(workflow).toMatchObject({ source_contents: '${yamlencode(local.workflow)}', service_account: '${var.invoker_service_account}' });
    const steps = ((scheduling.locals.workflow as { main: { steps: Block[] } }).main.steps).map((step) => Object.entries(step)[0]!);
    expect(steps.map(([name]) => name)).toEqual(['batch_ingest', 'check_batch', 'dbt_build', 'check_dbt_build', 'done']);
    expect(steps[0]![1]).toBe('${local.run_job.batch}');
    expect(steps[2]![1]).toBe('${local.run_job.dbt_build}');
    const check = (steps[1]![1] as { switch: { condition: string; raise: string }[] }).switch[0]!;
    expect(check.condition).toContain('batch_execution');
    expect(check.raise).toContain('dbt build skipped');

    const runJob = scheduling.locals.run_job as string;
    expect(runJob).toContain('for key in ["batch", "dbt_build"]');
    expect(runJob).toContain('call = "googleapis.run.v1.namespaces.jobs.run"');
    expect(runJob).toContain('name             = "namespaces/${var.project_id}/jobs/${var.jobs[key]}"');
    expect(runJob).toContain('result = "${key}_execution"');
  });

  it('starts the workflow daily and the cart_stream dbt job every N minutes, as the invoker service account', async () => {
    const scheduling = await loadModule(dir('scheduling'));
    const daily = resource(scheduling, 'google_cloud_scheduler_job', 'daily');
    expect(daily).toMatchObject({ schedule: '${var.batch_schedule}', time_zone: '${var.time_zone}' });
    const dailyTarget = block(daily, 'http_target')[0]!;
    expect(dailyTarget).toMatchObject({ http_method: 'POST', uri: 'https://workflowexecutions.googleapis.com/v1/${google_workflows_workflow.default.id}/executions' });
    expect(block(dailyTarget, 'oauth_token')[0]).toMatchObject({ service_account_email: '${var.invoker_service_account}' });

    const cartStream = resource(scheduling, 'google_cloud_scheduler_job', 'cart_stream');
    expect(cartStream.schedule).toBe('${local.cart_stream_cron}');
    expect(scheduling.locals.cart_stream_cron).toBe('${(\n    var.cart_stream_every_minutes == 60 ? "0 * * * *" : "*/${var.cart_stream_every_minutes} * * * *"\n  )}');
    const streamTarget = block(cartStream, 'http_target')[0]!;
    expect(streamTarget).toMatchObject({ http_method: 'POST', uri: '${local.run_jobs_uri}/${var.jobs.dbt_cart_stream}:run' });
    expect(scheduling.locals.run_jobs_uri).toBe('https://run.googleapis.com/v2/projects/${var.project_id}/locations/${var.location}/jobs');
    expect(block(streamTarget, 'oauth_token')[0]).toMatchObject({ service_account_email: '${var.invoker_service_account}' });
  });

  it('is wired to the three jobs and the schedules of var.deployment: daily at 03:00 UTC, cart_stream every 15 minutes', async () => {
    expect(await call('scheduling')).toMatchObject({
      jobs: '${{ for key, job in module.jobs : key => job.name }}',
      batch_schedule: '${var.deployment.schedules.batch}',
      cart_stream_every_minutes: '${var.deployment.schedules.cart_stream_every_minutes}',
      invoker_service_account: '${module.deployment_iam[0].emails[local.invoker_service_account]}',
    });
    const type = deploymentType(await root());
    expect(type).toMatch(/batch\s*=\s*optional\(string, "0 3 \* \* \*"\)/);
    expect(type).toMatch(/cart_stream_every_minutes\s*=\s*optional\(number, 15\)/);
    expect(type).toMatch(/time_zone\s*=\s*optional\(string, "Etc\/UTC"\)/);
    expect(validation(await root(), 'cart_stream_every_minutes')).toContain('60 % var.deployment.schedules.cart_stream_every_minutes == 0');
  });
});

describe('infra/: deployment IAM, least privilege', () => {
  it('runs each workload as its tool\'s existing service account, and adds only the invoker', async () => {
    expect(Object.keys((await call('deployment_iam')).service_accounts as object)).toEqual(['${(local.invoker_service_account)}']);
    expect((await root()).locals.invoker_service_account).toBe('${var.name_prefix}-invoker');
    const accounts = Object.values((await root()).locals.deploy_jobs as Record<string, Block>).map((job) => job.service_account);
    expect(new Set(accounts)).toEqual(new Set(['${local.service_accounts.batch}', '${local.service_accounts.dbt}']));
  });

  it('grants the invoker run.invoker on just the three jobs, and run.viewer on the two the workflow waits for', async () => {
    const scheduling = await loadModule(dir('scheduling'));
    const invoker = resource(scheduling, 'google_cloud_run_v2_job_iam_member', 'invoker');
    expect(invoker).toMatchObject({ for_each: '${tomap(var.jobs)}', name: '${each.value}', role: 'roles/run.invoker', member: 'serviceAccount:${var.invoker_service_account}' });
    const reader = resource(scheduling, 'google_cloud_run_v2_job_iam_member', 'execution_reader');
    expect(reader).toMatchObject({ for_each: { batch: '${var.jobs.batch}', dbt_build: '${var.jobs.dbt_build}' }, role: 'roles/run.viewer' });
    expect(Object.keys(scheduling.resources).filter((type) => type.includes('_iam_')).sort()).toEqual(['google_cloud_run_v2_job_iam_member']);
  });

  it('lets the uptime check (Monitoring service agent) invoke only the streamer service', async () => {
    const monitoring = await loadModule(dir('monitoring'));
    const grant = resource(monitoring, 'google_cloud_run_v2_service_iam_member', 'uptime_checker');
    expect(grant).toMatchObject({ name: '${var.streamer.service_name}', role: 'roles/run.invoker', member: '${local.uptime_agent}' });
    expect(monitoring.locals.uptime_agent).toBe('serviceAccount:service-${data.google_project.default.number}@gcp-sa-monitoring-notification.iam.gserviceaccount.com');
  });

  it('adds no project-level grant but roles/workflows.invoker for the invoker (Workflows has no per-workflow IAM)', async () => {
    expect((await call('deployment_iam')).project_roles).toEqual({ '${(local.invoker_service_account)}': ['roles/workflows.invoker'] });
    for (const name of DEPLOYMENT_MODULES) {
      const types = Object.keys((await loadModule(dir(name))).resources);
      expect(types.filter((type) => type.startsWith('google_project_iam') || /_iam_(policy|binding)$/.test(type)), name).toEqual([]);
    }
  });
});

describe('infra/modules/monitoring: alerts on the streamer\'s health and failed jobs', () => {
  it('checks /healthz on the streamer\'s Cloud Run service, authenticated, and alerts when it fails', async () => {
    const monitoring = await loadModule(dir('monitoring'));
    const check = resource(monitoring, 'google_monitoring_uptime_check_config', 'default');
    const http = block(check, 'http_check')[0]!;
    expect(http).toMatchObject({ path: '${var.streamer.health_path}', use_ssl: true, port: 443 });
    expect(block(http, 'service_agent_authentication')).toEqual([{ type: 'OIDC_TOKEN' }]);
    expect(block(check, 'monitored_resource')[0]).toMatchObject({ type: 'cloud_run_revision', labels: expect.objectContaining({ service_name: '${var.streamer.service_name}' }) as unknown });
    expect(monitoring.variables.streamer![0]!.type).toMatch(/health_path\s*=\s*optional\(string, "\/healthz"\)/);

    const policy = resource(monitoring, 'google_monitoring_alert_policy', 'streamer');
    const condition = block(block(policy, 'conditions')[0]!, 'condition_threshold')[0]!;
    expect(condition.filter).toContain('monitoring.googleapis.com/uptime_check/check_passed');
    expect(condition.filter).toContain('${google_monitoring_uptime_check_config.default.uptime_check_id}');
    expect(policy.notification_channels).toBe('${local.channels}');
    expect(monitoring.locals.channels).toBe('${concat(var.notification_channels, [for c in google_monitoring_notification_channel.email : c.id])}');
  });

  it('alerts on failed executions of the jobs, and takes optional notification channels from var.deployment', async () => {
    const monitoring = await loadModule(dir('monitoring'));
    const condition = block(block(resource(monitoring, 'google_monitoring_alert_policy', 'jobs'), 'conditions')[0]!, 'condition_threshold')[0]!;
    expect(condition.filter).toContain('run.googleapis.com/job/completed_execution_count');
    expect(condition.filter).toContain('metric.label.result="failed"');
    expect(await call('monitoring')).toMatchObject({
      jobs: '${[for job in module.jobs : job.name]}',
      notification_channels: '${var.deployment.alerts.notification_channels}',
      notification_emails: '${var.deployment.alerts.notification_emails}',
    });
    expect(deploymentType(await root())).toMatch(/notification_channels\s*=\s*optional\(list\(string\), \[\]\)/);
  });
});

describe('infra/: deployment variable and output', () => {
  it('accepts only image references with a tag or a digest', async () => {
    const [image] = regexesOf(validation(await root(), 'deployment.image'));
    const digest = 'a'.repeat(64);
    const cases: [string, boolean][] = [
      [`us-central1-docker.pkg.dev/my-project/fakestore-elt/fakestore-elt@sha256:${digest}`, true],
      ['us-central1-docker.pkg.dev/my-project/fakestore-elt/fakestore-elt:2024-06-01', true],
      ['localhost:5000/fakestore-elt:dev', true],
      ['us-central1-docker.pkg.dev/my-project/fakestore-elt/fakestore-elt', false],
      ['fakestore-elt@sha256:abc', false],
      ['https://us-central1-docker.pkg.dev/p/r/i:1', false],
    ];
    for (const [value, ok] of cases) expect(image!.test(value), value).toBe(ok);
  });

  it('outputs the deployment (null when disabled) with the commands to push, run and watch it', async () => {
    const output = (await root()).outputs.deployment![0] as { value: string };
    expect(output.value).toMatch(/^\$\{!local\.deploy \? null : \{/);
    for (const key of ['repository', 'jobs', 'streamer', 'workflow', 'scheduler_jobs', 'alert_policies', 'push', 'run_daily_now', 'streamer_proxy']) expect(output.value, key).toContain(`${key} `);
  });
});
