import { runCli } from '@fakestore/shared-core';
import main from './commands/ingest.js';

process.exit(
  await runCli({
    name: 'batch-ingest',
    main,
    subCommands: { 'push-pending': () => import('./commands/push-pending.js').then((module) => module.default) },
    examples: [
      'batch-ingest --local-only --api-url http://127.0.0.1:3999            # local lake under ./data',
      'batch-ingest --entities users --data-dir /tmp/lake                   # local too: no project or bucket configured',
      'batch-ingest --project-id my-project --bucket-name my-project-fakestore-lake --dataset-id bronze',
      'GCP_PROJECT_ID=my-project GCS_BUCKET_NAME=my-project-fakestore-lake batch-ingest   # gcp mode from the environment',
      'batch-ingest push-pending --project-id my-project --bucket-name my-project-fakestore-lake',
    ],
    subCommandExamples: {
      'push-pending': [
        'batch-ingest push-pending --project-id my-project --bucket-name my-project-fakestore-lake',
        'batch-ingest push-pending --data-dir /srv/lake                      # project and bucket from .env',
        'STORAGE_EMULATOR_HOST=http://127.0.0.1:4443 BIGQUERY_EMULATOR_HOST=http://127.0.0.1:9050 batch-ingest push-pending --project-id test-project --bucket-name lake',
      ],
    },
  }),
);
