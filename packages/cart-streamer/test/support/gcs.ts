import { type RunningEmulator, hasEmulator, startEmulator } from '@fakestore/test-utils';
import { afterAll, beforeAll } from 'vitest';

/** Whether fake-gcs-server tests run (always under REQUIRE_EMULATORS=1: a missing build fails). */
export const withFakeGcs = hasEmulator('gcs');

export interface FakeGcs {
  /** `http://127.0.0.1:PORT`: the `apiEndpoint` of the Storage client, or STORAGE_EMULATOR_HOST. */
  url(): string;
  /** A new empty bucket; its name. */
  bucket(): Promise<string>;
  /** An object's bytes straight from the emulator's JSON API (not through the code under test), or `null`. */
  object(bucket: string, name: string): Promise<Buffer | null>;
  /** The names of the objects under a prefix, from the emulator's JSON API. */
  list(bucket: string, prefix: string): Promise<string[]>;
}

let buckets = 0;

/** One fake-gcs-server per test file (in memory), started before and stopped after its tests. */
export function useFakeGcs(): FakeGcs {
  let gcs: RunningEmulator | undefined;
  beforeAll(async () => { gcs = await startEmulator('gcs'); });
  afterAll(async () => { await gcs?.stop(); });
  const url = () => gcs?.url ?? fail();
  return {
    url,
    async bucket() {
      const name = `streamer-${process.pid}-${++buckets}`;
      const created = await fetch(`${url()}/storage/v1/b`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name }) });
      if (!created.ok) throw new Error(`creating bucket ${name}: ${created.status} ${await created.text()}`);
      return name;
    },
    async object(bucket, name) {
      const response = await fetch(`${url()}/storage/v1/b/${bucket}/o/${encodeURIComponent(name)}?alt=media`);
      if (response.status === 404) return null;
      if (!response.ok) throw new Error(`reading gs://${bucket}/${name}: ${response.status}`);
      return Buffer.from(await response.arrayBuffer());
    },
    async list(bucket, prefix) {
      const response = await fetch(`${url()}/storage/v1/b/${bucket}/o?prefix=${encodeURIComponent(prefix)}`);
      if (!response.ok) throw new Error(`listing gs://${bucket}/${prefix}: ${response.status}`);
      const { items = [] } = (await response.json()) as { items?: { name: string }[] };
      return items.map((item) => item.name).sort();
    },
  };
}

function fail(): never {
  throw new Error('fake-gcs-server has not started');
}
