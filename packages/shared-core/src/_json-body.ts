/** Telling a JSON body apart from an empty, HTML or truncated one. Pure. */

import { byteOffsetOf, describeJsonSyntaxError } from './json/syntax-error.js';

export type JsonBody = { ok: true; data: unknown } | { ok: false; reason: string; cause: Error };

/** The media type without parameters: `text/html; charset=utf-8` → `text/html`. */
export function mediaType(contentType: string | undefined): string | undefined {
  const type = contentType?.split(';')[0]?.trim().toLowerCase();
  return type ? type : undefined;
}

/**
 * Parse a response body as JSON. An empty (or blank) body is `data: undefined`, as the Fake Store
 * API answers a missing product with 200 and no body. A failure names what was wrong and where
 * (a byte offset), never the body's text: V8's own message quotes a slice of it.
 */
export function parseJsonBody(body: string, contentType?: string): JsonBody {
  if (body.trim() === '') return { ok: true, data: undefined };
  const type = mediaType(contentType);
  if (type === 'text/html' || type === 'application/xhtml+xml' || /^\s*<(!doctype|html|head|body)\b/i.test(body)) {
    const reason = `response is not JSON: got an HTML page (content-type ${type ?? 'missing'})`;
    return { ok: false, reason, cause: new Error(reason) };
  }
  try {
    return { ok: true, data: JSON.parse(body) as unknown };
  } catch (error) {
    const { problem, position } = describeJsonSyntaxError(error);
    const where = position === undefined ? (problem === 'it ends early' ? ` at byte ${Buffer.byteLength(body)}` : '') : ` at byte ${byteOffsetOf(body, position)}`;
    const reason = `response is not valid JSON: ${problem}${where}`;
    // A new SyntaxError, not V8's: that one's message carries the slice of the body.
    return { ok: false, reason, cause: new SyntaxError(reason) };
  }
}
