import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSim, type RunningSim } from '@fakestore/fakestore-sim';
import { UpstreamError, createHttpClient, createLogger, defaultUserAgent, type HttpClientOptions, type RetryEvent } from '../src/index.js';

let sim: RunningSim;

beforeAll(async () => {
  sim = await startSim({ port: 0 });
});
afterAll(() => sim.close());
beforeEach(async () => {
  await admin('POST', '/__admin/reset');
  await admin('DELETE', '/__admin/requests');
});

// ----- helpers -----

async function admin(method: string, path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${sim.url}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

const fault = (spec: { count: number; path?: string; status?: number; latencyMs?: number; retryAfter?: number | string; body?: string }) =>
  admin('POST', '/__admin/faults', spec);

async function requestLog(): Promise<{ method: string; path: string; receivedAt: number }[]> {
  const { requests } = (await admin('GET', '/__admin/requests')) as { requests: { method: string; path: string; receivedAt: number }[] };
  return requests;
}

const gaps = (times: number[]) => times.slice(1).map((time, i) => time - times[i]!);

/** A client with small, deterministic delays: full jitter with random = 1 waits the whole ceiling, 20 then 40 ms. */
function client(options: Partial<HttpClientOptions> = {}) {
  const retries: RetryEvent[] = [];
  const http = createHttpClient({ baseUrl: sim.url, minDelayMs: 20, maxDelayMs: 1000, random: () => 1, onRetry: (event) => retries.push(event), ...options });
  return { http, retries };
}

async function upstreamError(promise: Promise<unknown>): Promise<UpstreamError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof UpstreamError)) throw new Error(`expected an UpstreamError, got ${String(error)}`);
  return error;
}

// ----- behaviour -----

