import { join } from 'node:path';
import { type TempDir, cliEntry, makeTempDir, realDataSet, runCommand } from '@fakestore/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useBodyServer } from './support/body-server.js';

const server = useBodyServer();

const ESC = '\u001b';

/** The lines of a terminal session as shown: colours dropped, and `\r` + erase-line dropping what the line held so far. */
function shownLines(output: string): string[] {
  return output
    .replace(/\r\n/g, '\n')
    .replace(new RegExp(`${ESC}\\[[0-9;]*m`, 'g'), '')
    .split('\n')
    .map((line) => line.split(`\r${ESC}[2K`).at(-1)!.replace(/\r$/, ''))
    .filter((line) => line.trim() !== '');
}

describe('batch-ingest on a terminal', () => {
  let dir: TempDir;
  beforeEach(async () => { dir = await makeTempDir('batch-ingest-tty-'); });
  afterEach(async () => { await dir.remove(); });

  it('given a retry warning while the progress line is shown, then the warning starts a line of its own and the progress line never runs into a log line', async () => {
    const users = JSON.stringify(realDataSet('users'));
    const products = JSON.stringify(realDataSet('products'));
    const piecesOf = (text: string, count: number) => Array.from({ length: count }, (_, index) => text.slice((index * text.length) / count, ((index + 1) * text.length) / count));
    server.serve({
      // users trickle for about two seconds, so the progress line is up the whole run
      '/users': { chunks: piecesOf(users, 40), pauseMs: 50 },
      // products: the first transfer is cut halfway (a retry and its warning), the second is whole
      '/products': [{ chunks: piecesOf(products, 20).slice(0, 10), pauseMs: 80, cut: true }, { chunks: [products] }],
    });
    const command = [process.execPath, cliEntry('batch-ingest'), '--local-only', '--api-url', server.url(), '--data-dir', join(dir.path, 'data')];

    // script(1) runs the CLI on a pseudo-terminal: stdout and stderr are both that TTY, as in a shell.
    const result = await runCommand('script', ['-qec', command.map((arg) => `'${arg}'`).join(' '), '/dev/null'], {
      cwd: dir.path,
      env: { PATH: process.env.PATH ?? '', TERM: 'xterm' },
    });

    expect(result.code).toBe(0);
    expect(result.stdout).toContain('downloading users');
    const lines = shownLines(result.stdout);
    expect(lines.find((line) => line.includes('WARN'))).toMatch(/^\[\d\d:\d\d:\d\d(\.\d{3})?\] WARN \(batch-ingest\): GET http:\/\/\S*\/products failed/);
    expect(lines.filter((line) => line.includes('downloading') && /INFO|WARN/.test(line))).toEqual([]);
    expect(lines.some((line) => /^products\s+ok\s+20\s+20\s+0\s+0\b/.test(line))).toBe(true);
  });
});
