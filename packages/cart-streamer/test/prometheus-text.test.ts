import { describe, expect, it } from 'vitest';
import { parsePrometheusText, sampleValue } from './support/prometheus-text.js';

describe('parsePrometheusText (the tests\' reader of /metrics)', () => {
  it('given families with labels, escapes, special values and a labelled histogram, then each sample with its labels and value', () => {
    const families = parsePrometheusText([
      '# HELP a_total Things, with a \\\\ backslash',
      '# TYPE a_total counter',
      'a_total{kind="x\\"y",other="1"} 3',
      '# TYPE g gauge',
      'g NaN',
      '# TYPE h histogram',
      'h_bucket{le="1",outcome="ok"} 2',
      'h_bucket{le="+Inf",outcome="ok"} 3',
      'h_sum{outcome="ok"} 4.5',
      'h_count{outcome="ok"} 3',
      '',
    ].join('\n'));
    expect(families.get('a_total')).toMatchObject({ type: 'counter', help: 'Things, with a \\ backslash' });
    expect(sampleValue(families, 'a_total', { kind: 'x"y' })).toBe(3);
    expect(sampleValue(families, 'g')).toBeNaN();
    expect(sampleValue(families, 'h_bucket', { outcome: 'ok', le: '+Inf' })).toBe(3);
    expect(sampleValue(families, 'h_sum', { outcome: 'ok' })).toBe(4.5);
    expect(sampleValue(families, 'h_count', { outcome: 'ok' })).toBe(3);
  });

  it.each([
    ['a sample of no declared family', 'x 1\n'],
    ['a value that is not a number', '# TYPE x gauge\nx one\n'],
    ['broken labels', '# TYPE x gauge\nx{a=1} 1\n'],
    ['an unknown type', '# TYPE x meter\n'],
    ['a family declared twice', '# TYPE x gauge\n# TYPE x gauge\n'],
  ])('given %s, then it throws', (_what, text) => {
    expect(() => parsePrometheusText(text)).toThrow();
  });

  it('given a sample that is missing or ambiguous, then sampleValue throws', () => {
    const families = parsePrometheusText('# TYPE c counter\nc{a="1"} 1\nc{a="2"} 2\n');
    expect(() => sampleValue(families, 'c')).toThrow('2 samples of c');
    expect(() => sampleValue(families, 'c', { a: '3' })).toThrow('0 samples of c');
  });
});
