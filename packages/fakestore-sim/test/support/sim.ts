import { afterAll, beforeAll } from 'vitest';
import { startSim, type RunningSim, type SimOptions } from '../../src/index.js';

/** Starts one simulator for the file (on a free port) and stops it afterwards. */
export function useSim(options: SimOptions = {}): () => RunningSim {
  let sim: RunningSim | undefined;
  beforeAll(async () => {
    sim = await startSim({ port: 0, ...options });
  });
  afterAll(async () => {
    await sim?.close();
  });
  return () => {
    if (sim === undefined) throw new Error('the simulator has not started');
    return sim;
  };
}

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
}

/** One request, answer fully read. */
export async function call(sim: RunningSim, path: string, init: RequestInit = {}): Promise<Answer> {
  const response = await fetch(`${sim.url}${path}`, init);
  return { status: response.status, headers: response.headers, text: await response.text() };
}

export const sendJson = (method: string, body: unknown): RequestInit => ({
  method,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

export const parse = <T = unknown>(answer: Answer): T => JSON.parse(answer.text) as T;
