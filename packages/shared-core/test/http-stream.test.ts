import { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { inspect } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSim, type RunningSim } from '@fakestore/fakestore-sim';
import {
  UpstreamError,
  createHttpClient,
  createLogger,
  type HttpClientOptions,
  type JsonArrayRecord,
  type JsonArrayStreamInfo,
  type RetryEvent,
} from '../src/index.js';
import { startScriptedServer, writeInPieces, type Handler, type ScriptedServer } from './support/scripted-server.js';

let server: ScriptedServer;
let base: string;
beforeAll(async () => {
  server = await startScriptedServer();
  base = server.url;
});
afterAll(() => server.close());
beforeEach(() => server.reset());

const serve = (handler: Handler) => server.serve(handler);

/** A client with small, deterministic delays: full jitter with random = 1 waits the whole ceiling, 20 then 40 ms. */
function client(options: Partial<HttpClientOptions> = {}) {
  const retries: RetryEvent[] = [];
  const http = createHttpClient({ baseUrl: base, minDelayMs: 20, maxDelayMs: 1000, random: () => 1, onRetry: (event) => retries.push(event), ...options });
  return { http, retries };
}

/** A consumer that collects what each attempt saw. */
function collector() {
  const runs: { attempt: number; records: JsonArrayRecord[] }[] = [];
  const consume = async (records: AsyncIterable<JsonArrayRecord>, info: JsonArrayStreamInfo) => {
    const run = { attempt: info.attempt, records: [] as JsonArrayRecord[] };
    runs.push(run);
    for await (const record of records) run.records.push(record);
    return run.records.map((record) => record.value);
  };
  return { runs, consume };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (reason: unknown) => reason,
  );
}

async function upstreamError(promise: Promise<unknown>): Promise<UpstreamError> {
  const error = await rejection(promise);
  if (!(error instanceof UpstreamError)) throw new Error(`expected an UpstreamError, got ${inspect(error)}`);
  return error;
}

const carts = (count: number, from = 1) =>
  Array.from({ length: count }, (_, i) => ({ id: from + i, userId: (i % 7) + 1, date: '2020-03-02T00:00:00.000Z', products: [{ productId: (i % 20) + 1, quantity: 2 }], __v: 0 }));

// ----- behaviour -----

