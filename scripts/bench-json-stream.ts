// Streaming JSON-array parsers on a realistic body, against the floor of fetch + JSON.parse.
//
// Usage: make bench-json [ARGS='--carts 1000000 --products 1000000 --runs 3 --only client,streamparser']
//        (node scripts/bench-json-stream.ts ..., after `make build`)
//
// Starts fakestore-sim with --carts and --products synthetic records, then for /carts and /products
// runs each candidate in a fresh Node process, one after the other, --runs times (interleaved, so a
// busy machine weighs on all of them alike), and prints the median wall time, CPU time (user + system)
// of the transfer and parse (module loading excluded), and peak RSS of each, and their ratios to the floor:
//   floor         fetch() + response.text() + JSON.parse: the whole body as one string, then one array
//   client        shared-core's http.streamJsonArray (axios, retries, the splitter, the records
//                 iterable): what the pipeline's tools use
//   splitter      shared-core's JsonArraySplitter alone, on a node:http response
//   streamparser  @streamparser/json, paths ['$.*'], on a node:http response
//   stream-json   stream-json's parser() + streamArray(), on a node:http response
//   json-ext      @discoveryjs/json-ext parseChunked on a node:http response: JSON.parse of chunks, but
//                 it rebuilds the whole array (no element-by-element hand-off), so a reference only
// Every candidate reads each element's `id`, so none can skip the work, and the element counts must
// agree. Wall time includes the sim generating and sending the body, the same for every candidate.
// A benchmark, not a test: no figure fails it.
import { spawn } from 'node:child_process';
import http, { type IncomingMessage } from 'node:http';
import { loadavg } from 'node:os';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

// Each candidate imports its own modules, so a child's RSS holds only what its candidate uses.
const sharedCore = () => import('../packages/shared-core/dist/index.js');

interface Measured {
  name: string;
  elements: number;
  bytes?: number;
  wallMs: number;
  cpuMs: number;
  rssMB: number;
}

/** Loads what a candidate needs (not timed), then returns the run that is timed. */
type Candidate = () => Promise<(url: string) => Promise<{ elements: number; bytes?: number }>>;

const NODE_FLAGS = ['--disable-warning=ExperimentalWarning'];
const script = fileURLToPath(import.meta.url);
const simCli = fileURLToPath(new URL('../packages/fakestore-sim/dist/cli.js', import.meta.url));

let idSum = 0; // every candidate reads each element's id
const touch = (value: unknown) => {
  idSum += (value as { id: number }).id;
};

/** The response, as a Node stream of Buffers. */
const get = (url: string) =>
  new Promise<IncomingMessage>((resolve, reject) => {
    http.get(url, resolve).on('error', reject);
  });

const candidates: Record<string, Candidate> = {
  floor: () =>
    Promise.resolve(async (url: string) => {
      const text = await (await fetch(url)).text();
      const array = JSON.parse(text) as unknown[];
      for (const value of array) touch(value);
      return { elements: array.length, bytes: Buffer.byteLength(text) };
    }),
  client: async () => {
    const { createHttpClient } = await sharedCore();
    return async (url) => {
      const { origin, pathname } = new URL(url);
      const response = await createHttpClient({ baseUrl: origin }).streamJsonArray(pathname, async (records) => {
        let n = 0;
        for await (const { value } of records) {
          touch(value);
          n++;
        }
        return n;
      });
      return { elements: response.data, bytes: response.bytes };
    };
  },
  splitter: async () => {
    const { JsonArraySplitter } = await sharedCore();
    return async (url) => {
      const splitter = new JsonArraySplitter();
      let elements = 0;
      for await (const chunk of await get(url)) {
        for (const value of splitter.push(chunk as Buffer)) {
          touch(value);
          elements++;
        }
      }
      splitter.end();
      return { elements, bytes: splitter.bytes };
    };
  },
  streamparser: async () => {
    const { JSONParser } = await import('@streamparser/json');
    return async (url) => {
      const parser = new JSONParser({ paths: ['$.*'], keepStack: false });
      let elements = 0;
      let bytes = 0;
      parser.onValue = ({ value }) => {
        touch(value);
        elements++;
      };
      for await (const chunk of await get(url)) {
        bytes += (chunk as Buffer).length;
        parser.write(chunk as Buffer);
      }
      return { elements, bytes };
    };
  },
  'stream-json': async () => {
    const [{ parser }, { streamArray }, { default: chain }] = await Promise.all([import('stream-json'), import('stream-json/streamers/stream-array.js'), import('stream-chain')]);
    return async (url) => {
      let elements = 0;
      for await (const item of chain([await get(url), parser(), streamArray()])) {
        touch((item as { value: unknown }).value);
        elements++;
      }
      return { elements };
    };
  },
  'json-ext': async () => {
    const { parseChunked } = await import('@discoveryjs/json-ext');
    return async (url) => {
      const array = (await parseChunked(await get(url))) as unknown[];
      for (const value of array) touch(value);
      return { elements: array.length };
    };
  },
};

