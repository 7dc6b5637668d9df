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

  it('reports truncated JSON with the byte where it ends, as a SyntaxError', () => {
    const result = parseJsonBody('[{"id":1,', 'application/json');
    expect(result).toMatchObject({ ok: false, reason: 'response is not valid JSON: Expected double-quoted property name at byte 9' });
    if (!result.ok) expect(result.cause).toBeInstanceOf(SyntaxError);
    expect(parseJsonBody('[{"id":1', undefined)).toMatchObject({ reason: "response is not valid JSON: Expected ',' or '}' after property value at byte 8" });
  });

  it('given a body with a secret at the failure point, then neither the reason nor the cause quotes it', () => {
    // V8's own message for the first is: Unexpected token '<', ..."pw-7f3Kq9"},<html><bod"... is not valid JSON
    for (const body of ['[{"id":1,"password":"pw-7f3Kq9"},<html><body>', '[{"password":"pw-7f3Kq9', '{"password":pw-7f3Kq9}', '"pw-7f3Kq9']) {
      const result = parseJsonBody(body, 'application/json');
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.reason).toMatch(/^response is not valid JSON: /);
        expect(`${result.reason} ${result.cause.message} ${result.cause.stack}`).not.toContain('pw-7f3Kq9');
        expect(result.cause.cause).toBeUndefined();
      }
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
