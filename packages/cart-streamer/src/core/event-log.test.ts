import { describe, expect, it } from 'vitest';
import { localMessageId, toEventLogRow } from './event-log.js';
import { eventLogFile, fileStamp, outboxFile, stateBackupFile } from './paths.js';

const message = { orderingKey: 'cart_1', attributes: { 'ce-id': 'abc' }, data: '{"cart_id":1}' };

describe('event log rows', () => {
  it('have the fields a BigQuery subscription writes with metadata, in its order', () => {
    const row = toEventLogRow(message, { subscriptionName: 's', messageId: '1', publishTime: '2026-11-26T12:00:00.000Z' });
    expect(Object.keys(row)).toEqual(['subscription_name', 'message_id', 'publish_time', 'attributes', 'data']);
    expect(row.data).toBe('{"cart_id":1}');
  });

  it('get a decimal message id that stays the same when the event is re-emitted', () => {
    expect(localMessageId(message)).toMatch(/^\d+$/);
    expect(localMessageId({ ...message })).toBe(localMessageId(message));
    expect(localMessageId({ ...message, attributes: { 'ce-id': 'abd' } })).not.toBe(localMessageId(message));
  });

  it('of a UUID event id are its last 48 bits, in decimal (as every earlier version wrote them)', () => {
    const uuid = (tail: string) => ({ ...message, attributes: { 'ce-id': `6f1f8a52-3c2e-4f7e-9b0a-${tail}` } });
    expect(localMessageId(uuid('000000000001'))).toBe('1');
    expect(localMessageId(uuid('000001000000'))).toBe('16777216');
    expect(localMessageId(uuid('ffffffffffff'))).toBe('281474976710655');
    expect(localMessageId(uuid('00000100000a'))).not.toBe(localMessageId(uuid('00000a000001')));
    // Not a lowercase UUID: hashed, still decimal.
    expect(localMessageId(uuid('FFFFFFFFFFFF'))).toMatch(/^\d{1,16}$/);
  });
});

describe('paths', () => {
  it('put a batch in the date partition of its detection time, named so files sort by time', () => {
    expect(fileStamp('2026-11-26T12:00:00.123Z')).toBe('20261126T120000123Z');
    expect(eventLogFile('/e', { id: 'b1', createdAt: '2026-11-26T23:59:59.999Z' })).toBe('/e/carts-events/date=2026-11-26/20261126T235959999Z-b1.jsonl');
  });

  it('keep the outbox and backups next to the state file', () => {
    expect(outboxFile('state/carts_state.json')).toBe('state/carts_state.outbox.json');
    expect(outboxFile('/s/state')).toBe('/s/state.outbox.json');
    expect(stateBackupFile('state/carts_state.json', '2026-11-26T12:00:00.000Z')).toBe('state/carts_state.json.bak-20261126T120000000Z');
  });
});
