import { describe, expect, it } from 'vitest';
import { mediaType, parseJsonBody } from './_json-body.js';

describe('parsing a response body as JSON', () => {
  it('parses JSON whatever its content type', () => {
    expect(parseJsonBody('[{"id":1}]', 'application/json; charset=utf-8')).toEqual({ ok: true, data: [{ id: 1 }] });
    expect(parseJsonBody('null', undefined)).toEqual({ ok: true, data: null });
  });

  it('reads an empty or blank body as undefined (how the API answers a missing product)', () => {
    expect(parseJsonBody('', 'application/json')).toEqual({ ok: true, data: undefined });
    expect(parseJsonBody(' \n', undefined)).toEqual({ ok: true, data: undefined });
  });

  it('names an HTML page and its content type', () => {
    const result = parseJsonBody('<!DOCTYPE html><html><body>Just a moment...</body></html>', 'text/html; charset=UTF-8');
    expect(result).toMatchObject({ ok: false, reason: 'response is not JSON: got an HTML page (content-type text/html)' });
  });

  it('spots HTML even when the content type claims JSON or is missing', () => {
    expect(parseJsonBody('<html><body>oops</body></html>', 'application/json')).toMatchObject({ ok: false, reason: expect.stringContaining('HTML page (content-type application/json)') as unknown });
    expect(parseJsonBody('<!doctype html>', undefined)).toMatchObject({ ok: false, reason: expect.stringContaining('content-type missing') as unknown });
  });

  it('reports truncated JSON with the parser message', () => {
    const result = parseJsonBody('[{"id":1,', 'application/json');
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.reason).toMatch(/^response is not valid JSON: /);
      expect(result.cause).toBeInstanceOf(SyntaxError);
    }
  });
});

describe('media type', () => {
  it('drops parameters and case', () => {
    expect(mediaType('Text/HTML; charset=utf-8')).toBe('text/html');
    expect(mediaType(undefined)).toBeUndefined();
    expect(mediaType('')).toBeUndefined();
  });
});
