import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { jsonArrayResponse, jsonResponse } from './response.js';
import { writeResponse } from './write-response.js';

/** A response whose socket buffer is always full: every write asks the writer to wait for 'drain'. */
class SlowResponse extends EventEmitter {
  destroyed = false;
  status = 0;
  headers: Record<string, string> = {};
  writes: string[] = [];
  ended: string | undefined;
  writeHead(status: number, headers: Record<string, string>): void {
    this.status = status;
    this.headers = headers;
  }
  write(chunk: string): boolean {
    this.writes.push(chunk);
    return false;
  }
  end(chunk?: string | Buffer): void {
    this.ended = chunk === undefined ? '' : chunk.toString();
  }
}

const tick = () => new Promise((resolve) => setImmediate(resolve));
const records = (count: number) => Array.from({ length: count }, (_, index) => ({ id: index + 1 }));

describe('writing a response', () => {
  it('sends a small body whole, with its content-length', async () => {
    const res = new SlowResponse();
    await writeResponse(res as unknown as ServerResponse, jsonArrayResponse(records(3), 'carts'));
    expect(res.headers['content-length']).toBe(String(JSON.stringify(records(3)).length));
    expect(res.ended).toBe(JSON.stringify(records(3)));
  });

  it('streams a large array one chunk at a time, waiting for drain between chunks', async () => {
    const res = new SlowResponse();
    const done = writeResponse(res as unknown as ServerResponse, jsonArrayResponse(records(2500), 'carts'));
    await tick();
    expect(res.writes).toHaveLength(1);
    res.emit('drain');
    await tick();
    expect(res.writes).toHaveLength(2);
    res.emit('drain');
    await tick();
    expect(res.writes).toHaveLength(3);
    expect(res.ended).toBeUndefined();
    res.emit('drain');
    await done;
    expect(res.headers['content-length']).toBeUndefined();
    expect(JSON.parse(res.writes.join('') + (res.ended ?? ''))).toEqual(records(2500));
  });

  it('stops streaming when the client goes away', async () => {
    const res = new SlowResponse();
    const done = writeResponse(res as unknown as ServerResponse, jsonArrayResponse(records(5000), 'carts'));
    await tick();
    res.emit('close');
    await done;
    expect(res.writes).toHaveLength(1);
    expect(res.ended).toBeUndefined();
  });

  it('answers HEAD with headers only', async () => {
    const res = new SlowResponse();
    await writeResponse(res as unknown as ServerResponse, jsonResponse({ id: 1 }), true);
    expect(res.headers['content-length']).toBe('8');
    expect(res.ended).toBe('');
  });
});
