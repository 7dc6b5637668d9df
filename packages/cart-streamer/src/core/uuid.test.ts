import fc from 'fast-check';
import { v5 } from 'uuid';
import { describe, expect, it } from 'vitest';
import { createUuidV5Builder, uuidV5 } from './uuid.js';

const namespace = '6f1f8a52-3c2e-4f7e-9b0a-5e8c1d2f4a61';

describe('uuidV5', () => {
  it('gives the ids of the uuid package for any name, unicode included', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (name) => {
      expect(uuidV5(name, namespace)).toBe(v5(name, namespace));
    }));
  });

  it('built name by name, equals the id of the names joined by newlines', () => {
    fc.assert(fc.property(fc.array(fc.string(), { minLength: 1 }), (names) => {
      const builder = createUuidV5Builder(namespace);
      for (const name of names) builder.add(name);
      expect(builder.digest()).toBe(v5(names.join('\n'), namespace));
    }));
  });

  it('refuses a namespace that is not a UUID', () => {
    expect(() => uuidV5('x', 'not-a-uuid')).toThrow(/not a UUID/);
  });
});