describe('getJson against the Fake Store replica', () => {
  it('returns the parsed body with status, URL, size, duration and one attempt', async () => {
    const { http, retries } = client();
    const response = await http.getJson('/products');
    expect(response.data).toHaveLength(20);
    expect(response).toMatchObject({ status: 200, url: `${sim.url}/products`, attempts: 1 });
    expect(response.bytes).toBeGreaterThan(1000);
    expect(response.durationMs).toBeGreaterThanOrEqual(0);
    expect(retries).toEqual([]);
  });

  it('joins base URL and path with exactly one slash', async () => {
    const http = createHttpClient({ baseUrl: `${sim.url}/` });
    expect((await http.getJson('products/1')).url).toBe(`${sim.url}/products/1`);
  });

  it('returns undefined for an empty 200 body (how the API answers a missing product)', async () => {
    const response = await client().http.getJson('/products/999');
    expect(response).toMatchObject({ status: 200, data: undefined, bytes: 0, attempts: 1 });
  });

  it('hands back well-formed JSON of the wrong shape as is: validation is the caller’s job', async () => {
    await fault({ count: 1, path: '/products', body: 'wrong-types' });
    const response = await client().http.getJson('/products');
    expect((response.data as { price: unknown }[])[0]?.price).toBe('free');
  });

  it('sends a fakestore-elt User-Agent by default', () => {
    expect(defaultUserAgent).toMatch(/^fakestore-elt\/\d+\.\d+\.\d+ \(node v\d+/);
  });
});

describe('retries', () => {
  it('given two 500s then success, succeeds on the 3rd attempt after waiting at least the backoff', async () => {
    await fault({ count: 2, path: '/products', status: 500 });
    const { http, retries } = client();
    const response = await http.getJson('/products');

    expect(response.attempts).toBe(3);
    expect(response.data).toHaveLength(20);
    expect(retries.map(({ attempt, delayMs, reason, status }) => ({ attempt, delayMs, reason, status }))).toEqual([
      { attempt: 1, delayMs: 20, reason: '500 Internal Server Error', status: 500 },
      { attempt: 2, delayMs: 40, reason: '500 Internal Server Error', status: 500 },
    ]);
    const log = await requestLog();
    expect(log.map((entry) => entry.path)).toEqual(['/products', '/products', '/products']);
    const [first, second] = gaps(log.map((entry) => entry.receivedAt));
    expect(first).toBeGreaterThanOrEqual(20);
    expect(second).toBeGreaterThanOrEqual(40);
  });

  it('given three 500s, throws an UpstreamError naming the URL, 3 attempts, the status and a cause', async () => {
    await fault({ count: 3, path: '/products', status: 500 });
    const error = await upstreamError(client().http.getJson('/products'));
    expect(error.message).toBe(`GET ${sim.url}/products failed after 3 attempts: 500 Internal Server Error`);
    expect(error).toMatchObject({ method: 'GET', url: `${sim.url}/products`, status: 500, attempts: 3 });
    expect(error.cause).toBeInstanceOf(Error);
    expect(await requestLog()).toHaveLength(3);
  });

  it('never retries a 404: one attempt, then a clear error', async () => {
    const { http, retries } = client();
    const error = await upstreamError(http.getJson('/no-such-route'));
    expect(error.message).toBe(`GET ${sim.url}/no-such-route failed after 1 attempt: 404 Not Found`);
    expect(error).toMatchObject({ status: 404, attempts: 1 });
    expect(retries).toEqual([]);
    expect(await requestLog()).toHaveLength(1);
  });

  it('never retries a 400 either', async () => {
    const error = await upstreamError(client().http.getJson('/products/abc'));
    expect(error).toMatchObject({ status: 400, attempts: 1 });
  });

  it('given 429 with Retry-After: 1, waits about a second instead of the 20 ms backoff', async () => {
    await fault({ count: 1, path: '/products', status: 429, retryAfter: 1 });
    const { http, retries } = client();
    const response = await http.getJson('/products');
    expect(response.attempts).toBe(2);
    expect(retries[0]).toMatchObject({ delayMs: 1000, status: 429, reason: '429 Too Many Requests' });
    const [gap] = gaps((await requestLog()).map((entry) => entry.receivedAt));
    expect(gap).toBeGreaterThanOrEqual(1000);
  });

  it('caps a Retry-After above maxRetryAfterMs', async () => {
    await fault({ count: 1, path: '/products', status: 503, retryAfter: 3600 });
    const { http, retries } = client({ maxRetryAfterMs: 150 });
    const started = performance.now();
    await http.getJson('/products');
    expect(retries[0]?.delayMs).toBe(150);
    expect(performance.now() - started).toBeLessThan(3000);
    const [gap] = gaps((await requestLog()).map((entry) => entry.receivedAt));
    expect(gap).toBeGreaterThanOrEqual(150);
  });

  it('retries an attempt that exceeds the timeout', async () => {
    await fault({ count: 1, path: '/products', latencyMs: 1000 });
    const { http, retries } = client({ timeoutMs: 150 });
    const response = await http.getJson('/products');
    expect(response.attempts).toBe(2);
    expect(retries[0]?.reason).toBe('timed out after 150 ms');
  });

  it('gives up after 3 timeouts with a clear error', async () => {
    await fault({ count: 3, path: '/products', latencyMs: 1000 });
    const error = await upstreamError(client({ timeoutMs: 100 }).http.getJson('/products'));
    expect(error.message).toBe(`GET ${sim.url}/products failed after 3 attempts: timed out after 100 ms`);
    expect(error.status).toBeUndefined();
  });

  it('retries a refused connection, then names it', async () => {
    const closed = await startSim({ port: 0 });
    await closed.close();
    const { http, retries } = client({ baseUrl: closed.url });
    const error = await upstreamError(http.getJson('/products'));
    expect(error.message).toBe(`GET ${closed.url}/products failed after 3 attempts: connect ECONNREFUSED 127.0.0.1:${closed.port}`);
    expect(error.cause).toMatchObject({ code: 'ECONNREFUSED' });
    expect(retries).toHaveLength(2);
  });

  it('stops at once, with the caller’s reason, when the signal aborts during a wait', async () => {
    await fault({ count: 3, path: '/products', status: 503 });
    const { http } = client({ minDelayMs: 10_000 });
    const controller = new AbortController();
    const reason = new Error('shutting down');
    setTimeout(() => controller.abort(reason), 100);
    const started = performance.now();
    await expect(http.getJson('/products', { signal: controller.signal })).rejects.toBe(reason);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(await requestLog()).toHaveLength(1);
  });
});

describe('a base URL with credentials (https://user:pass@host)', () => {
  const withCredentials = () => sim.url.replace('http://', 'http://alice:s3cret-pw@');

  it('given a server that checks them, then the request still sends them as Basic auth', async () => {
    let authorization: string | undefined;
    const server = createServer((req, res) => {
      authorization = req.headers.authorization;
      res.setHeader('content-type', 'application/json').end('[]');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const response = await createHttpClient({ baseUrl: `http://alice:s3cret-pw@127.0.0.1:${port}` }).getJson('/carts');
      expect(authorization).toBe(`Basic ${Buffer.from('alice:s3cret-pw').toString('base64')}`);
      expect(response.url).toBe(`http://127.0.0.1:${port}/carts`);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('given a successful call, then the response names the URL without them', async () => {
    const response = await client({ baseUrl: withCredentials() }).http.getJson('/products');
    expect(response.data).toHaveLength(20);
    expect(response.url).toBe(`${sim.url}/products`);
  });

  it('given retries and a final failure, then neither the retry events, the log lines nor the error carry them', async () => {
    await fault({ count: 3, path: '/products', status: 503 });
    const lines: string[] = [];
    const destination = new Writable({ write(chunk: Buffer, _encoding, done) { lines.push(chunk.toString()); done(); } });
    const logger = createLogger({ name: 't', level: 'debug', format: 'json', destination });
    const { http, retries } = client({ baseUrl: withCredentials(), logger });
    const error = await upstreamError(http.getJson('/products'));
    expect(error.message).toBe(`GET ${sim.url}/products failed after 3 attempts: 503 Service Unavailable`);
    expect(error.url).toBe(`${sim.url}/products`);
    expect(retries.map((event) => event.url)).toEqual([`${sim.url}/products`, `${sim.url}/products`]);
    expect(lines).toHaveLength(2);
    expect(lines.join('')).not.toMatch(/s3cret-pw|alice/);
  });
});

describe('bodies that are not JSON', () => {
  // Decision (see createHttpClient): a 2xx that is not JSON is retried, as Cloudflare's interstitial
  // pages and cut-off transfers are transient; if it persists, the error says exactly what came back.
  it('retries an HTML page served with 200 and succeeds when JSON comes back', async () => {
    await fault({ count: 1, path: '/products', body: 'html' });
    const { http, retries } = client();
    const response = await http.getJson('/products');
    expect(response.attempts).toBe(2);
    expect(retries[0]?.reason).toBe('response is not JSON: got an HTML page (content-type text/html)');
  });

  it('names an HTML page that keeps coming', async () => {
    await fault({ count: 3, path: '/products', body: 'html' });
    const error = await upstreamError(client().http.getJson('/products'));
    expect(error.message).toBe(`GET ${sim.url}/products failed after 3 attempts: response is not JSON: got an HTML page (content-type text/html)`);
    expect(error.status).toBe(200);
  });

  it('names truncated JSON with what the parser objected to and the byte, never the text', async () => {
    await fault({ count: 3, path: '/products', body: 'truncated-json' });
    const error = await upstreamError(client().http.getJson('/products'));
    expect(error.message).toMatch(new RegExp(`^GET ${sim.url}/products failed after 3 attempts: response is not valid JSON: [A-Za-z ',:{}\\[\\]]+ at byte \\d+$`));
    expect(error.cause).toBeInstanceOf(SyntaxError);
  });
});

describe('logging', () => {
  it('logs each retry at warn with URL, attempt, delay and reason, never headers', async () => {
    const lines: Record<string, unknown>[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
        done();
      },
    });
    const logger = createLogger({ name: 'http-test', level: 'debug', format: 'json', destination });
    await fault({ count: 1, path: '/users', status: 502 });
    await client({ logger }).http.getJson('/users');

    const warns = lines.filter((line) => line.level === 'warn');
    expect(warns).toHaveLength(1);
    expect(warns[0]).toMatchObject({ url: `${sim.url}/users`, attempt: 1, attempts: 3, delayMs: 20, reason: '502 Bad Gateway', status: 502 });
    expect(JSON.stringify(lines)).not.toMatch(/user-agent|headers/i);
    expect(lines.find((line) => line.level === 'debug')).toMatchObject({ url: `${sim.url}/users`, status: 200, attempts: 2 });
  });
});

describe('getText', () => {
  it('returns the raw body with the same retry rules', async () => {
    await fault({ count: 1, path: '/products/1', status: 503 });
    const response = await client().http.getText('/products/1');
    expect(response.attempts).toBe(2);
    expect(JSON.parse(response.data)).toMatchObject({ id: 1 });
  });
});
