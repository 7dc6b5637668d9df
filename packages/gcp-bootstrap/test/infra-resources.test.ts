import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { INFRA_DIR, block, loadModule, resource } from './support/hcl.js';

const storageDir = join(INFRA_DIR, 'modules/storage');
const pubsubDir = join(INFRA_DIR, 'modules/pubsub');
const bigqueryDir = join(INFRA_DIR, 'modules/bigquery');

describe('infra/modules/storage: the raw lake bucket', () => {
  it('is private by construction: public access prevention enforced, uniform bucket-level access', async () => {
    const bucket = resource(await loadModule(storageDir), 'google_storage_bucket', 'default');
    expect(bucket.public_access_prevention).toBe('enforced');
    expect(bucket.uniform_bucket_level_access).toBe(true);
  });

  it('is versioned, with lifecycle rules: colder class after 30 days, noncurrent versions deleted, incomplete uploads aborted', async () => {
    const storage = await loadModule(storageDir);
    const bucket = resource(storage, 'google_storage_bucket', 'default');
    expect(block(bucket, 'versioning')).toEqual([{ enabled: true }]);
    const rules = block(bucket, 'lifecycle_rule').map((rule) => ({ action: block(rule, 'action')[0]!, condition: block(rule, 'condition')[0]! }));
    const byType = Object.fromEntries(rules.map((rule) => [rule.action.type as string, rule]));
    expect(Object.keys(byType).sort()).toEqual(['AbortIncompleteMultipartUpload', 'Delete', 'SetStorageClass']);

    expect(byType.SetStorageClass!.action.storage_class).toBe('${var.lifecycle_config.cold_storage_class}');
    expect(byType.SetStorageClass!.condition).toMatchObject({ age: '${var.lifecycle_config.cold_after_days}', with_state: 'LIVE' });
    expect(byType.Delete!.condition).toMatchObject({ with_state: 'ARCHIVED', days_since_noncurrent_time: '${var.lifecycle_config.noncurrent_retention_days}' });
    expect(byType.AbortIncompleteMultipartUpload!.condition).toMatchObject({ age: '${var.lifecycle_config.abort_incomplete_upload_days}' });

    // The defaults (module and root) are the documented ones.
    const root = await loadModule(INFRA_DIR);
    for (const type of [storage.variables.lifecycle_config![0]!.type, root.variables.lake_lifecycle![0]!.type] as string[]) {
      expect(type).toMatch(/cold_after_days\s*=\s*optional\(number, 30\)/);
      expect(type).toMatch(/cold_storage_class\s*=\s*optional\(string, "NEARLINE"\)/);
    }
    expect(root.modules.storage![0]!.lifecycle_config).toBe('${var.lake_lifecycle}');
  });
});

describe('infra/modules/pubsub: topic, BigQuery subscription and dead letters', () => {
  it('keeps messages on the topic for replay', async () => {
    const topic = resource(await loadModule(pubsubDir), 'google_pubsub_topic', 'default');
    expect(topic.message_retention_duration).toBe('${var.message_retention_duration}');
    const root = await loadModule(INFRA_DIR);
    expect(root.variables.topic_name![0]!.default).toBe('carts-events');
    expect(root.variables.message_retention_duration![0]!.default).toBe('604800s');
  });

  it('writes into bronze.cart_events_raw with write_metadata and without the table schema mapping', async () => {
    const pubsub = await loadModule(pubsubDir);
    const subscription = resource(pubsub, 'google_pubsub_subscription', 'bigquery');
    expect(subscription.topic).toBe('${google_pubsub_topic.default.id}');
    const config = block(subscription, 'bigquery_config')[0]!;
    expect(config.write_metadata).toBe(true);
    expect(config.use_table_schema).toBe(false);
    expect(config.use_topic_schema).toBe(false);
    expect(config.table).toBe('${local.table.project}.${local.table.dataset_id}.${local.table.table_id}');
    const root = await loadModule(INFRA_DIR);
    expect(root.modules.pubsub![0]!.bigquery_subscription).toMatchObject({ table: '${module.bigquery.tables["cart_events_raw"]}' });
  });

  it('wires the dead letters completely', async () => {
    const pubsub = await loadModule(pubsubDir);
    const subscription = resource(pubsub, 'google_pubsub_subscription', 'bigquery');
    // subscription -> dead-letter topic
    const policy = block(subscription, 'dead_letter_policy')[0]!;
    expect(policy.dead_letter_topic).toBe('${google_pubsub_topic.dead_letter.id}');
    expect(policy.max_delivery_attempts).toBe('${var.bigquery_subscription.max_delivery_attempts}');
    // the dead-letter topic has its own subscription, so nothing published there is lost
    expect(resource(pubsub, 'google_pubsub_subscription', 'dead_letter').topic).toBe('${google_pubsub_topic.dead_letter.id}');

    // the Pub/Sub service agent: publisher on the dead-letter topic, subscriber on the source subscription
    expect(pubsub.locals.service_agent).toBe('serviceAccount:service-${data.google_project.default.number}@gcp-sa-pubsub.iam.gserviceaccount.com');
    const publisher = resource(pubsub, 'google_pubsub_topic_iam_member', 'service_agent_dead_letter_publisher');
    expect(publisher).toMatchObject({ topic: '${google_pubsub_topic.dead_letter.name}', role: 'roles/pubsub.publisher', member: '${local.service_agent}' });
    const subscriber = resource(pubsub, 'google_pubsub_subscription_iam_member', 'service_agent_source_subscriber');
    expect(subscriber).toMatchObject({ subscription: '${google_pubsub_subscription.bigquery.name}', role: 'roles/pubsub.subscriber', member: '${local.service_agent}' });
  });

  it('lets the service agent write the one table (table-level IAM), before the subscription is created', async () => {
    const pubsub = await loadModule(pubsubDir);
    const writer = resource(pubsub, 'google_bigquery_table_iam_member', 'service_agent_writer');
    expect(writer).toMatchObject({
      dataset_id: '${local.table.dataset_id}',
      table_id: '${local.table.table_id}',
      role: 'roles/bigquery.dataEditor',
      member: '${local.service_agent}',
    });
    expect(resource(pubsub, 'google_pubsub_subscription', 'bigquery').depends_on).toEqual(['${google_bigquery_table_iam_member.service_agent_writer}']);
    expect(Object.keys(pubsub.resources).filter((type) => type.includes('dataset_iam') || type.startsWith('google_project_iam'))).toEqual([]);
  });
});

describe('infra/modules/bigquery: datasets and tables', () => {
  it('creates bronze, silver and gold in the region, labelled, with deletion protection', async () => {
    const root = await loadModule(INFRA_DIR);
    expect(Object.keys(root.locals.datasets as object).sort()).toEqual(['bronze', 'gold', 'silver']);
    expect(root.modules.bigquery![0]).toMatchObject({ location: '${var.region}', labels: '${local.labels}', deletion_protection: '${var.deletion_protection}' });
    expect(root.variables.deletion_protection![0]!.default).toBe(true);

    const bigquery = await loadModule(bigqueryDir);
    const dataset = resource(bigquery, 'google_bigquery_dataset', 'default');
    expect(dataset).toMatchObject({ location: '${var.location}', delete_contents_on_destroy: '${!var.deletion_protection}' });
    expect(dataset.labels).toContain('var.labels');
    expect(dataset.access).toBeUndefined(); // dataset IAM members only; an access block would fight them
    expect(resource(bigquery, 'google_bigquery_table', 'default').deletion_protection).toBe('${var.deletion_protection}');
  });
});
