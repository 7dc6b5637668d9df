import { addConfigOptions, onRun, toolCommand, toolProgram } from '@fakestore/shared-core';
import type { Command } from 'commander';
import { baseFields, gcpFields } from './config.js';
import { tool } from './tool.js';

const GCP_OPTIONS = 'Google Cloud options (gcp mode):';
const shortFlags = { localOnly: 'l', apiUrl: 'u', entities: 'e', dataDir: 'd', projectId: 'p', bucketName: 'b', credentialsFile: 'c' } as const;

const description = [
  'Extract Fake Store products and users, validate every record, write a lake partition and, in gcp mode, load BigQuery bronze.',
  'Mode: gcp when a project id or a bucket is configured (flag, environment or .env) and --local-only is not given; ' +
    'then both --project-id and --bucket-name are required. Otherwise local: the lake under --data-dir, no cloud client. ' +
    "If Cloud Storage or BigQuery fail, the partition stays in the lake, is journaled and the run exits 3; 'batch-ingest push-pending' (or the next run) pushes it.",
  'One batch-ingest at a time per data dir: a run or push-pending holds {data-dir}/.batch-ingest.lock while it works. ' +
    'Flags win over the environment, which wins over .env, which wins over the defaults.',
  'Exit status: 0 ok, 1 an entity failed (or another batch-ingest holds the data dir), 2 bad usage or configuration, 3 completed but degraded (push pending).',
];

const pushDescription = [
  'Push the lake partitions that earlier runs could not get into Cloud Storage / BigQuery.',
  "Each partition's data is checked against its manifest's sha256 first; stages already done are skipped; " +
    'only what succeeded leaves the journal ({data-dir}/_pending/push-journal.json). A second run with nothing pending does nothing.',
  'Exit status: 0 all pushed (or nothing pending), 1 a partition is missing or corrupt (or another batch-ingest holds the data dir), ' +
    '2 bad usage, 3 some still pending.',
];

/** `fields`, then the GCP options in a group of their own: the run and `push-pending` both take them. */
function addOptions(command: Command, fields: Partial<typeof baseFields>): void {
  addConfigOptions(command, fields, { short: shortFlags });
  addConfigOptions(command, gcpFields, { short: shortFlags, group: GCP_OPTIONS });
}

/** The batch-ingest CLI: the run itself, and `push-pending`. Each body is loaded only when it runs. */
export function createCli(): Command {
  const program = toolProgram({
    name: 'batch-ingest',
    version: tool.version,
    description,
    examples: [
      'batch-ingest --local-only --api-url http://127.0.0.1:3999            # local lake under ./data',
      'batch-ingest -e users -d /tmp/lake                                   # local too: no project or bucket configured',
      'batch-ingest --project-id my-project --bucket-name my-project-fakestore-lake --dataset-id bronze_data',
      'GCP_PROJECT_ID=my-project GCS_BUCKET_NAME=my-project-fakestore-lake batch-ingest   # gcp mode from the environment',
      'LOG_FORMAT=json batch-ingest --local-only                            # JSON log lines even on a terminal',
      'batch-ingest push-pending --project-id my-project --bucket-name my-project-fakestore-lake',
    ],
  });
  addOptions(program, baseFields);
  onRun(program, async (flags) => (await import('./commands/ingest.js')).runIngestCommand(flags));

  const pushPending = toolCommand({
    name: 'push-pending',
    description: pushDescription,
    examples: [
      'batch-ingest push-pending --project-id my-project --bucket-name my-project-fakestore-lake',
      'batch-ingest push-pending --data-dir /srv/lake                      # project and bucket from .env',
      'STORAGE_EMULATOR_HOST=http://127.0.0.1:4443 BIGQUERY_EMULATOR_HOST=http://127.0.0.1:9050 batch-ingest push-pending -p test-project -b lake',
    ],
  });
  addOptions(pushPending, { dataDir: baseFields.dataDir, logLevel: baseFields.logLevel, logFormat: baseFields.logFormat });
  program.addCommand(onRun(pushPending, async (flags) => (await import('./commands/push-pending.js')).runPushPendingCommand(flags)));
  return program;
}
