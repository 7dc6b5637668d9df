import { describe, expect, it } from 'vitest';
import { useColor } from './color.js';

const terminal = { isTTY: true, hasColors: () => true };
const pipe = { isTTY: false };

describe('useColor', () => {
  it('given a terminal that has colours, then colour; given a pipe or a file, then none', () => {
    expect(useColor(terminal, {})).toBe(true);
    expect(useColor(pipe, {})).toBe(false);
    expect(useColor(undefined, {})).toBe(false);
    expect(useColor({ isTTY: true, hasColors: () => false }, {})).toBe(false);
  });

  it('given NO_COLOR set, then never colour, even on a terminal or with FORCE_COLOR', () => {
    expect(useColor(terminal, { NO_COLOR: '1' })).toBe(false);
    expect(useColor(pipe, { NO_COLOR: '1', FORCE_COLOR: '1' })).toBe(false);
  });

  it('given FORCE_COLOR, then colour even in a pipe, unless it is 0 or false; an empty NO_COLOR does not count', () => {
    expect(useColor(pipe, { FORCE_COLOR: '1' })).toBe(true);
    expect(useColor(terminal, { FORCE_COLOR: '0' })).toBe(false);
    expect(useColor(terminal, { FORCE_COLOR: 'false' })).toBe(false);
    expect(useColor(terminal, { NO_COLOR: '' })).toBe(true);
  });
});
