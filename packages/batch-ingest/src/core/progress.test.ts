import { describe, expect, it } from 'vitest';
import { formatProgress } from './progress.js';

describe('formatProgress', () => {
  it('shows nothing before any byte arrived', () => {
    expect(formatProgress(new Map())).toBe('');
  });

  it('shows bytes and percentage when the size is known, bytes alone when not', () => {
    const states = new Map([
      ['products', { loaded: 1_200_000, total: 4_800_000 }],
      ['users', { loaded: 800 }],
    ]);
    expect(formatProgress(states)).toBe('downloading products 1.2 MB / 4.8 MB (25%), users 800 B');
  });
});
