import { CloudConfigError, ExitCode, loadConfig, useColor } from '@fakestore/shared-core';
import { renderChecklist } from '../checklist.js';
import { doctorFields, requireProject } from '../config.js';
import { runDoctor } from '../doctor.js';
import { createGoogleTransport } from '../transport.js';
import type { CliContext } from '../types.js';

/** `gcp-bootstrap doctor`: the checklist on stdout; exit 2 when the credentials cannot be used, 1 when a check fails. */
export async function runDoctorCommand(flags: Record<string, unknown>, context: CliContext = {}): Promise<number> {
  const env = context.env ?? process.env;
  const config = loadConfig(doctorFields, { flags, env, envFile: context.envFile ?? '.env', check: requireProject });
  const projectId = config.projectId ?? '';
  const report = await runDoctor({
    projectId,
    datasetId: config.datasetId,
    silverDatasetId: config.silverDatasetId,
    goldDatasetId: config.goldDatasetId,
    topic: config.topic,
    region: config.region,
    tools: config.tools,
    createTransport: context.createTransport ?? createGoogleTransport,
    ...(config.bucketName ? { bucketName: config.bucketName } : {}),
    ...(config.credentialsFile ? { credentialsFile: config.credentialsFile } : {}),
    ...(context.endpoints ? { endpoints: context.endpoints } : {}),
  });
  const color = context.color ?? useColor(process.stdout, env);
  const write = context.stdout ?? ((text: string) => process.stdout.write(text));
  write(renderChecklist(report, { projectId, color }));
  // Like every tool: unusable credentials are configuration, one line on stderr (the checklist says it too).
  if (report.credentialsFault) throw new CloudConfigError(report.credentialsFault, { kind: 'credentials' });
  return report.failed > 0 ? ExitCode.failure : ExitCode.ok;
}
