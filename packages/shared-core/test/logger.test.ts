import { readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/index.js';

/** Every line a logger writes. */
function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  return { destination, lines, text: () => lines.join('\n') };
}

const users = JSON.parse(readFileSync(new URL('../../fakestore-sim/data/users.json', import.meta.url), 'utf8')) as { password: string; email: string }[];
const realPasswords = users.map((user) => user.password);

describe('createLogger (JSON, not a TTY)', () => {
  it('writes one JSON object per line with name, level label, Cloud Logging severity and ISO time', () => {
    const out = capture();
    createLogger({ name: 'batch-ingest', format: 'json', destination: out.destination }).warn({ rows: 3 }, 'slow');
    const line = JSON.parse(out.lines[0]!) as Record<string, unknown>;
    expect(line).toMatchObject({ name: 'batch-ingest', level: 'warn', severity: 'WARNING', rows: 3, msg: 'slow' });
    expect(new Date(line.time as string).toISOString()).toBe(line.time);
  });

  it('respects the level', () => {
    const out = capture();
    const logger = createLogger({ name: 't', level: 'warn', format: 'json', destination: out.destination });
    logger.info('hidden');
    logger.error('shown');
    expect(out.lines).toHaveLength(1);
  });

  it('never writes a real user password, logged as a user, a list of users or deep inside a payload', () => {
    const out = capture();
    const logger = createLogger({ name: 't', format: 'json', destination: out.destination });
    logger.info({ user: users[0] }, 'one user');
    logger.info({ users }, 'all users');
    logger.info({ response: { data: { items: users } } }, 'nested');
    logger.info(users[1]!, 'merged at the top level');
    expect(realPasswords.length).toBeGreaterThan(0);
    for (const password of realPasswords) expect(out.text()).not.toContain(password);
    expect(out.text()).toContain('[Redacted]');
    expect(out.text()).toContain(users[0]!.email);
  });

  it('never writes an Authorization header of an axios-like error', () => {
    const out = capture();
    const logger = createLogger({ name: 't', format: 'json', destination: out.destination });
    const error = Object.assign(new Error('Request failed with status code 401'), {
      config: { url: 'https://api.test', headers: { Authorization: 'Bearer sekret-bearer-1', 'x-api-key': 'sekret-key-2' } },
      request: { headers: { authorization: 'Bearer sekret-bearer-3' } },
    });
    logger.error({ err: error }, 'failed');
    logger.error(error, 'failed again');
    logger.warn({ headers: { authorization: 'Bearer sekret-bearer-4', cookie: 'session=sekret-cookie-5' } }, 'request');
    expect(out.text()).not.toMatch(/sekret/);
    expect(out.text()).toContain('Request failed with status code 401');
    expect(out.text()).toContain('https://api.test');
  });

  it('never writes the private key of a service-account key file, nor OAuth tokens', () => {
    const out = capture();
    const logger = createLogger({ name: 't', format: 'json', destination: out.destination });
    const keyFile = { type: 'service_account', client_email: 'sa@p.iam.gserviceaccount.com', private_key_id: 'sekret-id', private_key: '-----BEGIN PRIVATE KEY-----\nsekret\n' };
    logger.info({ keyFile }, 'loaded key');
    logger.info({ credentials: { keyFile } }, 'nested key');
    logger.info({ auth: { access_token: 'sekret-a', refresh_token: 'sekret-r', id_token: 'sekret-i', client_secret: 'sekret-c', token: 'sekret-t' } }, 'tokens');
    expect(out.text()).not.toMatch(/sekret|BEGIN PRIVATE KEY/);
    expect(out.text()).toContain('sa@p.iam.gserviceaccount.com');
  });
});

