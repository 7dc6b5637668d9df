import { addConfigOptions, onRun, packageVersion, toolCommand, toolProgram } from '@fakestore/shared-core';
import type { Command } from 'commander';
import { REQUIRED_APIS } from './endpoints.js';
import { doctorFields, enableApisFields } from './config.js';
import type { CliContext } from './types.js';

const shortFlags = { projectId: 'p', bucketName: 'b', credentialsFile: 'c' } as const;

/** The gcp-bootstrap CLI; `context` replaces its surroundings in tests (env, endpoints, credentials, output). */
export function createCli(context: CliContext = {}): Command {
  const program = toolProgram({
    name: 'gcp-bootstrap',
    version: packageVersion(new URL('../package.json', import.meta.url)),
    description: [
      'Enable the GCP APIs the pipeline needs and diagnose what is missing.',
      'Flags win over the environment, which wins over .env. Exit status: 0 ok, 1 failed (a doctor check), 2 bad usage or configuration.',
    ],
    examples: [
      'gcp-bootstrap enable-apis --project-id my-project                 # enable what is off, wait for it',
      'gcp-bootstrap doctor -p my-project -b my-lake                      # checklist with a fix per failed line',
      'gcp-bootstrap doctor --tools cart-streamer                          # only what the streamer needs (.env values)',
      'gcp-bootstrap doctor --help                                         # every flag of a command',
    ],
  });

  const enableApis = toolCommand({
    name: 'enable-apis',
    description: [
      'Enable the APIs the pipeline needs in one batch and wait for it.',
      `The APIs: ${REQUIRED_APIS.join(', ')}. ` +
        'APIs already enabled are skipped, so running it again is harmless. Needs serviceusage.services.enable (e.g. a project owner).',
    ],
    examples: [
      'gcp-bootstrap enable-apis --project-id my-project',
      'gcp-bootstrap enable-apis --project-id my-project --credentials credentials/admin.json --timeout 600',
    ],
  });
  addConfigOptions(enableApis, enableApisFields, { short: shortFlags });
  program.addCommand(onRun(enableApis, async (flags) => (await import('./commands/enable-apis.js')).runEnableApisCommand(flags, context)));

  const doctor = toolCommand({
    name: 'doctor',
    description: [
      'Check credentials, APIs, the bucket, datasets and topic, and the permissions each tool needs.',
      'Prints a checklist with the fix for every failed line; exits 1 when any check fails, 0 when all pass.',
    ],
    examples: [
      'gcp-bootstrap doctor --project-id my-project --bucket-name my-project-fakestore-lake',
      'GOOGLE_APPLICATION_CREDENTIALS=credentials/fakestore-streamer.json gcp-bootstrap doctor -p my-project --tools cart-streamer',
      'gcp-bootstrap doctor --tools batch-ingest,dbt      # values from .env (GCP_PROJECT_ID, GCS_BUCKET_NAME, ...)',
    ],
  });
  addConfigOptions(doctor, doctorFields, { short: shortFlags });
  program.addCommand(onRun(doctor, async (flags) => (await import('./commands/doctor.js')).runDoctorCommand(flags, context)));
  return program;
}
