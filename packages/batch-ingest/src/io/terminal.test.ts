import { createLogger } from '@fakestore/shared-core';
import { describe, expect, it } from 'vitest';
import { createStatusLine, type TerminalStream } from './terminal.js';

/** stdout and stderr of one terminal: what is written to either lands on the same screen. */
function screen() {
  let text = '';
  const stream: TerminalStream = { write: (chunk: string) => (text += chunk) };
  /** The lines as a terminal shows them: `\r` + erase-line drops what the line held so far. */
  const lines = () => text.split('\n').map((line) => line.split('\r\x1b[2K').at(-1)!).filter((line) => line !== '');
  return { stream, lines };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

describe('a status line and log lines on one terminal', () => {
  it('given a log line while the progress line is shown, then the log line starts on a line of its own and the progress is drawn again below it', async () => {
    const terminal = screen();
    let clock = 1000;
    const status = createStatusLine(terminal.stream, terminal.stream, { now: () => clock });
    const logger = createLogger({ name: 'batch-ingest', format: 'pretty', colorize: false, destination: status.logDestination });

    clock += 400;
    status.update('users', 69_000_000, undefined);
    logger.warn('GET http://127.0.0.1:3999/users failed (socket hang up); retrying in 450 ms');
    await settle();
    clock += 200;
    status.update('users', 70_000_000, undefined);

    const lines = terminal.lines();
    expect(lines.find((line) => line.includes('WARN'))).toMatch(/^\[\d\d:\d\d:\d\d(\.\d{3})?\] WARN/);
    expect(lines.filter((line) => line.includes('downloading') && line.includes('WARN'))).toEqual([]);
    expect(lines.at(-1)).toBe('downloading users 70.0 MB');
    status.done();
    expect(terminal.lines().filter((line) => line.startsWith('downloading'))).toEqual([]);
  });

  it('(control) given the same log line written straight to the terminal, then it runs into the progress line, so the check above can fail', async () => {
    const terminal = screen();
    let clock = 1000;
    const status = createStatusLine(terminal.stream, terminal.stream, { now: () => clock });
    const { Writable } = await import('node:stream');
    const straight = new Writable({ write: (chunk: Buffer, _encoding, done) => { terminal.stream.write(chunk.toString()); done(); } });
    const logger = createLogger({ name: 'batch-ingest', format: 'pretty', colorize: false, destination: straight });

    clock += 400;
    status.update('users', 69_000_000, undefined);
    logger.warn('retrying');
    await settle();

    expect(terminal.lines().some((line) => line.includes('downloading users 69.0 MB[') && line.includes('WARN'))).toBe(true);
  });

  it('shows nothing for a download faster than the delay, and nothing after done', () => {
    const terminal = screen();
    let clock = 1000;
    const status = createStatusLine(terminal.stream, terminal.stream, { now: () => clock });
    status.update('products', 1000, 2000);
    clock += 100;
    status.update('products', 2000, 2000);
    status.done();
    clock += 1000;
    status.update('products', 2000, 2000);
    expect(terminal.lines()).toEqual([]);
  });
});
