import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { isAdminPath, routeAdmin } from './admin.js';
import { loadRealData } from './data.js';
import { takeFault } from './fault-queue.js';
import { applyFault } from './faults.js';
import { resolveSimOptions, type SimOptions } from './options.js';
import { EXPRESS_ERROR_HEADERS, expressErrorPage } from './pages.js';
import { simRequest } from './request.js';
import { errorResponse, htmlResponse } from './response.js';
import { routePublic } from './routes.js';
import { createSimState, type SimState } from './sim-state.js';
import { createStore, type SimStore } from './store.js';
import { generateSyntheticData, type SyntheticSpec } from './synthetic.js';
import { writeResponse } from './write-response.js';

export interface RunningSim {
  /** e.g. http://127.0.0.1:3999, without a trailing slash. */
  url: string;
  port: number;
  /** Stops listening, drops open connections (streams and delayed responses included) and resolves once closed. */
  close(): Promise<void>;
}

export const HOST = '127.0.0.1';
/** Write bodies past this size are refused, as Express's body parser refuses large ones. */
const MAX_BODY_BYTES = 1_000_000;

class BodyTooLarge extends Error {}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new BodyTooLarge();
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

const buildStore = async (synthetic: SyntheticSpec | undefined): Promise<SimStore> =>
  createStore(synthetic === undefined ? await loadRealData() : generateSyntheticData(synthetic));

/** The imperative shell: one request in, the pure routing and fault layers, bytes out. */
async function handle(state: SimState, req: IncomingMessage, res: ServerResponse, shutdown: AbortSignal): Promise<void> {
  const receivedAt = Date.now();
  const method = (req.method ?? 'GET').toUpperCase();
  const target = req.url ?? '/';
  const bare = simRequest(method, target);
  const admin = isAdminPath(bare.pathname);
  // Logged and matched against faults on arrival, so the log's order and timing are the clients'.
  if (!admin) state.log.record({ method, path: target, receivedAt });
  const taken = admin ? undefined : takeFault(state.faults, target);
  if (taken !== undefined) state.faults = taken.queue;

  const request = { ...bare, contentType: req.headers['content-type'], bodyText: await readBody(req) };
  if (admin) return writeResponse(res, routeAdmin(state, request));
  const { response, delayMs } = applyFault(taken?.fault, routePublic(state.store, request));
  if (delayMs > 0) await sleep(delayMs, undefined, { signal: shutdown });
  return writeResponse(res, response, method === 'HEAD');
}

function onFailure(error: unknown, res: ServerResponse): void {
  if (res.headersSent) return void res.destroy();
  if (error instanceof BodyTooLarge) {
    return void writeResponse(res, htmlResponse(413, expressErrorPage('Payload Too Large'), EXPRESS_ERROR_HEADERS));
  }
  // Aborted by close(): the connection is being torn down anyway.
  if (error instanceof Error && error.name === 'AbortError') return void res.destroy();
  console.error('fakestore-sim: request failed:', error);
  void writeResponse(res, errorResponse(500, 'internal simulator error'));
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, HOST, () => {
      server.off('error', reject);
      const address = server.address();
      resolve(typeof address === 'object' && address !== null ? address.port : port);
    });
  });
}

/** Starts a simulator on 127.0.0.1 and resolves once it accepts connections. */
export async function startSim(options: SimOptions = {}): Promise<RunningSim> {
  const settings = resolveSimOptions(options);
  const state = createSimState(await buildStore(settings.synthetic));
  const shutdown = new AbortController();
  const server = createServer((req, res) => {
    const started = performance.now();
    if (options.onRequest !== undefined) {
      const report = options.onRequest;
      res.once('close', () =>
        report({ method: req.method ?? 'GET', path: req.url ?? '/', status: res.statusCode, durationMs: Math.round(performance.now() - started) }),
      );
    }
    handle(state, req, res, shutdown.signal).catch((error: unknown) => onFailure(error, res));
  });
  const port = await listen(server, settings.port);

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= new Promise<void>((resolve) => {
      shutdown.abort();
      server.close(() => resolve());
      server.closeAllConnections();
    });
    return closing;
  };
  return { url: `http://${HOST}:${port}`, port, close };
}
