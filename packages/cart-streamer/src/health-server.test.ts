import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { UsageError } from '@fakestore/shared-core';
import { afterEach, describe, expect, it } from 'vitest';
import { type HealthServer, startHealthServer } from './health-server.js';

const started: HealthServer[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((server) => server.close()));
});

async function serve(health: () => { healthy: boolean; body: unknown }, metrics = () => Promise.resolve({ contentType: 'text/plain; version=0.0.4; charset=utf-8', text: 'a_total 1\n' })) {
  const server = await startHealthServer({ host: '127.0.0.1', port: 0, health, metrics });
  started.push(server);
  return server;
}

const at = (server: HealthServer, path: string, init: RequestInit = {}) => fetch(`http://127.0.0.1:${server.port}${path}`, init);

describe('startHealthServer', () => {
  it('given port 0, then it listens on a free port and says where', async () => {
    const server = await serve(() => ({ healthy: true, body: {} }));
    expect(server.port).toBeGreaterThan(0);
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
  });

  it('given GET /healthz, then 200 with the JSON body when healthy, 503 when not', async () => {
    let healthy = true;
    const server = await serve(() => ({ healthy, body: { status: healthy ? 'ok' : 'unhealthy', reason: 'why' } }));
    const ok = await at(server, '/healthz');
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(ok.headers.get('cache-control')).toBe('no-store');
    expect(await ok.json()).toEqual({ status: 'ok', reason: 'why' });
    healthy = false;
    const down = await at(server, '/healthz?probe=1');
    expect(down.status).toBe(503);
    expect(await down.json()).toEqual({ status: 'unhealthy', reason: 'why' });
  });

  it('given GET /metrics, then the text with its content type; given HEAD, then the headers without a body', async () => {
    const server = await serve(() => ({ healthy: true, body: {} }));
    const metrics = await at(server, '/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(await metrics.text()).toBe('a_total 1\n');
    const head = await at(server, '/healthz', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('given an unknown path, then 404 (whatever the method); given another method on a known path, then 405 with Allow', async () => {
    const server = await serve(() => ({ healthy: true, body: {} }));
    for (const [path, method] of [['/', 'GET'], ['/health', 'GET'], ['/healthz/x', 'GET'], ['/nope', 'POST']] as const) {
      const response = await at(server, path, { method });
      expect(response.status, `${method} ${path}`).toBe(404);
      expect(await response.text()).toBe('not found: the streamer serves GET /healthz and GET /metrics\n');
    }
    for (const method of ['POST', 'PUT', 'DELETE']) {
      const response = await at(server, '/metrics', { method });
      expect(response.status, method).toBe(405);
      expect(response.headers.get('allow')).toBe('GET, HEAD');
    }
  });

  it('given metrics that cannot be rendered, then 500 with one line, and the server keeps serving', async () => {
    const server = await serve(() => ({ healthy: true, body: {} }), () => Promise.reject(new Error('collect failed')));
    const response = await at(server, '/metrics');
    expect(response.status).toBe(500);
    expect(await response.text()).toBe('internal error: collect failed\n');
    expect((await at(server, '/healthz')).status).toBe(200);
  });

  it('given a port in use, then a plain error naming the port (exit 1: the same command works once it is free)', async () => {
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const port = (holder.address() as { port: number }).port;
    try {
      const failure = await startHealthServer({ host: '127.0.0.1', port, health: () => ({ healthy: true, body: {} }), metrics: () => Promise.reject(new Error('unused')) }).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(Error);
      expect(failure).not.toBeInstanceOf(UsageError);
      expect((failure as Error).message).toBe(`cannot serve /healthz and /metrics on 127.0.0.1:${port}: the port is already in use; stop the process that holds it, or choose another --http-port (PORT), 0 for any free one`);
    } finally {
      holder.close();
    }
  });

  it('given an address this machine does not have, then a usage error (exit 2)', async () => {
    const failure = await startHealthServer({ host: '192.0.2.1', port: 0, health: () => ({ healthy: true, body: {} }), metrics: () => Promise.reject(new Error('unused')) }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(UsageError);
    expect((failure as Error).message).toMatch(/^cannot serve \/healthz and \/metrics on 192\.0\.2\.1:0: 192\.0\.2\.1 is not an address of this machine/);
  });

  it('given a keep-alive client, when closed, then it resolves at once', async () => {
    const server = await serve(() => ({ healthy: true, body: {} }));
    expect((await at(server, '/healthz', { keepalive: true })).status).toBe(200);
    const before = Date.now();
    await server.close();
    expect(Date.now() - before).toBeLessThan(1000);
  });

  it('given a process that starts it and does nothing else, then the process still exits: the server does not keep it alive', async () => {
    const script = `import('${new URL('./health-server.ts', import.meta.url).href}').then(async (m) => { const s = await m.startHealthServer({ host: '127.0.0.1', port: 0, health: () => ({ healthy: true, body: {} }), metrics: async () => ({ contentType: 'text/plain', text: '' }) }); console.log('listening', s.port); })`;
    const child = spawn(process.execPath, ['--experimental-strip-types', '--no-warnings', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    let err = '';
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => {
      const timer = setTimeout(() => { child.kill('SIGKILL'); resolve(null); }, 10_000);
      child.once('exit', (exit) => { clearTimeout(timer); resolve(exit); });
    });
    expect(out, err).toMatch(/^listening \d+/);
    expect(code, 'the process was still running after 10 s').toBe(0);
  });
});
