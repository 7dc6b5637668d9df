import { setTimeout as sleep } from 'node:timers/promises';
import type { RunningProcess } from '@fakestore/test-utils';
import { type Family, parsePrometheusText } from './prometheus-text.js';

/** The port the streamer logged it serves /healthz and /metrics on (`--http-port 0` picks one). */
export function httpPortOf(streamer: RunningProcess): number {
  const match = /"http_port":(\d+)/.exec(streamer.stdout());
  if (!match) throw new Error(`the streamer logged no http_port:\n${streamer.stdout()}${streamer.stderr()}`);
  return Number(match[1]);
}

export interface HealthBody {
  status: string;
  reason: string;
  last_success_at: string | null;
  last_cycle_at: string | null;
  cycle_started_at: string | null;
  last_outcome: string | null;
  consecutive_failures: number;
  last_error: string | null;
}

export async function getHealth(port: number): Promise<{ status: number; body: HealthBody }> {
  const response = await fetch(`http://127.0.0.1:${port}/healthz`);
  return { status: response.status, body: (await response.json()) as HealthBody };
}

export async function getMetrics(port: number): Promise<Map<string, Family>> {
  const response = await fetch(`http://127.0.0.1:${port}/metrics`);
  if (response.status !== 200) throw new Error(`GET /metrics: ${response.status}`);
  return parsePrometheusText(await response.text());
}

/** Polls `probe` until it returns a value (not undefined), or fails after `timeoutMs` saying what it waited for. */
export async function eventually<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(50);
  }
}
