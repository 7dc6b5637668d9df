/**
 * What `JSON.parse` objected to, without the input it quotes. Pure.
 *
 * V8's messages can carry a slice of the text (`Unexpected token '<', ..."pw-7f3Kq9"},<html><bod"... is
 * not valid JSON`), which for an API body may hold a password. Only V8's own wording (a fixed template, with
 * no quoted input) and a position are kept.
 */

export interface JsonSyntaxProblem {
  /** V8's description when it is one of its fixed templates, e.g. `Expected ',' or '}' after property value`. */
  problem: string;
  /** UTF-16 index in the parsed text, when V8 gave one; `byteOffsetOf` turns it into bytes. */
  position?: number;
}

// Templates such as "Expected ',' or ']' after array element in JSON at position 12 (line 1 column 13)".
// The character class has no double quote, so V8's quoted slices of input never match.
const positioned = /^([A-Z][A-Za-z ',:[\]{}-]{0,80}?) in JSON at position (\d+)/;

export function describeJsonSyntaxError(error: unknown): JsonSyntaxProblem {
  const message = error instanceof Error ? error.message : '';
  if (message === 'Unexpected end of JSON input') return { problem: 'it ends early' };
  const match = positioned.exec(message);
  if (match) return { problem: match[1]!, position: Number(match[2]) };
  if (message.startsWith('Unexpected token')) return { problem: 'unexpected character' };
  return { problem: 'not valid JSON' };
}

/** Bytes of UTF-8 before UTF-16 index `position` of `text`. */
export function byteOffsetOf(text: string, position: number): number {
  return Buffer.byteLength(text.slice(0, position));
}
