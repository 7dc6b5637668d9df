import type { ServerResponse } from 'node:http';
import { STREAM_CHUNK_RECORDS, type SimResponse } from './response.js';

interface Chunk {
  /** Records serialised and joined with commas. */
  text: string;
  count: number;
  done: boolean;
}

function nextChunk(iterator: Iterator<unknown>, size: number): Chunk {
  const parts: string[] = [];
  while (parts.length < size) {
    const step = iterator.next();
    if (step.done === true) return { text: parts.join(','), count: parts.length, done: true };
    parts.push(JSON.stringify(step.value));
  }
  return { text: parts.join(','), count: parts.length, done: false };
}

/** Resolves true once the socket wants more, false if the client went away first. */
function drained(res: ServerResponse): Promise<boolean> {
  if (res.destroyed) return Promise.resolve(false);
  return new Promise((resolve) => {
    const finish = (wantsMore: boolean) => () => {
      res.off('drain', onDrain);
      res.off('close', onClose);
      resolve(wantsMore);
    };
    const onDrain = finish(true);
    const onClose = finish(false);
    res.once('drain', onDrain);
    res.once('close', onClose);
  });
}

function sendWhole(res: ServerResponse, response: SimResponse, text: string, headOnly: boolean): void {
  const bytes = Buffer.from(text, 'utf8');
  // 204 and 304 must not carry a body or announce one.
  const bodiless = response.status === 204 || response.status === 304;
  res.writeHead(response.status, bodiless ? response.headers : { ...response.headers, 'content-length': String(bytes.length) });
  if (bodiless) return void res.end();
  res.end(headOnly ? undefined : bytes);
}

/**
 * Streams a JSON array in chunks of records, waiting for 'drain' whenever the socket buffer is
 * full, so memory stays flat however many records there are. The bytes are exactly those of
 * JSON.stringify(array). An array that fits in one chunk is sent whole, with a content-length.
 */
async function streamJsonArray(res: ServerResponse, response: SimResponse, items: Iterable<unknown>, headOnly: boolean): Promise<void> {
  const iterator = items[Symbol.iterator]();
  const first = nextChunk(iterator, STREAM_CHUNK_RECORDS);
  if (first.done) return sendWhole(res, response, `[${first.text}]`, headOnly);
  res.writeHead(response.status, response.headers);
  if (headOnly) return void res.end();
  if (!res.write(`[${first.text}`) && !(await drained(res))) return;
  for (;;) {
    const chunk = nextChunk(iterator, STREAM_CHUNK_RECORDS);
    if (chunk.count > 0 && !res.write(`,${chunk.text}`) && !(await drained(res))) return;
    if (chunk.done) break;
  }
  res.end(']');
}

/** Puts a described response on the wire. `headOnly` answers a HEAD request: headers, no body. */
export async function writeResponse(res: ServerResponse, response: SimResponse, headOnly = false): Promise<void> {
  const { body } = response;
  switch (body.kind) {
    case 'empty':
      return sendWhole(res, response, '', headOnly);
    case 'text':
      return sendWhole(res, response, body.text, headOnly);
    case 'json':
      // JSON.stringify(undefined) is undefined; the real API then sends nothing at all.
      return sendWhole(res, response, JSON.stringify(body.value) ?? '', headOnly);
    case 'json-array':
      return streamJsonArray(res, response, body.items, headOnly);
  }
}
