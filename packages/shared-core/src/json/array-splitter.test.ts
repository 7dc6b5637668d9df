import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JsonArrayError, JsonArraySplitter } from './array-splitter.js';

/** Feeds `body` in chunks cut at `cuts` (byte positions) and returns the elements, or the error thrown. */
function split(body: string | Buffer, cuts: number[] = []): { values: unknown[] } | { error: JsonArrayError } {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  const splitter = new JsonArraySplitter();
  const values: unknown[] = [];
  const points = [...new Set(cuts.filter((cut) => cut > 0 && cut < bytes.length))].sort((a, b) => a - b);
  let from = 0;
  try {
    for (const to of [...points, bytes.length]) {
      values.push(...splitter.push(bytes.subarray(from, to)));
      from = to;
    }
    splitter.end();
    return { values };
  } catch (error) {
    if (error instanceof JsonArrayError) return { error };
    throw error;
  }
}

/** Every way of cutting `body` into two chunks, and into one-byte chunks. */
function everyCut(body: string): number[][] {
  const length = Buffer.byteLength(body);
  return [[], Array.from({ length }, (_, i) => i), ...Array.from({ length }, (_, i) => [i])];
}

function errorOf(result: ReturnType<typeof split>): JsonArrayError {
  if (!('error' in result)) throw new Error(`expected an error, got ${JSON.stringify(result.values)}`);
  return result.error;
}

describe('splitting a JSON array into its elements', () => {
  it('given an array of every kind of value, when cut anywhere, then each element comes out as JSON.parse reads it', () => {
    const body = ' [ {"a":"x,]}\\"{[","b":[1,{"c":null}]} , [1,[2]] ,"s\\\\\\"t", true,false, null, -1.5e3 ,0,"" , {} ,[] ]\n';
    for (const cuts of everyCut(body)) expect(split(body, cuts)).toEqual({ values: JSON.parse(body) as unknown[] });
  });

  it('given multi-byte UTF-8 and escapes cut inside a character, then the text is intact', () => {
    const body = JSON.stringify([{ name: 'Zoë', city: 'Zürich €', emoji: '😀 and \u2028', escaped: 'tab\there "quoted" \\ back\\' }, 'é']);
    for (const cuts of everyCut(body)) expect(split(body, cuts)).toEqual({ values: JSON.parse(body) as unknown[] });
  });

  it('given an empty array, with or without whitespace, then there are no elements', () => {
    expect(split('[]')).toEqual({ values: [] });
    expect(split(' \n[ \t]\r\n', [1, 3])).toEqual({ values: [] });
  });

  it('hands elements out as soon as their chunk completes them, before the array ends', () => {
    const splitter = new JsonArraySplitter();
    expect(splitter.push(Buffer.from('[{"id":1},{"id":2},{"id"'))).toEqual([{ id: 1 }, { id: 2 }]);
    expect(splitter.push(Buffer.from(':3}'))).toEqual([{ id: 3 }]);
    expect(splitter.push(Buffer.from(',4'))).toEqual([]); // a number may go on: 4 or 42
    expect(splitter.push(Buffer.from('2]'))).toEqual([42]);
    splitter.end();
    expect([splitter.elements, splitter.bytes]).toEqual([4, 31]);
  });

  it('accepts a plain Uint8Array as well as a Buffer', () => {
    expect(new JsonArraySplitter().push(new TextEncoder().encode('[1,2,'))).toEqual([1, 2]);
  });
});

describe('raw elements (pushRaw)', () => {
  /** Feeds `body` cut at `cuts` with pushRaw; each element's text and parsed value. */
  function splitRaw(body: string, cuts: number[]): { text: string; value: unknown; index: number }[] {
    const bytes = Buffer.from(body);
    const splitter = new JsonArraySplitter();
    const out: { text: string; value: unknown; index: number }[] = [];
    const points = [...new Set(cuts.filter((cut) => cut > 0 && cut < bytes.length))].sort((a, b) => a - b);
    let from = 0;
    for (const to of [...points, bytes.length]) {
      const elements = splitter.pushRaw(bytes.subarray(from, to));
      for (let k = 0; k < elements.count; k++) {
        const start = elements.bounds[2 * k]!;
        const end = elements.bounds[2 * k + 1]!;
        out.push({ text: elements.region.toString('utf8', start - elements.regionStart, end - elements.regionStart), value: JsonArraySplitter.parseElement(elements, k), index: elements.first + k });
      }
      from = to;
    }
    splitter.end();
    return out;
  }

  it('given any JSON array cut anywhere, then each element comes out as its own bytes, parsing to what JSON.parse reads', () => {
    fc.assert(
      fc.property(fc.array(fc.jsonValue()), fc.array(fc.nat({ max: 400 }), { maxLength: 8 }), (array, cuts) => {
        const body = JSON.stringify(array);
        const out = splitRaw(body, cuts);
        expect(out.map((e) => e.value)).toEqual(JSON.parse(body) as unknown[]);
        expect(out.map((e) => e.text)).toEqual(array.map((v) => JSON.stringify(v)));
        expect(out.map((e) => e.index)).toEqual(array.map((_, i) => i));
      }),
      { numRuns: 300 },
    );
  });

  it('given an element that is not valid JSON, then parseElement names it and the position, never its text', () => {
    const secret = 'hunter2-SECRET';
    const body = `[{"id":1},{"id":2,"password":"${secret}" "x":1}]`;
    const splitter = new JsonArraySplitter();
    const elements = splitter.pushRaw(Buffer.from(body));
    expect(JsonArraySplitter.parseElement(elements, 0)).toEqual({ id: 1 });
    const error = (() => { try { JsonArraySplitter.parseElement(elements, 1); } catch (e) { return e as JsonArrayError; } throw new Error('expected a syntax error'); })();
    expect(error).toMatchObject({ problem: 'syntax', elementIndex: 1 });
    expect(error.message).toBe(`element 1 (bytes 10-${body.length - 1}) is not valid JSON: Expected ',' or '}' after property value at byte ${body.indexOf('"x"')}`);
    expect(error.message).not.toContain(secret);
  });
});

