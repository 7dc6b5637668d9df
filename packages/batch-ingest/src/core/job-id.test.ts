import { describe, expect, it } from 'vitest';
import { loadJobId } from './job-id.js';

describe('loadJobId', () => {
  const runId = '0b9f6c1e-8a43-4c1b-9d6e-2f1a3b4c5d6e';

  it('derives the id from entity and run id, dashes as underscores', () => {
    expect(loadJobId('products', runId)).toBe('fakestore_batch_products_0b9f6c1e_8a43_4c1b_9d6e_2f1a3b4c5d6e');
  });

  it('is the same for the same partition and differs between entities and runs', () => {
    expect(loadJobId('users', runId)).toBe(loadJobId('users', runId));
    expect(loadJobId('users', runId)).not.toBe(loadJobId('products', runId));
    expect(loadJobId('users', runId)).not.toBe(loadJobId('users', '1b9f6c1e-8a43-4c1b-9d6e-2f1a3b4c5d6e'));
  });

  it('uses only characters BigQuery allows in job ids', () => {
    expect(loadJobId('users', 'ABC-def.1')).toMatch(/^[A-Za-z0-9_-]{1,1024}$/);
  });
});
