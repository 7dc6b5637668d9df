import { Readable, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { pipeUntilSilent } from './_silence.js';

/** A sink that takes `pauseMs` per chunk and reports progress after each, like an upload on a slow link; it goes silent after `silentAfter` chunks. */
function slowSink(pauseMs: number, silentAfter = Number.POSITIVE_INFINITY) {
  let taken = 0;
  const sink: Writable = new Writable({
    highWaterMark: 1,
    write(_chunk, _encoding, done) {
      if (taken++ >= silentAfter) return; // never calls back: a dead link
      setTimeout(() => {
        sink.emit('progress', { bytesWritten: taken });
        done();
      }, pauseMs);
    },
  });
  return sink;
}

const chunks = (count: number) => Readable.from(Array.from({ length: count }, () => Buffer.alloc(1024)), { objectMode: false });

describe('pipeUntilSilent', () => {
  it('given a slow but steady transfer lasting many times the bound, then it completes', async () => {
    const started = Date.now();
    await pipeUntilSilent(chunks(20), slowSink(40), 150);
    expect(Date.now() - started).toBeGreaterThan(600);
  });

  it('given a transfer that goes silent, then it fails once the silence lasts the bound', async () => {
    const started = Date.now();
    await expect(pipeUntilSilent(chunks(20), slowSink(10, 5), 150)).rejects.toThrow(/^no progress for 150 ms$/);
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
