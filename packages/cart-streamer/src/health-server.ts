import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { UsageError } from '@fakestore/shared-core';

export interface HealthServerOptions {
  host: string;
  /** 0: any free port (read it from `port` once started). */
  port: number;
  /** The `/healthz` answer: 200 when healthy, else 503, and a JSON body. */
  health: () => { healthy: boolean; body: unknown };
  /** The `/metrics` answer, Prometheus text format. */
  metrics: () => Promise<{ contentType: string; text: string }>;
}

export interface HealthServer {
  /** The port it listens on (the one picked, with port 0). */
  readonly port: number;
  /** e.g. `http://0.0.0.0:8080`. */
  readonly url: string;
  /** Stops listening and drops open connections; never waits for a slow client. */
  close(): Promise<void>;
}

const READ_ONLY = 'GET, HEAD';

/**
 * The streamer's HTTP server: `GET /healthz` and `GET /metrics` (and HEAD), 404 elsewhere, 405 for
 * other methods. It does not keep the process alive (unref'd): the loop does, and when the loop
 * ends the server goes with it. Listening errors are made clear: a port in use exits 1 (as
 * fakestore-sim's does: the same command works once the other process is gone), a privileged
 * port or an address this machine does not have exit 2 (fix the flags).
 */
export async function startHealthServer(options: HealthServerOptions): Promise<HealthServer> {
  const server = createServer((request, response) => {
    void route(options, request, response).catch((error: unknown) => {
      if (!response.headersSent) send(response, 500, 'text/plain; charset=utf-8', `internal error: ${error instanceof Error ? error.message : String(error)}\n`);
      else response.destroy();
    });
  });
  // A probe answers in milliseconds; a client that sends nothing is not waited for.
  server.requestTimeout = 10_000;
  server.headersTimeout = 5_000;
  await listen(server, options);
  server.unref();
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    port,
    url: `http://${host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function route(options: HealthServerOptions, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const path = new URL(request.url ?? '/', 'http://streamer').pathname;
  if (path !== '/healthz' && path !== '/metrics') {
    send(response, 404, 'text/plain; charset=utf-8', 'not found: the streamer serves GET /healthz and GET /metrics\n');
    return;
  }
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.setHeader('allow', READ_ONLY);
    send(response, 405, 'text/plain; charset=utf-8', `method not allowed: ${path} answers ${READ_ONLY}\n`);
    return;
  }
  if (path === '/healthz') {
    const { healthy, body } = options.health();
    send(response, healthy ? 200 : 503, 'application/json; charset=utf-8', `${JSON.stringify(body)}\n`);
    return;
  }
  const { contentType, text } = await options.metrics();
  send(response, 200, contentType, text);
}

function send(response: ServerResponse, status: number, contentType: string, body: string): void {
  response.writeHead(status, { 'content-type': contentType, 'cache-control': 'no-store', 'content-length': Buffer.byteLength(body) });
  response.end(response.req.method === 'HEAD' ? undefined : body);
}

function listen(server: Server, options: HealthServerOptions): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => reject(listenError(error, options));
    server.once('error', onError);
    server.listen(options.port, options.host, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

/** A listening error as one line that says what to change. */
export function listenError(error: NodeJS.ErrnoException, options: Pick<HealthServerOptions, 'host' | 'port'>): Error {
  const where = `${options.host}:${options.port}`;
  switch (error.code) {
    case 'EADDRINUSE':
      return new Error(`cannot serve /healthz and /metrics on ${where}: the port is already in use; stop the process that holds it, or choose another --http-port (PORT), 0 for any free one`, { cause: error });
    case 'EACCES':
      return new UsageError(`cannot serve /healthz and /metrics on ${where}: permission denied (ports below 1024 need privileges); choose --http-port 1024 or above`, { cause: error });
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new UsageError(`cannot serve /healthz and /metrics on ${where}: ${options.host} is not an address of this machine; use --http-host 0.0.0.0 (every interface) or 127.0.0.1`, { cause: error });
    default:
      return new Error(`cannot serve /healthz and /metrics on ${where}: ${error.message}`, { cause: error });
  }
}
