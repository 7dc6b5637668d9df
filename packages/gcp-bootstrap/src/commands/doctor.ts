import { ExitCode, configArgs, flagValues, loadConfig } from '@fakestore/shared-core';
import { defineCommand } from 'citty';
import { renderChecklist } from '../checklist.js';
import { doctorFields, requireProject } from '../config.js';
import { runDoctor } from '../doctor.js';
import { createGoogleTransport } from '../transport.js';
import type { CliContext } from '../types.js';

const description =
  'Check credentials, APIs, the bucket, datasets and topic, and the permissions each tool needs. ' +
  'Prints a checklist with the fix for every failed line; exits 1 when any check fails, 0 when all pass.';

export function createDoctorCommand(context: CliContext = {}) {
  return defineCommand({
    meta: { name: 'doctor', description },
    args: configArgs(doctorFields),
    async run({ args }) {
      const config = loadConfig(doctorFields, {
        flags: flagValues(doctorFields, args),
        env: context.env ?? process.env,
        envFile: context.envFile ?? '.env',
        check: requireProject,
      });
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
      const env = context.env ?? process.env;
      const color = context.color ?? (process.stdout.isTTY === true && env.NO_COLOR === undefined);
      const write = context.stdout ?? ((text: string) => process.stdout.write(text));
      write(renderChecklist(report, { projectId, color }));
      return report.failed > 0 ? ExitCode.failure : ExitCode.ok;
    },
  });
}

export default createDoctorCommand();
