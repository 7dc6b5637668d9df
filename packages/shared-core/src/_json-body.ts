/** Telling a JSON body apart from an empty, HTML or truncated one. Pure. */

export type JsonBody = { ok: true; data: unknown } | { ok: false; reason: string; cause: Error };

/** The media type without parameters: `text/html; charset=utf-8` → `text/html`. */
export function mediaType(contentType: string | undefined): string | undefined {
  const type = contentType?.split(';')[0]?.trim().toLowerCase();
  return type ? type : undefined;
}

/**
 * Parse a response body as JSON. An empty (or blank) body is `data: undefined`, as the Fake Store
 * API answers a missing product with 200 and no body.
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
    const cause = error instanceof Error ? error : new Error(String(error));
    return { ok: false, reason: `response is not valid JSON: ${cause.message}`, cause };
  }
}
