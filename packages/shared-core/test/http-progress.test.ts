import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSim, type RunningSim } from '@fakestore/fakestore-sim';
import { createHttpClient, type DownloadProgress } from '../src/index.js';

let sim: RunningSim;

beforeAll(async () => {
  sim = await startSim({ port: 0, products: 2000, seed: 3 });
});
afterAll(() => sim.close());

describe('getJson with onDownloadProgress', () => {
  it('given a large response, when it downloads, then progress climbs to the full body size', async () => {
    const seen: DownloadProgress[] = [];
    const http = createHttpClient({ baseUrl: sim.url });

    const response = await http.getJson('/products', { onDownloadProgress: (progress) => seen.push(progress) });

    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((progress) => progress.url === `${sim.url}/products`)).toBe(true);
    expect(seen.map((progress) => progress.loaded)).toEqual([...seen.map((progress) => progress.loaded)].sort((a, b) => a - b));
    expect(seen.at(-1)!.loaded).toBe(response.bytes);
  });
});
