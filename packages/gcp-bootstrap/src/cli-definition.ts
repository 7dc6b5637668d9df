import { UsageError, type CliDefinition } from '@fakestore/shared-core';
import { defineCommand } from 'citty';
import type { CliContext } from './types.js';

/** The gcp-bootstrap CLI; `context` replaces its surroundings in tests (env, endpoints, credentials, output). */
export function createCli(context: CliContext = {}): CliDefinition {
  return {
    name: 'gcp-bootstrap',
    main: defineCommand({
      meta: { name: 'gcp-bootstrap', description: 'Enable the GCP APIs the pipeline needs and diagnose what is missing' },
      args: {},
      run: () => {
        throw new UsageError('name a command: enable-apis or doctor');
      },
    }),
    subCommands: {
      'enable-apis': () => import('./commands/enable-apis.js').then((m) => m.createEnableApisCommand(context)),
      doctor: () => import('./commands/doctor.js').then((m) => m.createDoctorCommand(context)),
    },
    examples: [
      'gcp-bootstrap enable-apis --project-id my-project                 # enable what is off, wait for it',
      'gcp-bootstrap doctor --project-id my-project --bucket-name my-lake  # checklist with a fix per failed line',
      'gcp-bootstrap doctor --tools cart-streamer                          # only what the streamer needs (.env values)',
      'gcp-bootstrap doctor --help                                         # every flag of a command',
    ],
    subCommandExamples: {
      'enable-apis': [
        'gcp-bootstrap enable-apis --project-id my-project',
        'gcp-bootstrap enable-apis --project-id my-project --credentials credentials/admin.json --timeout 600',
      ],
      doctor: [
        'gcp-bootstrap doctor --project-id my-project --bucket-name my-project-fakestore-lake',
        'GOOGLE_APPLICATION_CREDENTIALS=credentials/fakestore-streamer.json gcp-bootstrap doctor --project-id my-project --tools cart-streamer',
        'gcp-bootstrap doctor --tools batch-ingest,dbt      # values from .env (GCP_PROJECT_ID, GCS_BUCKET_NAME, ...)',
      ],
    },
  };
}