describe('createLogger (format)', () => {
  const tick = () => new Promise((resolve) => setImmediate(resolve));

  it('given format auto and a destination that is not a TTY, then JSON lines', () => {
    const out = capture();
    createLogger({ name: 't', format: 'auto', destination: out.destination }).info({ rows: 3 }, 'done');
    expect(JSON.parse(out.lines[0]!)).toMatchObject({ msg: 'done', rows: 3 });
  });

  it('given format auto and a TTY, then pretty lines', async () => {
    const out = capture();
    const tty = Object.assign(out.destination, { isTTY: true, columns: 120 });
    createLogger({ name: 't', format: 'auto', destination: tty, env: { NO_COLOR: '1' } }).info({ rows: 3 }, 'done');
    await tick();
    expect(out.lines).toEqual([expect.stringMatching(/^\[\d\d:\d\d:\d\d\] INFO \(t\): done rows=3$/)]);
  });

  it('given a bulky event in pretty mode, then one line within the width: the message whole, nested objects left out, long values cut', async () => {
    const out = capture();
    const logger = createLogger({ name: 'batch-ingest', format: 'pretty', destination: out.destination, env: {} });
    const product = { id: 1, title: 'Fjallraven - Foldsack No. 1 Backpack, Fits 15 Laptops', description: 'x'.repeat(300) };
    logger.info(
      { product, entities: ['products', 'users'], journal: `/tmp/${'deep/'.repeat(20)}push-journal.json`, rows: 20, ok: true, url: 'http://127.0.0.1:3999' },
      'products: 20 rows written\nto the lake',
    );
    logger.info({ journal: `/tmp/${'deep/'.repeat(20)}push-journal.json` }, 'pending');
    logger.error({ err: new Error('connect ECONNREFUSED 127.0.0.1:9') }, 'fetch failed');
    await tick();
    expect(out.lines).toHaveLength(3);
    for (const line of out.lines) expect(line.length).toBeLessThanOrEqual(100);
    const [info, pending, error] = out.lines as [string, string, string];
    expect(info).toMatch(/\): products: 20 rows written to the lake entities=\[2\] ok=true$/); // rows=20: the message says it
    expect(pending).toMatch(/\): pending journal=\/tmp\/deep\/dee….*\/push-journal\.json$/);
    expect(pending.slice(pending.indexOf('journal='))).toHaveLength('journal='.length + 40);
    expect(error).toMatch(/ERROR \(batch-ingest\): fetch failed err="connect ECONNREFUSED 127\.0\.0\.1:9"$/);
    expect(error).not.toMatch(/\bat /);
  });

  it('given fields whose value the message already says, then they are left out', async () => {
    const out = capture();
    const logger = createLogger({ name: 'fakestore-sim', format: 'pretty', destination: out.destination, env: {} });
    logger.info({ method: 'GET', path: '/carts?limit=2', status: 200, duration_ms: 38, bytes: 1200 }, 'GET /carts?limit=2 200 38ms');
    await tick();
    expect(out.lines[0]).toMatch(/\): GET \/carts\?limit=2 200 38ms bytes=1200$/);
  });

  it('given a message too long for the line, then its longest words (paths, ids) are cut in the middle, every word kept', async () => {
    const out = capture();
    const logger = createLogger({ name: 'cart-streamer', format: 'pretty', destination: out.destination, env: {} });
    logger.info({ mode: 'local' }, `local mode -> local event log /tmp/cart-streamer-${'x'.repeat(40)}/events, one cycle`);
    await tick();
    expect(out.lines[0]!.length).toBeLessThanOrEqual(100);
    expect(out.lines[0]).toMatch(/\): local mode -> local event log \/tmp\/ca…x+\/events, one cycle$/); // mode=local: the message says it
  });

  it('given fields that do not fit, then they are dropped and a message of short words is kept whole', async () => {
    const out = capture();
    const message = 'word '.repeat(30).trim();
    createLogger({ name: 't', format: 'pretty', destination: out.destination, width: 80, env: {} }).info({ rows: 1 }, message);
    await tick();
    expect(out.lines[0]).toMatch(new RegExp(`INFO \\(t\\): ${message}$`));
  });

  it('given pretty mode, then colour follows NO_COLOR and FORCE_COLOR, never the pipe alone', async () => {
    const plain = capture();
    createLogger({ name: 't', format: 'pretty', destination: plain.destination, env: {} }).warn('plain');
    const forced = capture();
    createLogger({ name: 't', format: 'pretty', destination: forced.destination, env: { FORCE_COLOR: '1' } }).warn('forced');
    const vetoed = capture();
    createLogger({ name: 't', format: 'pretty', destination: vetoed.destination, env: { FORCE_COLOR: '1', NO_COLOR: '1' } }).warn('vetoed');
    await tick();
    expect(plain.text()).not.toContain('\u001b');
    expect(forced.text()).toContain('\u001b[');
    expect(vetoed.text()).not.toContain('\u001b');
  });
});

describe('createLogger (pretty, a TTY)', () => {
  it('writes human-readable lines, still redacted', async () => {
    const out = capture();
    const logger = createLogger({ name: 'cart-streamer', format: 'pretty', destination: out.destination });
    logger.info({ user: users[0] }, 'poll done');
    await new Promise((resolve) => setImmediate(resolve));
    expect(out.text()).toMatch(/INFO.*poll done/);
    expect(() => JSON.parse(out.lines[0]!) as unknown).toThrow();
    for (const password of realPasswords) expect(out.text()).not.toContain(password);
  });
});
