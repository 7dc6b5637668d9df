import { ExitCode, configArgs, createLogger, flagValues, loadConfig } from '@fakestore/shared-core';
import { defineCommand } from 'citty';
import { enableApis } from '../enable-apis.js';
import { REQUIRED_APIS } from '../endpoints.js';
import { enableApisFields, requireProjectAndKeyFile } from '../config.js';
import { createGoogleTransport } from '../transport.js';
import type { CliContext } from '../types.js';

const description =
  `Enable the APIs the pipeline needs (${REQUIRED_APIS.join(', ')}) in one batch and wait for it. ` +
  'APIs already enabled are skipped, so running it again is harmless. Needs serviceusage.services.enable (e.g. a project owner).';

export function createEnableApisCommand(context: CliContext = {}) {
  return defineCommand({
    meta: { name: 'enable-apis', description },
    args: configArgs(enableApisFields),
    async run({ args }) {
      const config = loadConfig(enableApisFields, {
        flags: flagValues(enableApisFields, args),
        env: context.env ?? process.env,
        envFile: context.envFile ?? '.env',
        check: requireProjectAndKeyFile,
      });
      const projectId = config.projectId ?? '';
      const logger = createLogger({
        name: 'gcp-bootstrap',
        level: config.logLevel,
        ...(context.logDestination ? { destination: context.logDestination, pretty: false } : {}),
      });
      const createTransport = context.createTransport ?? createGoogleTransport;
      const started = Date.now();
      const result = await enableApis({
        projectId,
        transport: createTransport(config.credentialsFile ? { keyFile: config.credentialsFile } : {}),
        timeoutMs: config.timeout * 1000,
        ...(context.endpoints ? { endpoints: context.endpoints } : {}),
        ...(context.sleep ? { sleep: context.sleep } : {}),
        ...(context.pollIntervalMs === undefined ? {} : { pollIntervalMs: context.pollIntervalMs }),
      });
      const message =
        result.enabled.length === 0
          ? `enable-apis: all ${result.alreadyEnabled.length} APIs already enabled in ${projectId}`
          : `enable-apis: enabled ${result.enabled.join(', ')} in ${projectId} (${result.alreadyEnabled.length} already enabled)`;
      logger.info({ projectId, ...result, durationMs: Date.now() - started }, message);
      return ExitCode.ok;
    },
  });
}

export default createEnableApisCommand();