describe('bodies that are not a JSON array', () => {
  it.each([
    ['', 'empty', 'expected a JSON array, got an empty body'],
    ['  \n ', 'empty', 'expected a JSON array, got an empty body'],
    ['{"status":"error","message":"secret"}', 'not-array', 'expected a JSON array, got a JSON object'],
    ['"secret"', 'not-array', 'expected a JSON array, got a JSON string'],
    ['42', 'not-array', 'expected a JSON array, got a number'],
    ['null', 'not-array', 'expected a JSON array, got a literal (true, false or null)'],
    ['<!DOCTYPE html><html>secret</html>', 'not-array', 'expected a JSON array, got markup (an HTML or XML page)'],
    ['\uFEFF[]', 'not-array', 'expected a JSON array, got bytes that are not JSON'],
  ])('given %j, then the problem is %s', (body, problem, message) => {
    const error = errorOf(split(body));
    expect(error).toMatchObject({ problem, message });
  });
});

describe('broken arrays: positions, never payload', () => {
  const secret = 'hunter2-SECRET';

  it('given a body cut off inside an element, then it names the byte and the element', () => {
    const body = `[{"id":1},{"id":2,"password":"${secret}`;
    const error = errorOf(split(body, [12]));
    expect(error).toMatchObject({ problem: 'truncated', byteOffset: Buffer.byteLength(body), elementIndex: 1 });
    expect(error.message).toBe(`the body ends at byte ${Buffer.byteLength(body)}, inside element 1 (which starts at byte 10)`);
  });

  it('given a body cut off between elements or before the first, then it says so', () => {
    expect(errorOf(split('[{"id":1},')).message).toBe("the body ends at byte 10, after element 0, before the array's closing ']'");
    expect(errorOf(split('[')).message).toBe("the body ends at byte 1, before the array's closing ']'");
  });

  it('given an invalid element, then the error names it, its bytes and the position of the fault, without its text', () => {
    const body = `[{"id":1},{"id":2,"password":"${secret}" "x":1},{"id":3}]`;
    const error = errorOf(split(body));
    expect(error.problem).toBe('syntax');
    expect(error.elementIndex).toBe(1);
    expect(error.message).toBe(`element 1 (bytes 10-${body.indexOf(',{"id":3}')}) is not valid JSON: Expected ',' or '}' after property value at byte ${body.indexOf('"x"')}`);
    expect(error.message).not.toContain(secret);
  });

  it('given an unexpected token inside an element (where V8 quotes the input), then the message keeps none of it', () => {
    const error = errorOf(split(`[{"password":${secret}}]`));
    expect(error).toMatchObject({ problem: 'syntax', elementIndex: 0, message: 'element 0 (bytes 1-28) is not valid JSON: unexpected character' });
  });

  it.each([
    ['[1 2]', 'not valid JSON at byte 3: expected \',\' or \']\' after element 0'],
    ['[{"a":1}{"b":2}]', 'not valid JSON at byte 8: expected \',\' or \']\' after element 0'],
    ['[1,]', "not valid JSON at byte 3: expected an element after ',' (a trailing comma)"],
    ['[,1]', 'not valid JSON at byte 1: expected an element'],
    ['[1,,2]', 'not valid JSON at byte 3: expected an element'],
  ])('given %j, then: %s', (body, message) => {
    expect(errorOf(split(body))).toMatchObject({ problem: 'syntax', message });
  });

  it('given data after the closing bracket, then it names the byte', () => {
    expect(errorOf(split('[1] {"password":"x"}'))).toMatchObject({ problem: 'trailing-data', byteOffset: 4, message: "unexpected data after the array's closing ']' at byte 4" });
  });
});

describe('agreement with JSON.parse (property)', () => {
  const cutsArbitrary = fc.array(fc.nat({ max: 400 }), { maxLength: 8 });

  it('given any JSON array, printed compact or indented and cut anywhere, then the elements equal JSON.parse', () => {
    fc.assert(
      fc.property(fc.array(fc.jsonValue()), fc.constantFrom(undefined, 1, '\t'), cutsArbitrary, (array, indent, cuts) => {
        const body = JSON.stringify(array, null, indent);
        expect(split(body, cuts)).toEqual({ values: JSON.parse(body) as unknown[] });
      }),
      { numRuns: 400 },
    );
  });

  it('given a JSON array with one byte changed, removed or added, then it is accepted exactly when JSON.parse accepts it as an array', () => {
    const edit = fc.record({ at: fc.nat(), kind: fc.constantFrom('replace', 'delete', 'insert'), byte: fc.constantFrom(...'[]{},:"\\ 0-e.tfn\u00e9x') });
    fc.assert(
      fc.property(fc.array(fc.jsonValue({ maxDepth: 3 }), { maxLength: 5 }), edit, cutsArbitrary, (array, { at, kind, byte }, cuts) => {
        const text = JSON.stringify(array);
        const p = at % (text.length + 1);
        const body = kind === 'insert' ? text.slice(0, p) + byte + text.slice(p) : text.slice(0, p) + (kind === 'replace' ? byte : '') + text.slice(p + 1);
        let expected: unknown;
        try {
          expected = JSON.parse(body);
        } catch {
          expected = undefined;
        }
        const result = split(body, cuts);
        if (Array.isArray(expected)) expect(result).toEqual({ values: expected });
        else expect(result).toHaveProperty('error');
      }),
      { numRuns: 2000 },
    );
  });
});
