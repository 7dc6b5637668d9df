import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { envelopeLineWriter, toEnvelope, toJsonLines } from './envelope.js';

const meta = { runId: '0b9f6c1e-8a43-4c1b-9d6e-2f1a3b4c5d6e', ingestedAt: '2026-11-26T12:00:00.000Z', source: 'http://127.0.0.1:1/users' };

describe('record envelope', () => {
  it('wraps the payload with run id, ingestion time and source', () => {
    const envelope = toEnvelope({ id: 1, title: 'x' }, meta);
    expect(envelope).toEqual({
      _run_id: meta.runId,
      _ingested_at: meta.ingestedAt,
      _source: meta.source,
      payload: { id: 1, title: 'x' },
    });
  });

  it('never carries a password, at any depth, and leaves the input untouched', () => {
    const user = { id: 1, password: 'hunter2', nested: { Password: 'x', list: [{ password: 'y', keep: 1 }] } };
    const envelope = toEnvelope(user, meta);
    expect(JSON.stringify(envelope)).not.toMatch(/password|hunter2/i);
    expect(envelope.payload).toEqual({ id: 1, nested: { list: [{ keep: 1 }] } });
    expect(user.password).toBe('hunter2');
  });

  it('keeps unknown fields, so API schema drift reaches bronze', () => {
    expect(toEnvelope({ id: 1, brandNewField: [1, 'two'] }, meta).payload).toEqual({ id: 1, brandNewField: [1, 'two'] });
  });

  it('serialises one compact object per line with a trailing newline', () => {
    expect(toJsonLines([{ a: 1 }, { b: 2 }])).toBe('{"a":1}\n{"b":2}\n');
    expect(toJsonLines([])).toBe('');
  });

  it('writes each line exactly as the envelope object would serialise, secrets removed', () => {
    const line = envelopeLineWriter({ ...meta, source: 'http://x/"quoted"\\path' });
    fc.assert(
      fc.property(fc.jsonValue(), fc.string(), (value, password) => {
        const record = { id: 1, password, value };
        return line(record) === `${JSON.stringify(toEnvelope(record, { ...meta, source: 'http://x/"quoted"\\path' }))}\n`;
      }),
    );
  });
});