const { values: args } = parseArgs({
  options: {
    carts: { type: 'string', default: '1000000' },
    products: { type: 'string', default: '1000000' },
    runs: { type: 'string', default: '1' },
    only: { type: 'string', default: Object.keys(candidates).join(',') },
    candidate: { type: 'string' }, // a child: measure this one
    url: { type: 'string' },
  },
});

if (args.candidate !== undefined) await measureOne(args.candidate, args.url ?? '');
else await main();

// ----- the parent: the sim, the runs, the table -----

async function main(): Promise<void> {
  const only = args.only.split(',').filter(Boolean);
  const unknown = only.filter((name) => !(name in candidates));
  if (unknown.length > 0) fail(`unknown candidate(s): ${unknown.join(', ')}; known: ${Object.keys(candidates).join(', ')}`);
  const names = ['floor', ...only.filter((name) => name !== 'floor')];
  const runs = Number(args.runs);
  say(`bench-json: ${Number(args.carts).toLocaleString('en')} carts, ${Number(args.products).toLocaleString('en')} products, ${runs} run(s) of ${names.join(', ')}; load average ${loadAverage()}`);
  const sim = await startSim(['--carts', args.carts, '--products', args.products]);
  try {
    for (const path of ['/carts', '/products']) {
      const results = new Map<string, Measured[]>(names.map((name) => [name, []]));
      for (let run = 0; run < runs; run++) {
        for (const name of names) results.get(name)!.push(await runChild(name, `${sim.url}${path}`));
      }
      printTable(path, names, results);
    }
  } finally {
    sim.kill();
  }
  say(`load average at the end ${loadAverage()}`);
}

function printTable(path: string, names: string[], results: Map<string, Measured[]>): void {
  const median = (list: Measured[], key: 'wallMs' | 'cpuMs' | 'rssMB') => list.map((result) => result[key]).sort((a, b) => a - b)[Math.floor(list.length / 2)]!;
  const rows = names.map((name) => {
    const list = results.get(name)!;
    return { name, elements: list[0]!.elements, wallMs: median(list, 'wallMs'), cpuMs: median(list, 'cpuMs'), rssMB: median(list, 'rssMB') };
  });
  const floor = rows[0]!;
  const bytes = results.get('floor')![0]!.bytes ?? 0;
  const agree = new Set(rows.map((row) => row.elements)).size === 1;
  say(`\nGET ${path}: ${(bytes / 1e6).toFixed(1)} MB, ${floor.elements.toLocaleString('en')} elements${agree ? '' : '  (ELEMENT COUNTS DIFFER)'}`);
  say('candidate      wall s  x floor    cpu s  x floor   peak RSS MB  x floor');
  const ratio = (value: number, base: number) => `${(value / base).toFixed(2)}x`.padStart(8);
  for (const row of rows) {
    say(
      `${row.name.padEnd(12)} ${(row.wallMs / 1000).toFixed(2).padStart(7)}${ratio(row.wallMs, floor.wallMs)} ${(row.cpuMs / 1000).toFixed(2).padStart(8)}${ratio(row.cpuMs, floor.cpuMs)} ${String(row.rssMB).padStart(13)}${ratio(row.rssMB, floor.rssMB)}`,
    );
  }
}

async function startSim(flags: string[]): Promise<{ url: string; kill: () => void }> {
  const child = spawn(process.execPath, [simCli, ...flags, '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  for await (const line of createInterface({ input: child.stdout })) {
    const match = /^listening on (http:\/\/\S+)/.exec(line);
    if (match) return { url: match[1]!, kill: () => child.kill('SIGTERM') };
  }
  return fail('fakestore-sim exited before listening (run `make build` first)');
}

function runChild(name: string, url: string): Promise<Measured> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...NODE_FLAGS, script, '--candidate', name, '--url', url], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out) as Measured) : reject(new Error(`${name} exited with ${code}`))));
  });
}

// ----- a child: one candidate, one body -----

async function measureOne(name: string, url: string): Promise<void> {
  const candidate = candidates[name];
  if (!candidate) return fail(`unknown candidate ${name}`);
  const run = await candidate();
  const cpuMicros = () => {
    const { userCPUTime, systemCPUTime } = process.resourceUsage();
    return userCPUTime + systemCPUTime;
  };
  const cpuBefore = cpuMicros();
  const started = performance.now();
  const { elements, bytes } = await run(url);
  const wallMs = Math.round(performance.now() - started);
  const cpuMs = Math.round((cpuMicros() - cpuBefore) / 1000);
  // Peak RSS is the process's: modules loaded included (a few tens of MB), the same order for all.
  const measured: Measured = { name, elements, bytes, wallMs, cpuMs, rssMB: Math.round(process.resourceUsage().maxRSS / 1024) };
  process.stdout.write(JSON.stringify(measured));
  if (idSum < 0) say('impossible'); // keeps idSum observable
}

function loadAverage(): string {
  return loadavg()
    .map((load) => load.toFixed(1))
    .join(' ');
}

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

function fail(message: string): never {
  console.error(`bench-json: ${message}`);
  process.exit(2);
}
