import type { FaultBody, FaultSpec } from './fault-spec.js';
import { challengePage, cloudflareErrorPage, reasonPhrase } from './pages.js';
import {
  JSON_TYPE,
  STREAM_CHUNK_RECORDS,
  errorResponse,
  htmlResponse,
  withHeaders,
  type BodyContent,
  type ResponseBody,
  type SimResponse,
} from './response.js';

export interface FaultOutcome {
  response: SimResponse;
  /** How long to hold the response before sending it. */
  delayMs: number;
}

/**
 * Turns the response the API would give into the one the fault asks for.
 * `body` shapes the payload (status 200 unless `status` is also given); `status` alone replaces
 * the response with an error page; `latencyMs` only delays; `retryAfter` only adds the header.
 */
export function applyFault(fault: FaultSpec | undefined, response: SimResponse): FaultOutcome {
  if (fault === undefined) return { response, delayMs: 0 };
  let faulted = response;
  if (fault.body !== undefined) faulted = { ...faultyBody(fault.body, response), status: fault.status ?? 200 };
  else if (fault.status !== undefined) faulted = statusResponse(fault.status);
  if (fault.retryAfter !== undefined) faulted = withHeaders(faulted, { 'retry-after': String(fault.retryAfter) });
  return { response: faulted, delayMs: fault.latencyMs ?? 0 };
}

/** 5xx: the HTML page a CDN serves when the origin fails. Otherwise a small JSON error. */
export function statusResponse(status: number): SimResponse {
  if (status === 204 || status === 304) return { status, headers: {}, body: { kind: 'empty' } };
  if (status >= 500) return htmlResponse(status, cloudflareErrorPage(status), { server: 'cloudflare' });
  return errorResponse(status, reasonPhrase(status));
}

function faultyBody(kind: FaultBody, response: SimResponse): SimResponse {
  switch (kind) {
    case 'html':
      return htmlResponse(200, challengePage());
    case 'truncated-json': {
      const text = leadingText(response.body);
      return { ...response, headers: { ...response.headers, 'content-type': JSON_TYPE }, body: { kind: 'text', text: text.slice(0, Math.floor(text.length / 2)) } };
    }
    case 'wrong-types':
      return { ...response, body: corruptFirstRecord(response.body, response.content) };
  }
}

/**
 * The body's text, or for a streamed array only its first chunk of records: cutting that in half
 * is still "a body cut in the middle", without building a huge string for a million carts.
 */
function leadingText(body: ResponseBody): string {
  switch (body.kind) {
    case 'empty':
      return '';
    case 'text':
      return body.text;
    case 'json':
      return JSON.stringify(body.value) ?? '';
    case 'json-array': {
      const parts: string[] = [];
      for (const item of body.items) {
        if (parts.length === STREAM_CHUNK_RECORDS) return `[${parts.join(',')},`;
        parts.push(JSON.stringify(item));
      }
      return `[${parts.join(',')}]`;
    }
  }
}

/**
 * The documented corruptions: products get `price: "free"`, users `id: "x1"` and `email: 42`,
 * carts `products: "none"`, and a category list gets the number 42 as its first category.
 * Spreading keeps every field in its original position.
 */
export function corruptRecord(record: unknown, content: BodyContent | undefined): unknown {
  if (content === 'categories') return 42;
  if (typeof record !== 'object' || record === null) return record;
  switch (content) {
    case 'products':
      return { ...record, price: 'free' };
    case 'users':
      return { ...record, id: 'x1', email: 42 };
    case 'carts':
      return { ...record, products: 'none' };
    case undefined:
      return record;
  }
}

function corruptFirstRecord(body: ResponseBody, content: BodyContent | undefined): ResponseBody {
  if (body.kind === 'json') return { kind: 'json', value: corruptRecord(body.value, content === 'categories' ? undefined : content) };
  if (body.kind === 'json-array') return { kind: 'json-array', items: mapFirst(body.items, (item) => corruptRecord(item, content)) };
  return body;
}

function* mapFirst<T>(items: Iterable<T>, change: (item: T) => unknown): Generator<unknown> {
  let first = true;
  for (const item of items) {
    yield first ? change(item) : item;
    first = false;
  }
}
