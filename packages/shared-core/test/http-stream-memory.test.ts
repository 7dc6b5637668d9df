// In a file of its own, so no earlier test's garbage is freed during the measurement and hides growth.
import { setTimeout as sleep } from 'node:timers/promises';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpClient } from '../src/index.js';
import { largeArrayHandler, startScriptedServer, type ScriptedServer } from './support/scripted-server.js';

let server: ScriptedServer;
beforeAll(async () => {
  server = await startScriptedServer();
});
afterAll(() => server.close());

/** Live heap plus array buffers after a full GC: a body kept as Buffers would not show in the heap alone. */
function liveMemory(): () => number {
  v8.setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  return () => {
    gc();
    const { heapUsed, arrayBuffers } = process.memoryUsage();
    return heapUsed + arrayBuffers;
  };
}

describe('memory: the body is never held whole', () => {
  it('given a 60 MB body, then live memory never grows by more than a few MB while it streams', async () => {
    // Held whole, the body would be 60 MB of string or Buffers, and about as much again once parsed.
    const live = liveMemory();
    server.serve(largeArrayHandler(60_000, { bytes: 0 }));
    const baseline = live();
    const growth: number[] = [];
    const response = await createHttpClient({ baseUrl: server.url }).streamJsonArray('/big', async (records) => {
      let n = 0;
      for await (const record of records) {
        n += 1;
        if (record.index % 6000 === 3000) growth.push(live() - baseline);
      }
      return n;
    });
    expect(response.data).toBe(60_000);
    expect(response.bytes).toBeGreaterThan(60_000_000);
    expect(growth).toHaveLength(10);
    // The median: freed buffers are returned by a background task, so one sample now and then runs high.
    const median = [...growth].sort((a, b) => a - b)[5]!;
    expect(median).toBeLessThan(8 * 1024 * 1024);
  }, 60_000);

  it('given a consumer that pauses, then the server cannot get more than a few MB ahead of it (backpressure)', async () => {
    const written = { bytes: 0 };
    server.serve(largeArrayHandler(200_000, written)); // ~200 MB if it were all sent
    const recordBytes = 1015; // `,{"id":NNNNN,"padding":"x...x"}` on average
    const ahead: number[] = [];
    const response = await createHttpClient({ baseUrl: server.url }).streamJsonArray('/big', async (records) => {
      for await (const record of records) {
        if (record.index % 1000 === 0) {
          await sleep(20); // a slow consumer: the socket must pause meanwhile
          ahead.push(written.bytes - record.index * recordBytes);
        }
        if (record.index === 20_000) return record.index;
      }
      return -1;
    });
    expect(response.data).toBe(20_000);
    expect(Math.max(...ahead)).toBeLessThan(16 * 1024 * 1024);
    expect(written.bytes).toBeLessThan(50 * 1024 * 1024);
  });
});