describe('streamJsonArray against the Fake Store replica', () => {
  let sim: RunningSim;
  beforeAll(async () => {
    sim = await startSim({ port: 0, carts: 5000, seed: 4 });
  });
  afterAll(() => sim.close());

  it('given /carts, then every element arrives in order with its index, and the result carries what the consumer returned', async () => {
    const expected = (await (await fetch(`${sim.url}/carts`)).json()) as unknown[];
    const { runs, consume } = collector();
    const response = await createHttpClient({ baseUrl: sim.url }).streamJsonArray('/carts', consume);

    expect(response.data).toEqual(expected);
    expect(runs[0]!.records.map((record) => record.index)).toEqual(expected.map((_, i) => i));
    expect(response).toMatchObject({ status: 200, url: `${sim.url}/carts`, attempts: 1, elements: 5000 });
    expect(response.bytes).toBe(Buffer.byteLength(JSON.stringify(expected)));
  });

  it('given two 503s with Retry-After then the body, then it waits as told and succeeds on the 3rd attempt', async () => {
    await fetch(`${sim.url}/__admin/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ count: 2, path: '/carts', status: 503, retryAfter: 0.2 }) });
    const retries: RetryEvent[] = [];
    const { runs, consume } = collector();
    const response = await createHttpClient({ baseUrl: sim.url, onRetry: (event) => retries.push(event) }).streamJsonArray('/carts?limit=3', consume);
    expect(response.attempts).toBe(3);
    expect(retries.map((event) => [event.status, event.delayMs])).toEqual([
      [503, 200],
      [503, 200],
    ]);
    expect(runs.map((run) => run.attempt)).toEqual([3]); // an error status never reaches the consumer
  });

  it('given an HTML page with 200 (a Cloudflare interstitial) every time, then it retries and names it', async () => {
    await fetch(`${sim.url}/__admin/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ count: 3, path: '/carts', body: 'html' }) });
    const { runs, consume } = collector();
    const error = await upstreamError(createHttpClient({ baseUrl: sim.url, minDelayMs: 10 }).streamJsonArray('/carts', consume));
    expect(error.message).toBe(`GET ${sim.url}/carts failed after 3 attempts: response is not JSON: got an HTML page (content-type text/html)`);
    expect(runs).toEqual([]);
  });

  it('given a body cut off mid-element every time, then it retries, then names the byte and the element', async () => {
    await fetch(`${sim.url}/__admin/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ count: 3, path: '/carts', body: 'truncated-json' }) });
    const { runs, consume } = collector();
    const error = await upstreamError(createHttpClient({ baseUrl: sim.url, minDelayMs: 10 }).streamJsonArray('/carts', consume));
    expect(error.message).toMatch(
      new RegExp(`^GET ${sim.url}/carts failed after 3 attempts: bad response body: the body ends at byte \\d+, inside element \\d+ \\(which starts at byte \\d+\\)$`),
    );
    expect(error.status).toBe(200);
    expect(runs.map((run) => run.attempt)).toEqual([1, 2, 3]);
    expect(runs[0]!.records.length).toBeGreaterThan(0); // the elements before the cut did arrive
  });
});

describe('the JSON on the wire', () => {
  it('given a body written a few bytes at a time, cut inside strings, escapes and multi-byte characters, then the values are intact', async () => {
    const value = [{ name: 'Zoë "the" \\ café', note: 'emoji 😀, CJK 漢字, line\nbreak', tags: ['€', '\u2028'] }, 'é', 12.5, null, [[]]];
    const bytes = Buffer.from(JSON.stringify(value));
    const pieces = Array.from({ length: Math.ceil(bytes.length / 3) }, (_, i) => bytes.subarray(i * 3, i * 3 + 3));
    serve((_req, res) => writeInPieces(res, pieces, 1));
    const { consume } = collector();
    const response = await client().http.streamJsonArray('/x', consume);
    expect(response.data).toEqual(value);
    expect(response.bytes).toBe(bytes.length);
  });

  it('given an empty array, then the consumer sees no element and the call succeeds', async () => {
    serve((_req, res) => res.setHeader('content-type', 'application/json').end(' [ ]\n'));
    const { runs, consume } = collector();
    const response = await client().http.streamJsonArray('/x', consume);
    expect(response).toMatchObject({ data: [], elements: 0, attempts: 1 });
    expect(runs).toHaveLength(1);
  });

  it('given a JSON object instead of an array, then it retries and says what came', async () => {
    serve((_req, res) => res.setHeader('content-type', 'application/json').end('{"status":"error","message":"Too Many Requests"}'));
    const { runs, consume } = collector();
    const error = await upstreamError(client().http.streamJsonArray('/x', consume));
    expect(error.message).toBe(`GET ${base}/x failed after 3 attempts: bad response body: expected a JSON array, got a JSON object`);
    expect(runs.map((run) => run.records.length)).toEqual([0, 0, 0]);
  });

  it('given an empty 200 body, then it is a failure, never an empty list', async () => {
    serve((_req, res) => res.end());
    const error = await upstreamError(client({ attempts: 1 }).http.streamJsonArray('/x', collector().consume));
    expect(error.reason).toBe('bad response body: expected a JSON array, got an empty body');
  });

  it('given a 404, then it fails at once without reading the body or running the consumer', async () => {
    serve((_req, res) => res.writeHead(404, { 'content-type': 'text/html' }).end('<pre>Cannot GET /x</pre>'));
    const { runs, consume } = collector();
    const error = await upstreamError(client().http.streamJsonArray('/x', consume));
    expect(error).toMatchObject({ status: 404, attempts: 1, message: `GET ${base}/x failed after 1 attempt: 404 Not Found` });
    expect(runs).toEqual([]);
  });
});

describe('raw records (the raw option)', () => {
  it('given a body cut into small pieces, then each record carries its bytes as received and parses to the same value', async () => {
    // Escapes and multi-byte characters kept as sent (not as JSON.stringify would write them).
    const elements = [String.raw`{"id":1,"name":"Zo\u00eb \"the\" \\ caf\u00e9"}`, '"é"', '12.5', 'null', '[[]]', '{"nested":{"a":[1,{"b":"😀"}]}}'];
    const text = ` [ ${elements.join(' ,')}]`;
    const bytes = Buffer.from(text);
    const pieces = Array.from({ length: Math.ceil(bytes.length / 5) }, (_, i) => bytes.subarray(i * 5, i * 5 + 5));
    serve((_req, res) => writeInPieces(res, pieces, 1));
    const response = await client().http.streamJsonArray('/x', async (records) => {
      const seen: { raw: string; value: unknown; index: number }[] = [];
      for await (const record of records) seen.push({ raw: record.raw!.toString('utf8'), value: record.value, index: record.index });
      return seen;
    }, { raw: true });
    expect(response.data.map((r) => r.raw)).toEqual(elements);
    expect(response.data.map((r) => r.value)).toEqual(JSON.parse(text));
    expect(response.data.map((r) => r.index)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(response.elements).toBe(6);
  });

  it('given an element that is not valid JSON, then reading its value fails the attempt like any bad body (retried, no text quoted)', async () => {
    serve((_req, res) => res.setHeader('content-type', 'application/json').end('[{"id":1},{"id":2 "pw":"hunter2"},{"id":3}]'));
    const runs: number[] = [];
    const error = await upstreamError(client().http.streamJsonArray('/x', async (records, info) => {
      runs.push(info.attempt);
      for await (const record of records) void record.value;
      return null;
    }, { raw: true }));
    expect(runs).toEqual([1, 2, 3]);
    expect(error.message).toBe(`GET ${base}/x failed after 3 attempts: bad response body: element 1 (bytes 10-33) is not valid JSON: Expected ',' or '}' after property value at byte 18`);
    expect(error.message).not.toContain('hunter2');
  });

  it('given an element that is not valid JSON but never read, then only its structure is checked', async () => {
    serve((_req, res) => res.setHeader('content-type', 'application/json').end('[{"id":1},{"id":2 "x":1},{"id":3}]'));
    const response = await client().http.streamJsonArray('/x', async (records) => {
      const raws: string[] = [];
      for await (const record of records) raws.push(record.raw!.toString());
      return raws;
    }, { raw: true });
    expect(response.data).toEqual(['{"id":1}', '{"id":2 "x":1}', '{"id":3}']);
  });

  it('given a body cut off mid-element, then the raw stream fails and retries as the parsed one does', async () => {
    serve((_req, res) => res.setHeader('content-type', 'application/json').end('[{"id":1},{"id":2,"a":"'));
    const error = await upstreamError(client().http.streamJsonArray('/x', async (records) => {
      for await (const record of records) void record.raw;
      return null;
    }, { raw: true }));
    expect(error.message).toBe(`GET ${base}/x failed after 3 attempts: bad response body: the body ends at byte 23, inside element 1 (which starts at byte 10)`);
  });
});

describe('retries re-run the consumer from the start', () => {
  it('given a connection reset mid-body, then success, then the 2nd run starts again at index 0 and its result is returned', async () => {
    const body = JSON.stringify(carts(2000));
    serve(async (_req, res, request) => {
      if (request === 1) {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) });
        res.write(body.slice(0, 40_000));
        await sleep(50);
        res.socket?.destroy(); // mid-element, mid-transfer
        return;
      }
      res.setHeader('content-type', 'application/json').end(body);
    });
    const { runs, consume } = collector();
    const { http, retries } = client();
    const response = await http.streamJsonArray('/carts', consume);

    expect(response).toMatchObject({ attempts: 2, elements: 2000, bytes: Buffer.byteLength(body) });
    expect(response.data).toEqual(JSON.parse(body));
    expect(runs.map((run) => run.attempt)).toEqual([1, 2]);
    expect(runs[0]!.records.length).toBeGreaterThan(0);
    expect(runs[0]!.records.length).toBeLessThan(2000);
    expect(runs[1]!.records[0]!.index).toBe(0);
    expect(retries[0]!.reason).toMatch(/^the response broke off at byte \d+ \(ECONNRESET aborted\)$/);
  });

  it('given a reset mid-body, then 429 with Retry-After: 1, then the body, then it waits as told and the consumer starts over at index 0', async () => {
    const body = JSON.stringify(carts(500));
    const arrivals: number[] = [];
    serve(async (_req, res, request) => {
      arrivals.push(performance.now());
      if (request === 1) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write(body.slice(0, 20_000));
        await sleep(50);
        res.socket?.destroy();
      } else if (request === 2) {
        res.writeHead(429, { 'retry-after': '1', 'content-type': 'application/json' }).end('{"status":"error","message":"Too Many Requests"}');
      } else {
        await writeInPieces(res, [body.slice(0, 30_000), body.slice(30_000)], 10);
      }
    });
    const { runs, consume } = collector();
    const { http, retries } = client();
    const response = await http.streamJsonArray('/carts', consume);

    expect(response).toMatchObject({ attempts: 3, elements: 500 });
    expect(response.data).toEqual(JSON.parse(body));
    expect(retries[1]).toMatchObject({ attempt: 2, status: 429, delayMs: 1000, reason: '429 Too Many Requests' });
    expect(arrivals[2]! - arrivals[1]!).toBeGreaterThanOrEqual(990);
    // The 429 never reached a consumer; the first attempt's partial run was thrown away.
    expect(runs.map((run) => [run.attempt, run.records[0]?.index, run.records.length < 500])).toEqual([
      [1, 0, true],
      [3, 0, false],
    ]);
  });

  it('given a consumer that fails on its own, then the call fails with that error, unretried', async () => {
    serve((_req, res) => res.setHeader('content-type', 'application/json').end(JSON.stringify(carts(10))));
    const mine = new Error('disk full');
    let runs = 0;
    const error = await rejection(
      client().http.streamJsonArray('/x', async (records) => {
        runs += 1;
        for await (const record of records) if (record.index === 3) throw mine;
      }),
    );
    expect(error).toBe(mine);
    expect(runs).toBe(1);
    expect(server.requests).toBe(1);
  });

  it('given a consumer that swallows the iteration error, then the attempt still counts as failed', async () => {
    serve((_req, res, request) => res.setHeader('content-type', 'application/json').end(request === 1 ? '[1,2,{"a":' : '[1,2,3]'));
    const results: string[] = [];
    const response = await client().http.streamJsonArray('/x', async (records) => {
      try {
        for await (const _record of records);
        results.push('complete');
      } catch {
        results.push('swallowed');
      }
      return results.length;
    });
    expect(results).toEqual(['swallowed', 'complete']);
    expect(response).toMatchObject({ attempts: 2, data: 2 });
  });

  it('given a consumer that stops early, then the rest of the body is dropped and its result returned', async () => {
    let closed = false;
    serve(async (_req, res) => {
      res.on('close', () => (closed = true));
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('[1,2,3,');
      await sleep(5_000); // never finishes while the test runs
      res.end('4]');
    });
    const response = await client().http.streamJsonArray('/x', async (records) => {
      for await (const record of records) if (record.index === 1) return record.value;
      return undefined;
    });
    expect(response).toMatchObject({ data: 2, elements: 2, attempts: 1 });
    await expect.poll(() => closed, { timeout: 2000 }).toBe(true);
  });

  it('given a consumer that returns with a read still pending, then its result is returned and nothing is left dangling', async () => {
    serve(async (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('[1,');
      await sleep(5_000);
      res.end('2]');
    });
    const response = await client({ timeoutMs: 200 }).http.streamJsonArray('/x', async (records) => {
      const iterator = records[Symbol.asyncIterator]();
      const first: IteratorResult<JsonArrayRecord> = await iterator.next();
      void iterator.next(); // waits on the network, and is never awaited
      return first.done ? undefined : first.value.value;
    });
    expect(response).toMatchObject({ data: 1, attempts: 1 });
    await sleep(300); // past the idle timeout: a late rejection would surface as an unhandled one
  });
});

describe('timeouts: a stall is not a slow download', () => {
  it('given a connection that stalls mid-body, then the idle timeout ends the attempt, it retries and finally names the stall and the byte', async () => {
    serve(async (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('[{"id":1},{"id":');
      await sleep(10_000);
      res.end('2}]');
    });
    const { runs, consume } = collector();
    const started = performance.now();
    const error = await upstreamError(client({ timeoutMs: 200 }).http.streamJsonArray('/x', consume));
    expect(error.message).toBe(`GET ${base}/x failed after 3 attempts: timed out after 200 ms without data, at byte 16`);
    expect(error.cause).toMatchObject({ code: 'ETIMEDOUT' });
    expect(runs.map((run) => run.records.length)).toEqual([1, 1, 1]);
    expect(performance.now() - started).toBeLessThan(3000);
  });

  it('given a server that never answers, then the idle timeout covers the wait for the response too', async () => {
    serve(() => undefined);
    const error = await upstreamError(client({ timeoutMs: 100, attempts: 2 }).http.streamJsonArray('/x', collector().consume));
    expect(error.reason).toBe('timed out after 100 ms');
  });

  it('given a slow but steady body that takes 6x the idle timeout, then it completes', async () => {
    const items = carts(12);
    serve((_req, res) => writeInPieces(res, ['[', ...items.map((item, i) => `${i ? ',' : ''}${JSON.stringify(item)}`), ']'], 60));
    const started = performance.now();
    const response = await client({ timeoutMs: 150 }).http.streamJsonArray('/x', collector().consume);
    expect(response).toMatchObject({ data: items, attempts: 1 });
    expect(performance.now() - started).toBeGreaterThan(600);
  });

  it('given a consumer slower than the idle timeout, then its own time never counts as a stall', async () => {
    serve((_req, res) => res.setHeader('content-type', 'application/json').end(JSON.stringify(carts(4))));
    const response = await client({ timeoutMs: 100 }).http.streamJsonArray('/x', async (records) => {
      let n = 0;
      for await (const _record of records) {
        await sleep(150);
        n += 1;
      }
      return n;
    });
    expect(response).toMatchObject({ data: 4, attempts: 1 });
  });

  it('given a steady body that outlasts the deadline, then the call ends at the deadline, unretried', async () => {
    serve((_req, res) => writeInPieces(res, ['[', ...Array.from({ length: 100 }, (_, i) => `${i ? ',' : ''}${i}`), ']'], 50));
    const { http, retries } = client({ timeoutMs: 1000, deadlineMs: 400 });
    const started = performance.now();
    const error = await upstreamError(http.streamJsonArray('/x', collector().consume));
    expect(error.message).toBe(`GET ${base}/x failed after 1 attempt: exceeded the 400 ms deadline`);
    expect(performance.now() - started).toBeLessThan(1500);
    expect(retries).toEqual([]);
  });

  it('given the deadline passes during a retry wait, then the error says so and names the last failure', async () => {
    serve((_req, res) => res.writeHead(503).end());
    const error = await upstreamError(client({ minDelayMs: 5000, deadlineMs: 300 }).http.streamJsonArray('/x', collector().consume));
    expect(error).toMatchObject({ status: 503, attempts: 1, reason: 'exceeded the 300 ms deadline (last failure: 503 Service Unavailable)' });
  });

  it('given getJson on a slow but steady body, then the idle timeout does not cut it off, and the deadline does', async () => {
    const pieces = ['[', ...Array.from({ length: 8 }, (_, i) => `${i ? ',' : ''}${i}`), ']'];
    serve((_req, res) => writeInPieces(res, pieces, 60));
    expect((await client({ timeoutMs: 150 }).http.getJson('/x')).data).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    const error = await upstreamError(client({ timeoutMs: 150, deadlineMs: 200 }).http.getJson('/x'));
    expect(error.reason).toBe('exceeded the 200 ms deadline');
  });
});

describe('the caller’s abort', () => {
  it('given an abort mid-body, then the call rejects with the caller’s reason at once and the connection closes', async () => {
    let closed = false;
    serve(async (_req, res) => {
      res.on('close', () => (closed = true));
      await writeInPieces(res, ['[', ...Array.from({ length: 400 }, (_, i) => `${i ? ',' : ''}${i}`), ']'], 25);
    });
    const controller = new AbortController();
    const reason = new Error('shutting down');
    let seen = 0;
    const started = performance.now();
    setTimeout(() => controller.abort(reason), 150);
    const error = await rejection(
      client().http.streamJsonArray(
        '/x',
        async (records) => {
          for await (const _record of records) seen += 1;
        },
        { signal: controller.signal },
      ),
    );
    expect(error).toBe(reason);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(seen).toBeGreaterThan(0);
    expect(seen).toBeLessThan(400);
    await expect.poll(() => closed, { timeout: 2000 }).toBe(true);
    expect(server.requests).toBe(1);
  });

  it('gives the consumer a signal that aborts too, for its own I/O', async () => {
    serve((_req, res) => writeInPieces(res, ['[1,', '2]'], 2000));
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('stop')), 100);
    let consumerSaw: unknown;
    await rejection(
      client().http.streamJsonArray(
        '/x',
        async (_records, info) => {
          await sleep(5000, undefined, { signal: info.signal }).catch((error: unknown) => (consumerSaw = error));
        },
        { signal: controller.signal },
      ),
    );
    expect(consumerSaw).toMatchObject({ name: 'AbortError' });
  });
});

describe('secrets in a failing body never reach errors or logs', () => {
  const secret = 'pw-7f3Kq9-SECRET';

  function capture() {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    return { lines, logger: createLogger({ name: 't', level: 'debug', format: 'json', destination }) };
  }

  /** Everything an operator could see of an error: message, stack, properties, causes. */
  const everything = (error: unknown) => `${inspect(error, { depth: 10 })}\n${JSON.stringify(error, Object.getOwnPropertyNames(error))}`;

  it.each([
    ['an unexpected token right after it', `[{"id":1,"password":"${secret}"},<html><body>`, true],
    ['a cut-off string holding it', `[{"id":1},{"id":2,"password":"${secret}`, true],
    ['a broken element around it', `[{"id":1,"password":"${secret}" "x":1}]`, true],
    ['data after the array', `[{"id":1}] {"password":"${secret}"}`, true],
    ['a non-array body (which getJson accepts)', `{"password":"${secret}"}`, false],
  ])('given %s, then neither streamJsonArray nor getJson, their retries nor their logs carry it', async (_case, body, getJsonFails) => {
    serve((_req, res) => res.setHeader('content-type', 'application/json').end(body));
    const { lines, logger } = capture();
    const { http } = client({ logger });

    const streamed = await upstreamError(http.streamJsonArray('/users', collector().consume));
    const whole = getJsonFails ? await upstreamError(http.getJson('/users')) : undefined;

    for (const error of [streamed, whole].filter(Boolean)) expect(everything(error)).not.toContain(secret);
    expect(lines.length).toBeGreaterThanOrEqual(getJsonFails ? 4 : 2); // the retries were logged
    expect(lines.join('')).not.toContain(secret);
    expect(streamed.message).toMatch(/byte \d+|got a JSON object/);
  });

  it('given an error status whose body holds it, then the error names the status only', async () => {
    serve((_req, res) => res.writeHead(500, { 'content-type': 'application/json' }).end(`{"error":"db password ${secret} rejected"}`));
    const { lines, logger } = capture();
    const error = await upstreamError(client({ logger }).http.streamJsonArray('/users', collector().consume));
    expect(error.reason).toBe('500 Internal Server Error');
    expect(everything(error) + lines.join('')).not.toContain(secret);
  });
});

describe('a base URL with credentials', () => {
  it('given user:pass in the base URL, then they are sent as Basic auth and shown nowhere: response, consumer, error', async () => {
    const seen: (string | undefined)[] = [];
    serve((req, res, request) => {
      seen.push(req.headers.authorization);
      if (request === 1) res.setHeader('content-type', 'application/json').end('[1]');
      else res.writeHead(503).end();
    });
    const withCredentials = base.replace('http://', 'http://alice:s3cret-pw@');
    const urls: string[] = [];
    const { http, retries } = client({ baseUrl: withCredentials, attempts: 2 });
    const response = await http.streamJsonArray('/carts', (_records, info) => {
      urls.push(info.url);
      return Promise.resolve(null);
    });
    const error = await upstreamError(http.streamJsonArray('/carts', collector().consume));

    expect(seen[0]).toBe(`Basic ${Buffer.from('alice:s3cret-pw').toString('base64')}`);
    expect([response.url, ...urls, error.url, ...retries.map((event) => event.url)]).toEqual(Array(4).fill(`${base}/carts`));
    expect(inspect(error, { depth: 10 })).not.toMatch(/s3cret-pw|alice/);
  });
});

describe('progress', () => {
  it('given a large body, then reports are throttled, climb, and end at the full size with the content length', async () => {
    const body = JSON.stringify(carts(3000));
    const bytes = Buffer.from(body);
    const pieces = Array.from({ length: 30 }, (_, i) => bytes.subarray(i * Math.ceil(bytes.length / 30), (i + 1) * Math.ceil(bytes.length / 30)));
    serve(async (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(bytes.length) });
      for (const piece of pieces) {
        res.write(piece);
        await sleep(20);
      }
      res.end();
    });
    const seen: [number, number | undefined][] = [];
    await client().http.streamJsonArray('/carts', collector().consume, { onProgress: (received, total) => seen.push([received, total]) });
    expect(seen.length).toBeGreaterThanOrEqual(2);
    expect(seen.length).toBeLessThan(15); // 30 chunks over ~600 ms, at most one report per 200 ms plus the last
    expect(seen.map(([received]) => received)).toEqual([...seen.map(([received]) => received)].sort((a, b) => a - b));
    expect(seen.at(-1)).toEqual([bytes.length, bytes.length]);
  });
});
