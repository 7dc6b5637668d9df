import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, beforeEach } from 'vitest';

/** What one route answers: a status, a body sent in pieces, with a pause before each piece. */
export interface CannedResponse {
  status?: number;
  contentType?: string;
  /** The body, in the pieces it is written in. */
  chunks: (string | Buffer)[];
  /** Wait before each piece. */
  pauseMs?: number;
  /** Hold the connection open after the last piece instead of ending the response (a stalled server). */
  stall?: boolean;
  /** Destroy the connection after the last piece (a transfer cut short). */
  cut?: boolean;
}

export interface BodyServer {
  url(): string;
  /** What each path answers from now on (a list: one per request, the last one repeated); the request counts are reset. */
  serve(routes: Record<string, CannedResponse | CannedResponse[]>): void;
  requests(path: string): number;
}

/**
 * A loopback HTTP server that answers with exactly the bytes a test gives it: duplicate ids, a
 * secret just before a broken byte, a body that trickles or stalls. The simulator's faults cannot
 * shape a body that precisely. One server per test file.
 */
export function useBodyServer(): BodyServer {
  let server: Server | undefined;
  let routes: Record<string, CannedResponse | CannedResponse[]> = {};
  const counts = new Map<string, number>();
  beforeAll(async () => {
    server = createServer((request, response) => {
      const path = (request.url ?? '/').split('?')[0]!;
      const count = (counts.get(path) ?? 0) + 1;
      counts.set(path, count);
      const canned = routes[path];
      const route = Array.isArray(canned) ? canned[Math.min(count, canned.length) - 1] : canned;
      if (!route) {
        response.writeHead(404, { 'content-type': 'text/html' }).end('<pre>Cannot GET</pre>');
        return;
      }
      response.writeHead(route.status ?? 200, { 'content-type': route.contentType ?? 'application/json; charset=utf-8' });
      void (async () => {
        for (const chunk of route.chunks) {
          if (route.pauseMs) await sleep(route.pauseMs);
          if (response.destroyed) return;
          response.write(chunk);
        }
        if (route.cut) response.destroy();
        else if (!route.stall) response.end();
      })();
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  });
  beforeEach(() => {
    routes = {};
    counts.clear();
  });
  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
  });
  return {
    url: () => `http://127.0.0.1:${(server!.address() as AddressInfo).port}`,
    serve(next) {
      routes = next;
      counts.clear();
    },
    requests: (path) => counts.get(path) ?? 0,
  };
}
