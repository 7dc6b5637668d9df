import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

export type Handler = (req: IncomingMessage, res: ServerResponse, request: number) => unknown;

/** A loopback HTTP server whose every answer the test scripts with `serve`. */
export interface ScriptedServer {
  /** `http://127.0.0.1:PORT`. */
  readonly url: string;
  /** Requests since the last `reset`. */
  readonly requests: number;
  serve(handler: Handler): void;
  /** Zero the request count and drop every open connection. */
  reset(): void;
  close(): Promise<void>;
}

export async function startScriptedServer(): Promise<ScriptedServer> {
  let handler: Handler = (_req, res) => res.end('[]');
  let requests = 0;
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    requests += 1;
    res.shouldKeepAlive = false; // a connection per request: no test inherits a socket the last one left half-closed
    void Promise.resolve(handler(req, res, requests)).catch(() => res.destroy());
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    get requests() {
      return requests;
    },
    serve(next) {
      handler = next;
    },
    reset() {
      requests = 0;
      for (const socket of sockets) socket.destroy();
    },
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** Answers 200 with JSON written in the given pieces, each flushed on its own, `gapMs` apart. */
export async function writeInPieces(res: ServerResponse, pieces: (string | Buffer)[], gapMs = 0): Promise<void> {
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
  res.flushHeaders();
  for (const piece of pieces) {
    if (res.destroyed) return;
    res.write(piece);
    await sleep(gapMs);
  }
  res.end();
}

/**
 * Answers with a JSON array of `elements` records of about 1 KB, written only as fast as the client
 * reads (it waits on drain); `written.bytes` counts what was handed to the socket.
 */
export function largeArrayHandler(elements: number, written: { bytes: number }): Handler {
  const padding = 'x'.repeat(1000);
  return async (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write('[');
    for (let i = 0; i < elements && !res.destroyed; i++) {
      const piece = `${i ? ',' : ''}{"id":${i},"padding":"${padding}"}`;
      written.bytes += piece.length;
      if (!res.write(piece)) await new Promise((resolve) => res.once('drain', resolve));
    }
    res.end(']');
  };
}
