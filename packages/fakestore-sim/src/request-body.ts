export type ParsedBody = { ok: true; fields: Record<string, unknown> } | { ok: false };

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Reads a write request's body as the real API's Express body parsers would: JSON and
 * url-encoded forms are understood, malformed JSON is a client error, and any other content
 * type (text/plain included) is ignored, leaving the handler an empty body.
 */
export function parseRequestBody(contentType: string | undefined, text: string): ParsedBody {
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (text.trim() === '') return { ok: true, fields: {} };
  if (type === 'application/json' || type.endsWith('+json')) {
    try {
      const value: unknown = JSON.parse(text);
      return { ok: true, fields: isPlainObject(value) ? value : {} };
    } catch {
      return { ok: false };
    }
  }
  if (type === 'application/x-www-form-urlencoded') return { ok: true, fields: Object.fromEntries(new URLSearchParams(text)) };
  return { ok: true, fields: {} };
}

/** The body echoed back with `id` first, as the real API orders its echoes. */
export function withLeadingId(id: number, fields: Record<string, unknown>): Record<string, unknown> {
  const { id: _ignored, ...rest } = fields;
  return { id, ...rest };
}
