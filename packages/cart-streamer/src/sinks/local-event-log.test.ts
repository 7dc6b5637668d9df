import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { attributesJson } from './local-event-log.js';

describe('the attributes of an event-log row', () => {
  it('are the text JSON.stringify gives, for any keys and values (quotes, backslashes, control characters and lone surrogates included)', () => {
    const text = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.constantFrom('a"b', 'c\\d', 'e\nf', '\ud800', 'cart/1'));
    fc.assert(fc.property(fc.dictionary(text, text), (attributes) => {
      expect(attributesJson(attributes)).toBe(JSON.stringify(attributes));
    }), { numRuns: 500 });
  });

  it('of a real event are written without escaping', () => {
    const attributes = { 'ce-specversion': '1.0', 'ce-id': '6f1f8a52-3c2e-5f7e-9b0a-5e8c1d2f4a61', 'ce-subject': 'cart/7', 'ce-time': '2026-11-26T12:00:00.000Z' };
    expect(attributesJson(attributes)).toBe(JSON.stringify(attributes));
    expect(JSON.parse(attributesJson({}))).toEqual({});
  });
});
