/**
 * The cart-streamer at scale: a benchmark, not a test (issue 11).
 *
 *   make bench-stream                       # 1,000,000 carts, median of 3 runs
 *   make bench-stream ARGS='--carts 10000000 --runs 1 --skip-changed'
 *
 * Starts fakestore-sim with --carts N (its own process), then per run, in a fresh workspace:
 *   floor      a plain Node `fetch` + `JSON.parse` of /carts: what reading the carts costs;
 *   cold       cart-streamer --once --local-only with no state (every cart created);
 *   1% changed the same after 1% of the carts were changed through the sim's admin routes;
 *   no change  the same once more.
 * Wall time and peak RSS (GNU time) of each, and each as a ratio to the floor of the same run; CPU
 * time (user + system) too, which a loaded machine distorts less than wall time.
 * With --runs > 1, the medians. Goals at 1,000,000 carts: cold <= 4x the floor's wall time,
 * 1% changed <= 2.5x, no change <= 2x, every peak RSS <= the floor's.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const root = new URL('..', import.meta.url).pathname;
const node = process.execPath;
const { values: args } = parseArgs({
  options: {
    carts: { type: 'string', default: '1000000' },
    runs: { type: 'string', default: '3' },
    seed: { type: 'string', default: '1' },
    'changed-share': { type: 'string', default: '0.01' },
    keep: { type: 'boolean', default: false },
    /** Cold start and no change only (the 10,000,000-cart run). */
    'skip-changed': { type: 'boolean', default: false },
  },
});
const carts = Number(args.carts);
const runs = Number(args.runs);
const share = Number(args['changed-share']);
if (!Number.isSafeInteger(carts) || carts < 1 || !Number.isSafeInteger(runs) || runs < 1 || !(share > 0 && share <= 1)) {
  console.error('bench-stream: --carts and --runs must be positive integers, --changed-share a share in (0, 1]');
  process.exit(2);
}
if (!existsSync('/usr/bin/time')) {
  console.error('bench-stream: needs GNU time at /usr/bin/time for peak RSS (apt-get install time)');
  process.exit(2);
}

interface Measure { wallS: number; cpuS: number; rssMb: number; code: number }
type Phase = 'floor' | 'cold' | 'changed' | 'unchanged';
const phases: Phase[] = ['floor', 'cold', 'changed', 'unchanged'];
const labels: Record<Phase, string> = { floor: 'floor (fetch + JSON.parse)', cold: 'cold start', changed: `${share * 100}% changed`, unchanged: 'no change' };
const goals: Record<Phase, number | undefined> = { floor: undefined, cold: 4, changed: 2.5, unchanged: 2 };

/** Runs a command under GNU time; its wall time (s) and peak RSS (MB). */
function measure(command: string, commandArgs: string[], cwd: string): Measure {
  const out = join(cwd, '.time');
  let code = 0;
  try {
    execFileSync('/usr/bin/time', ['-f', '%e %M %U %S', '-o', out, command, ...commandArgs], { cwd, stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 26 });
  } catch (error) {
    code = (error as { status?: number }).status ?? 1;
  }
  const [wall, rss, user, system] = readFileSync(out, 'utf8').trim().split('\n').at(-1)!.split(' ').map(Number);
  return { wallS: wall!, cpuS: user! + system!, rssMb: rss! / 1024, code };
}

async function startSim(): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(node, [join(root, 'packages/fakestore-sim/dist/cli.js'), '--carts', String(carts), '--seed', args.seed, '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    let text = '';
    child.stdout.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(text);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`fakestore-sim exited with ${code}`)));
  });
  return { url, child };
}

