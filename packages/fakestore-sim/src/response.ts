import type { Entity } from './types.js';

/**
 * A response described as data, so routing and fault injection stay pure and testable;
 * only write-response.ts turns it into bytes on a socket.
 */
export type ResponseBody =
  | { kind: 'empty' }
  | { kind: 'text'; text: string }
  /** Serialised compactly with JSON.stringify, as Express's res.json does. */
  | { kind: 'json'; value: unknown }
  /** A JSON array streamed record by record, so a million carts never become one string. */
  | { kind: 'json-array'; items: Iterable<unknown> };

/** What the records in a body are, so a `wrong-types` fault knows how to corrupt them. */
export type BodyContent = Entity | 'categories';

export interface SimResponse {
  status: number;
  headers: Readonly<Record<string, string>>;
  body: ResponseBody;
  content?: BodyContent;
}

/** Records per write when streaming a JSON array; large enough to amortise, small enough to interleave. */
export const STREAM_CHUNK_RECORDS = 1000;

export const JSON_TYPE = 'application/json; charset=utf-8';
export const HTML_TYPE = 'text/html; charset=utf-8';

export const jsonResponse = (value: unknown, content?: BodyContent, status = 200): SimResponse => ({
  status,
  headers: { 'content-type': JSON_TYPE },
  body: { kind: 'json', value },
  ...(content === undefined ? {} : { content }),
});

export const jsonArrayResponse = (items: Iterable<unknown>, content: BodyContent): SimResponse => ({
  status: 200,
  headers: { 'content-type': JSON_TYPE },
  body: { kind: 'json-array', items },
  content,
});

/** The real API's answer for a missing product: 200, JSON content type, zero bytes. */
export const emptyJsonResponse = (): SimResponse => ({ status: 200, headers: { 'content-type': JSON_TYPE }, body: { kind: 'empty' } });

export const errorResponse = (status: number, message: string): SimResponse => jsonResponse({ status: 'error', message }, undefined, status);

export const htmlResponse = (status: number, html: string, headers: Readonly<Record<string, string>> = {}): SimResponse => ({
  status,
  headers: { 'content-type': HTML_TYPE, ...headers },
  body: { kind: 'text', text: html },
});

export const withHeaders = (response: SimResponse, headers: Readonly<Record<string, string>>): SimResponse => ({
  ...response,
  headers: { ...response.headers, ...headers },
});
