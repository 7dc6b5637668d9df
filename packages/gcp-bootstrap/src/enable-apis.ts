import { setTimeout as delay } from 'node:timers/promises';
import type { CloudFaultContext } from '@fakestore/shared-core';
import { z } from 'zod';
import { describeError, describeResponse, refusal } from './_google-errors.js';
import { REQUIRED_APIS, apiUrls, resolveEndpoints } from './endpoints.js';
import type { EnableApisOptions, EnableApisResult, GcpResponse } from './types.js';

const servicesResponse = z.looseObject({
  services: z
    .array(z.looseObject({ name: z.string(), state: z.string().optional(), config: z.looseObject({ name: z.string().optional() }).optional() }))
    .default([]),
});

const operationSchema = z.looseObject({
  name: z.string().optional(),
  done: z.boolean().optional(),
  error: z.looseObject({ code: z.number().optional(), message: z.string().optional() }).optional(),
});

/**
 * Enables the APIs that are not enabled yet, in one `services:batchEnable` call, and waits
 * for its long-running operation (bounded). Already-enabled APIs are left alone, so a
 * second run does nothing. Throws an Error that says what to do when it cannot finish: a
 * CloudConfigError (exit 2) when Google refuses the caller (a missing role, a disabled Service
 * Usage API, rejected credentials).
 */
export async function enableApis(options: EnableApisOptions): Promise<EnableApisResult> {
  const { projectId, transport } = options;
  const apis = [...(options.apis ?? REQUIRED_APIS)];
  const urls = apiUrls(resolveEndpoints(options.endpoints), projectId);
  const sleep = options.sleep ?? ((ms: number) => delay(ms));
  const pollIntervalMs = options.pollIntervalMs ?? 2000;
  const timeoutMs = options.timeoutMs ?? 300_000;
  const now = options.now ?? Date.now;

  const context = { projectId, resources: { project: projectId }, ...(options.principal && { principal: options.principal }) };
  const states = enabledStates(projectId, apis, await transport.request({ method: 'GET', url: urls.servicesBatchGet(apis) }), context);
  const alreadyEnabled = apis.filter((api) => states.get(api) === 'ENABLED');
  const disabled = apis.filter((api) => states.get(api) !== 'ENABLED');
  if (disabled.length === 0) return { alreadyEnabled, enabled: [], polls: 0 };

  const started = await transport.request({ method: 'POST', url: urls.servicesBatchEnable(), body: { serviceIds: disabled } });
  if (started.status !== 200) {
    throw refusal(started, { ...context, permission: 'serviceusage.services.enable' })
      ?? new Error(`enabling ${disabled.join(', ')} in ${projectId} failed: ${describeResponse(started)}${hintFor(started, projectId)}`);
  }
  let operation = readBody(operationSchema, started, 'services:batchEnable');
  const name = operation.name;

  let polls = 0;
  const deadline = now() + timeoutMs;
  while (operation.done !== true) {
    if (name === undefined) throw new Error(`services:batchEnable answered without an operation name; check with: gcloud services list --enabled --project ${projectId}`);
    if (now() + pollIntervalMs > deadline) {
      throw new Error(
        `the operation enabling ${disabled.join(', ')} is still running after ${Math.round(timeoutMs / 1000)} s; ` +
          `follow it with: gcloud services operations describe ${name}, then re-run enable-apis`,
      );
    }
    await sleep(pollIntervalMs);
    polls += 1;
    const polled = await transport.request({ method: 'GET', url: urls.operation(name) });
    if (polled.status !== 200) throw new Error(`reading operation ${name} failed: ${describeResponse(polled)}`);
    operation = readBody(operationSchema, polled, `reading operation ${name}`);
  }
  if (operation.error) {
    throw new Error(`enabling ${disabled.join(', ')} in ${projectId} failed: ${operation.error.message ?? `code ${operation.error.code ?? '?'}`}`);
  }
  return { alreadyEnabled, enabled: disabled, ...(name === undefined ? {} : { operation: name }), polls };
}

/** State per API from `services:batchGet` (names come back with the project number). */
function enabledStates(projectId: string, apis: readonly string[], response: GcpResponse, context: CloudFaultContext): Map<string, string> {
  if (response.status !== 200) {
    throw refusal(response, { ...context, permission: 'serviceusage.services.get' })
      ?? new Error(`reading the API states of ${projectId} failed: ${describeResponse(response)}${hintFor(response, projectId)}`);
  }
  const states = new Map<string, string>();
  for (const service of readBody(servicesResponse, response, `reading the API states of ${projectId}`).services) {
    const api = service.config?.name ?? service.name.split('/').pop() ?? '';
    if (apis.includes(api)) states.set(api, service.state ?? 'STATE_UNSPECIFIED');
  }
  return states;
}

/** The body of a 200, checked: a proxy's page or an odd answer is one clear line, not a schema dump. */
function readBody<S extends z.ZodType>(schema: S, response: GcpResponse, what: string): z.output<S> {
  const parsed = schema.safeParse(response.data);
  if (parsed.success) return parsed.data;
  const got = typeof response.data === 'string' ? response.data : (JSON.stringify(response.data) ?? 'an empty body');
  throw new Error(`${what}: not an answer from Google (${describeError(got)}); check the network and proxy settings, then re-run`);
}

/** A fix for what `refusal` leaves (a 403 or a 401 never gets here). */
function hintFor(response: GcpResponse, projectId: string): string {
  if (response.status === 404) return `; check the project id with: gcloud projects describe ${projectId}`;
  return '';
}
