import { ExitCode, checkKeyFile, createLogger, credentialsOrigin, loadConfig } from '@fakestore/shared-core';
import { refusal } from '../_google-errors.js';
import { enableApis } from '../enable-apis.js';
import { enableApisFields, requireProject } from '../config.js';
import { createGoogleTransport } from '../transport.js';
import type { CliContext } from '../types.js';

/** `gcp-bootstrap enable-apis`: enables what is off and logs one line of what it did. */
export async function runEnableApisCommand(flags: Record<string, unknown>, context: CliContext = {}): Promise<number> {
  const config = loadConfig(enableApisFields, {
    flags,
    env: context.env ?? process.env,
    envFile: context.envFile ?? '.env',
    check: requireProject,
  });
  const projectId = config.projectId ?? '';
  // A broken key file is exit 2 before any request; without one, the transport finds ADC (or says there is none).
  const principal = config.credentialsFile ? checkKeyFile(config.credentialsFile) : undefined;
  const logger = createLogger({
    name: 'gcp-bootstrap',
    level: config.logLevel,
    format: config.logFormat,
    ...(context.logDestination ? { destination: context.logDestination } : {}),
  });
  const createTransport = context.createTransport ?? createGoogleTransport;
  const started = Date.now();
  const result = await enableApis({
    projectId,
    transport: createTransport(config.credentialsFile ? { keyFile: config.credentialsFile } : {}),
    timeoutMs: config.timeout * 1000,
    ...(principal ? { principal } : {}),
    ...(context.endpoints ? { endpoints: context.endpoints } : {}),
    ...(context.sleep ? { sleep: context.sleep } : {}),
    ...(context.pollIntervalMs === undefined ? {} : { pollIntervalMs: context.pollIntervalMs }),
  }).catch((error: unknown) => {
    // A request that got no answer: a refused token (invalid_grant) is configuration, a network error is not.
    const origin = credentialsOrigin(config.credentialsFile);
    throw refusal(error, { projectId, ...(principal && { principal }), ...(origin && { credentials: origin }) }) ?? error;
  });
  const message =
    result.enabled.length === 0
      ? `enable-apis: all ${result.alreadyEnabled.length} APIs already enabled in ${projectId}`
      : `enable-apis: enabled ${result.enabled.join(', ')} in ${projectId} (${result.alreadyEnabled.length} already enabled)`;
  logger.info({ projectId, ...result, durationMs: Date.now() - started }, message);
  return ExitCode.ok;
}
