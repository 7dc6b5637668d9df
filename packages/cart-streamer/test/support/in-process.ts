import { join } from 'node:path';
import { type HttpClient, type JsonArrayRecord, createLogger } from '@fakestore/shared-core';
import type { EventMessage } from '../../src/core/events.js';
import { outboxFile, versionMarkFile } from '../../src/core/paths.js';
import { type CycleDeps, runCycle } from '../../src/cycle.js';
import { createLocalStorage } from '../../src/io/storage.js';
import type { EventSink, PublishResult } from '../../src/types.js';

/** An HTTP client whose `GET /carts` streams the given records (or fails with `error`). */
export function fakeCartsApi(records: () => unknown[], error?: () => Error | undefined): HttpClient {
  const unsupported = () => Promise.reject(new Error('not used by the streamer'));
  return {
    baseUrl: 'http://carts.test',
    getJson: unsupported,
    getText: unsupported,
    async streamJsonArray(_path, consume) {
      const failure = error?.();
      if (failure) throw failure;
      const list = records();
      async function* elements(): AsyncGenerator<JsonArrayRecord> {
        let index = 0;
        for (const value of list) yield await Promise.resolve({ value, index: index++ });
      }
      const controller = new AbortController();
      const data = await consume(elements(), { url: 'http://carts.test/carts', status: 200, attempt: 1, signal: controller.signal, totalBytes: undefined });
      return { data, status: 200, url: 'http://carts.test/carts', bytes: 0, elements: list.length, attempts: 1, durationMs: 0 };
    },
  };
}

/** A sink that keeps what it is sent; `fail(message)` says which messages fail (dead letters). */
export function memorySink(fail: (message: EventMessage) => string | undefined = () => undefined) {
  const published: EventMessage[] = [];
  const batches: string[] = [];
  const sink: EventSink = {
    description: 'memory',
    deadLetters: true,
    begin: () => ({
      send: (messages) => Promise.resolve(messages.map((message): PublishResult => {
        const error = fail(message);
        if (error) return { status: 'failed', error };
        published.push(message);
        return { status: 'published', messageId: String(published.length) };
      })),
      finish: (batchId) => {
        batches.push(batchId);
        return Promise.resolve();
      },
      abort: () => Promise.resolve(),
    }),
    close: () => Promise.resolve(),
  };
  return { sink, published, batches };
}

/** Runs cycles in-process on a state folder in `dir`, against the carts `setCarts` sets. */
export function inProcessStreamer(dir: string, options: { sink?: EventSink; allowMassDelete?: boolean; now?: () => Date } = {}) {
  let carts: unknown[] = [];
  const memory = memorySink();
  const sink = options.sink ?? memory.sink;
  const stateFile = join(dir, 'state', 'carts_state.json');
  let tick = Date.parse('2026-11-26T12:00:00.000Z');
  const deps = (over: Partial<CycleDeps> = {}): CycleDeps => ({
    http: fakeCartsApi(() => carts),
    sink,
    storage: createLocalStorage(),
    eventsDir: join(dir, 'events'),
    stateFile,
    outboxFile: outboxFile(stateFile),
    versionMarkFile: versionMarkFile(stateFile),
    logger: createLogger({ name: 'test', level: 'silent' }),
    now: options.now ?? (() => new Date((tick += 1000))),
    publishTimeoutMs: 5000,
    stop: new AbortController().signal,
    diffOptions: { massDeleteThreshold: 0.5, allowMassDelete: options.allowMassDelete ?? false },
    ...over,
  });
  return {
    stateFile,
    published: memory.published,
    batches: memory.batches,
    setCarts(next: unknown[]) {
      carts = next;
    },
    deps,
    /** One cycle; returns its summary and the messages it published. */
    async cycle(over: Partial<CycleDeps> = {}) {
      const before = memory.published.length;
      const summary = await runCycle(deps(over));
      return { summary, messages: memory.published.slice(before) };
    },
  };
}