/** Changes `share` of the carts (every 1/share-th id, shifted per run) through PUT /__admin/carts/:id. */
async function changeCarts(url: string, run: number): Promise<number> {
  const step = Math.round(1 / share);
  const ids: number[] = [];
  for (let id = 1 + (run % step); id <= carts; id += step) ids.push(id);
  let next = 0;
  const worker = async () => {
    while (next < ids.length) {
      const id = ids[next++]!;
      const response = await fetch(`${url}/__admin/carts/${id}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ userId: 1 + (id % 10), date: '2021-06-15', products: [{ productId: 1 + (id % 20), quantity: 1 + run }] }),
      });
      if (!response.ok) throw new Error(`PUT /__admin/carts/${id}: ${response.status}`);
      await response.arrayBuffer();
    }
  };
  await Promise.all(Array.from({ length: 32 }, worker));
  return ids.length;
}

/** One line on stdout (a benchmark's report, not a log). */
function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)]!;

say(`bench-stream: ${carts.toLocaleString('en-US')} carts, ${runs} run(s), load average ${loadavg().map((l) => l.toFixed(2)).join(' ')} on ${(await import('node:os')).cpus().length} cores`);
let sim = await startSim();
const results: Record<Phase, Measure[]> = { floor: [], cold: [], changed: [], unchanged: [] };
const work = mkdtempSync(join(tmpdir(), 'bench-stream-'));
const floorScript = join(work, 'floor.mjs');
writeFileSync(floorScript, "const r = await fetch(process.argv[2] + '/carts'); const carts = JSON.parse(await r.text()); if (!Array.isArray(carts)) process.exit(1);\n");
const streamer = (dir: string) => ['--enable-source-maps', join(root, 'packages/cart-streamer/dist/cli.js'), '--once', '--local-only', '--api-url', sim.url,
  '--state-file', join(dir, 'state', 'carts_state.json'), '--events-dir', join(dir, 'events'), '--log-level', 'warn'];
try {
  for (let run = 0; run < runs; run++) {
    const dir = join(work, `run-${run}`);
    execFileSync('mkdir', ['-p', dir]);
    if (run > 0) {
      // A fresh simulator per run (same seed, same carts): cheaper and sturdier than undoing 1% of the carts.
      sim.child.kill('SIGTERM');
      sim = await startSim();
    }
    const step = (phase: Phase, command: string, commandArgs: string[]) => {
      const m = measure(command, commandArgs, dir);
      if (m.code !== 0 && phase === 'floor') {
        // Past ~3 million carts the body is longer than V8's longest string: the floor itself cannot run.
        say(`  run ${run + 1} ${labels[phase].padEnd(28)} failed (exit ${m.code}) after ${m.wallS.toFixed(2)} s, ${m.rssMb.toFixed(0)} MB: no ratios`);
        return;
      }
      if (m.code !== 0) throw new Error(`${labels[phase]} exited ${m.code}`);
      results[phase].push(m);
      say(`  run ${run + 1} ${labels[phase].padEnd(28)} ${m.wallS.toFixed(2).padStart(7)} s wall ${m.cpuS.toFixed(2).padStart(7)} s cpu ${m.rssMb.toFixed(0).padStart(6)} MB   (load ${loadavg()[0]!.toFixed(2)})`);
    };
    step('floor', node, [floorScript, sim.url]);
    step('cold', node, streamer(dir));
    if (!args['skip-changed']) {
      const changed = await changeCarts(sim.url, run);
      say(`  run ${run + 1} changed ${changed.toLocaleString('en-US')} carts through the admin routes`);
      step('changed', node, streamer(dir));
    }
    step('unchanged', node, streamer(dir));
    if (!args.keep) rmSync(dir, { recursive: true, force: true });
  }
} finally {
  sim.child.kill('SIGTERM');
  if (!args.keep) rmSync(work, { recursive: true, force: true });
}

const hasFloor = results.floor.length > 0;
/** `value / floor` as `1.23x`, or `-` where the floor could not be measured (e.g. 10,000,000 carts: one string too long for V8). */
const ratio = (value: number, floor: number) => (hasFloor ? `${(value / floor).toFixed(2)}x` : '-').padStart(8);
const floorWall = hasFloor ? median(results.floor.map((m) => m.wallS)) : Number.NaN;
const floorRss = hasFloor ? median(results.floor.map((m) => m.rssMb)) : Number.NaN;
const floorCpu = hasFloor ? median(results.floor.map((m) => m.cpuS)) : Number.NaN;
say(`\n${runs > 1 ? `median of ${runs} runs` : '1 run'}, ${carts.toLocaleString('en-US')} carts:`);
say(`  ${'cycle'.padEnd(28)} ${'wall'.padStart(9)} ${'x floor'.padStart(8)} ${'goal'.padStart(6)} ${'peak RSS'.padStart(10)} ${'x floor'.padStart(8)} ${'cpu'.padStart(9)} ${'x floor'.padStart(8)}`);
let missed = 0;
for (const phase of phases) {
  if (results[phase].length === 0) continue;
  const wall = median(results[phase].map((m) => m.wallS));
  const rss = median(results[phase].map((m) => m.rssMb));
  const cpu = median(results[phase].map((m) => m.cpuS));
  const goal = goals[phase];
  const ok = goal === undefined || !hasFloor || (wall / floorWall <= goal && rss <= floorRss);
  if (!ok) missed++;
  say(`  ${labels[phase].padEnd(28)} ${wall.toFixed(2).padStart(7)} s ${ratio(wall, floorWall)} ${(goal ? `${goal}x` : '').padStart(6)} ${rss.toFixed(0).padStart(7)} MB ${ratio(rss, floorRss)} ${cpu.toFixed(2).padStart(7)} s ${ratio(cpu, floorCpu)}${goal === undefined ? '' : ok ? '' : '  (goal missed)'}`);
}
if (!hasFloor) say('  (no floor: it failed in every run, so no ratios)');
say(`load average at the end: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
if (missed > 0) say(`${missed} goal(s) missed (goals are set for 1,000,000 carts on an idle machine)`);
