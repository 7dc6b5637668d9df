import { describe, expect, it } from 'vitest';
import { grantCommand, permissionCheck, renderChecklist, type GrantTarget } from '../src/index.js';

const target: GrantTarget = { projectId: 'p-123456', member: 'serviceAccount:sa@p-123456.iam.gserviceaccount.com', bucket: 'lake', datasetId: 'bronze_data', topic: 'carts-events' };

describe('grantCommand', () => {
  it('grants on the narrowest resource for each scope', () => {
    expect(grantCommand('bucket', 'roles/storage.objectCreator', target)).toBe(
      'gcloud storage buckets add-iam-policy-binding gs://lake --member=serviceAccount:sa@p-123456.iam.gserviceaccount.com --role=roles/storage.objectCreator',
    );
    expect(grantCommand('bronze-table', 'roles/bigquery.dataViewer', target)).toBe(
      'bq query --use_legacy_sql=false \'GRANT `roles/bigquery.dataViewer` ON SCHEMA `p-123456.bronze_data` TO "serviceAccount:sa@p-123456.iam.gserviceaccount.com"\'',
    );
    expect(grantCommand('topic', 'roles/pubsub.publisher', target)).toContain('gcloud pubsub topics add-iam-policy-binding carts-events --project=p-123456');
    expect(grantCommand('project', 'roles/bigquery.jobUser', target)).toContain('gcloud projects add-iam-policy-binding p-123456');
  });
});

describe('permissionCheck', () => {
  it('lists what is missing where, with one grant per role', () => {
    const check = permissionCheck(
      'batch-ingest',
      { project: new Set(['bigquery.jobs.create']), bucket: new Set(['storage.objects.get']), tables: new Map([['products_raw', new Set<string>()], ['users_raw', new Set(['bigquery.tables.get'])]]) },
      target,
    );
    expect(check.status).toBe('fail');
    expect(check.detail).toBe(
      'missing storage.objects.create on gs://lake, bigquery.tables.get on bronze_data.products_raw, bigquery.tables.updateData on bronze_data.products_raw, bigquery.tables.updateData on bronze_data.users_raw',
    );
    expect(check.fix).toHaveLength(3); // objectCreator, dataEditor (once), terraform
  });

  it('skips when nothing could be tested', () => {
    expect(permissionCheck('cart-streamer', { tables: new Map() }, target).status).toBe('skip');
  });
});

describe('renderChecklist', () => {
  it('prints marks, details and fixes, plain when not a TTY', () => {
    const text = renderChecklist(
      {
        failed: 1,
        checks: [
          { status: 'pass', title: 'one' },
          { status: 'fail', title: 'two', detail: 'broken', fix: ['do this', 'or that'] },
          { status: 'skip', title: 'three' },
        ],
      },
      { projectId: 'p-123456', color: false },
    );
    expect(text).toBe(
      ['gcp-bootstrap doctor: project p-123456', '', '  ✓ one', '  ✗ two — broken', '      fix: do this', '           or that', '  - three', '', '1 of 3 checks failed, 1 skipped. Run the fix commands above, then re-run doctor.', ''].join('\n'),
    );
  });
});
