import { configFields, defineConfigFields, intSetting } from '@fakestore/shared-core';
import { z } from 'zod';
import { TOOLS, type Tool } from './types.js';

const topicSchema = z
  .string({ error: 'must be text' })
  .regex(/^[A-Za-z][A-Za-z0-9._~+%-]{2,254}$/, { error: 'must be 3-255 letters, digits or - _ . ~ + %, starting with a letter' });

const toolsSchema = z.preprocess(
  (value) => (typeof value === 'string' ? value.split(',').map((tool) => tool.trim()).filter(Boolean) : value),
  z.array(z.enum(TOOLS, { error: `must name tools among ${TOOLS.join(', ')}` })).min(1, { error: 'must name at least one tool' }),
);

const requireProject = (config: { projectId?: string | undefined }) =>
  config.projectId ? [] : [{ field: 'projectId' as const, message: 'is required', hint: 'pass --project-id or set GCP_PROJECT_ID' }];

export const enableApisFields = defineConfigFields({
  projectId: { ...configFields.projectId, valueHint: 'PROJECT' },
  credentialsFile: { ...configFields.credentialsFile, valueHint: 'FILE' },
  timeout: {
    flag: 'timeout',
    description: 'Seconds to wait for the enable operation',
    valueHint: 'SECONDS',
    hint: 'use a number of seconds between 10 and 3600',
    schema: intSetting(10, 3600).default(300),
  },
  logLevel: configFields.logLevel,
  logFormat: configFields.logFormat,
});

export const doctorFields = defineConfigFields({
  projectId: { ...configFields.projectId, valueHint: 'PROJECT' },
  bucketName: { ...configFields.bucketName, valueHint: 'BUCKET' },
  datasetId: { ...configFields.datasetId, valueHint: 'DATASET' },
  silverDatasetId: { ...configFields.silverDatasetId, valueHint: 'DATASET' },
  goldDatasetId: { ...configFields.goldDatasetId, valueHint: 'DATASET' },
  topic: {
    flag: 'topic',
    env: 'PUBSUB_TOPIC',
    description: 'Pub/Sub topic of the cart events',
    valueHint: 'TOPIC',
    schema: topicSchema.default('carts-events'),
  },
  region: { ...configFields.region, valueHint: 'REGION', description: 'Google Cloud region, for the fix commands' },
  credentialsFile: { ...configFields.credentialsFile, valueHint: 'FILE' },
  tools: {
    flag: 'tools',
    description: 'Tools to check, comma-separated',
    valueHint: 'LIST',
    hint: `e.g. --tools batch-ingest,dbt`,
    schema: toolsSchema.default([...TOOLS] as Tool[]),
  },
});

export { requireProject };
