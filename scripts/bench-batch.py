#!/usr/bin/env python3
"""Benchmarks batch-ingest against a floor (and, with --dlt, dlt) on a large simulated API.

Usage: python3 scripts/bench-batch.py [--sizes 1000000:100000,100000:10000] [--runs 3]
                                      [--dlt] [--max] [--keep DIR]

For each size (products:users), fakestore-sim serves that many synthetic records on a loopback
port (a process of its own, not measured), and each contender extracts /products and /users from
it into a fresh folder, --runs times, the contenders taking turns so a busy moment of the machine
hits them alike:
  floor         Node fetch + JSON.parse of each whole body + the same records written back as
                JSON lines + fsync (scripts/bench-batch-floor.ts): the least any extract can do;
  batch-ingest  `batch-ingest --local-only`: streamed parse, zod validation of every record,
                duplicate ids, envelopes, sha256, quarantine, manifest;
  dlt           (--dlt) dlt's filesystem destination writing jsonl, a plain resource per route
                (scripts/bench-batch-dlt.py, in the venv .venv-dlt that `make bench-batch DLT=1`
                makes).
Each run's wall time and peak RSS (the process tree's largest, from wait4) are measured; the table
shows the median of the runs, and the ratios to the floor (and to dlt).
Goals at 1,000,000 products: batch-ingest wall <= 1.2x the floor, peak RSS <= the floor's; faster
than dlt with no more memory than it.
--max also runs batch-ingest once against the simulator's maximum (1,000,000 products and
1,000,000 users): it must complete (the floor cannot: one body is past V8's longest string).
The load average before and after is printed: the figures mean little on a busy machine.
"""

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NODE = ROOT / ".tools" / "bin" / "node"
DLT_PYTHON = ROOT / ".venv-dlt" / "bin" / "python"


def load() -> str:
    return os.getloadavg().__repr__()


def start_sim(products: int, users: int) -> tuple[subprocess.Popen, str]:
    sim = subprocess.Popen(
        [str(ROOT / "bin" / "fakestore-sim"), "--port", "0", "--products", str(products), "--users", str(users)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    line = sim.stdout.readline() if sim.stdout else ""
    match = re.search(r"listening on (http://\S+)", line)
    if not match:
        sim.kill()
        sys.exit(f"fakestore-sim did not start: {line!r}")
    return sim, match.group(1)


def measure(command: list[str], cwd: Path) -> tuple[float, int, int, str]:
    """Wall seconds, peak RSS in MB (wait4: the child and the descendants it waited for), exit code, stdout."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.monotonic()
        child = subprocess.Popen(command, cwd=cwd, stdout=out, stderr=err)
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.monotonic() - started
        child.returncode = code = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if code != 0:
            sys.stderr.write(err.read().decode(errors="replace")[-2000:])
        return wall, usage.ru_maxrss // 1024, code, out.read().decode(errors="replace")


def rows_written(tool: str, out: Path, stdout: str) -> dict[str, int]:
    if tool == "batch-ingest":
        counts = {}
        for manifest in out.glob("raw/*/date=*/run_id=*/_manifest.json"):
            data = json.loads(manifest.read_text())
            counts[data["entity"]] = data["row_count"]
        return counts
    lines = [line for line in stdout.splitlines() if line.startswith("{")]
    return json.loads(lines[-1]) if lines else {}


def contenders(api: str, use_dlt: bool) -> dict[str, list[str]]:
    found = {
        "floor": [str(NODE), str(ROOT / "scripts" / "bench-batch-floor.ts"), api, "."],
        "batch-ingest": [str(ROOT / "bin" / "batch-ingest"), "--local-only", "--api-url", api, "--data-dir", ".", "--log-level", "warn"],
    }
    if use_dlt:
        found["dlt"] = [str(DLT_PYTHON), str(ROOT / "scripts" / "bench-batch-dlt.py"), api, "."]
    return found


def bench_size(products: int, users: int, runs: int, use_dlt: bool, work: Path) -> dict[str, list[tuple[float, int]]]:
    sim, api = start_sim(products, users)
    results: dict[str, list[tuple[float, int]]] = {}
    try:
        print(f"\n== {products:,} products, {users:,} users ({api}) ==", flush=True)
        expected = {"products": products, "users": users}
        for run in range(1, runs + 1):
            for name, command in contenders(api, use_dlt).items():
                out = work / f"{name}-{run}"
                out.mkdir(parents=True)
                wall, rss, code, stdout = measure(command, out)
                rows = rows_written(name, out, stdout)
                ok = code == 0 and rows == expected
                print(f"  run {run} {name:13} {wall:7.2f} s {rss:6d} MB  exit {code}{'' if ok else f'  WRONG: rows {rows}'}", flush=True)
                if not ok:
                    sys.exit(f"{name} did not extract {expected}")
                results.setdefault(name, []).append((wall, rss))
                shutil.rmtree(out)
    finally:
        sim.terminate()
        sim.wait()
    return results


def report(products: int, users: int, results: dict[str, list[tuple[float, int]]]) -> None:
    median = {name: (statistics.median(w for w, _ in runs), statistics.median(r for _, r in runs)) for name, runs in results.items()}
    floor_wall, floor_rss = median["floor"]
    print(f"\n{products:,} products + {users:,} users, median of {len(results['floor'])}:")
    print(f"  {'':13} {'wall':>9} {'peak RSS':>9} {'wall/floor':>11} {'RSS/floor':>10}")
    for name, (wall, rss) in median.items():
        print(f"  {name:13} {wall:8.2f}s {rss:6d} MB {wall / floor_wall:10.2f}x {rss / floor_rss:9.2f}x")
    if "dlt" in median:
        wall, rss = median["batch-ingest"]
        dlt_wall, dlt_rss = median["dlt"]
        print(f"  batch-ingest / dlt: wall {wall / dlt_wall:.2f}x, peak RSS {rss / dlt_rss:.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000000:100000,100000:10000", help="products:users,... (default %(default)s)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--dlt", action="store_true", help="also dlt's filesystem destination (needs .venv-dlt)")
    parser.add_argument("--max", action="store_true", help="also one batch-ingest run at 1,000,000 products and 1,000,000 users")
    parser.add_argument("--keep", help="work in this folder and keep it")
    args = parser.parse_args()
    if not (ROOT / "packages" / "batch-ingest" / "dist" / "cli.js").exists():
        sys.exit("batch-ingest is not built: run 'make setup'")
    if args.dlt and not DLT_PYTHON.exists():
        sys.exit("no .venv-dlt: run 'make bench-batch DLT=1'")

    print(f"load average before: {load()} on {os.cpu_count()} cores")
    work = Path(args.keep or tempfile.mkdtemp(prefix="bench-batch-"))
    try:
        for size in args.sizes.split(","):
            products, users = (int(part) for part in size.split(":"))
            results = bench_size(products, users, args.runs, args.dlt, work / size.replace(":", "-"))
            report(products, users, results)
        if args.max:
            sim, api = start_sim(1_000_000, 1_000_000)
            try:
                out = work / "max"
                out.mkdir(parents=True)
                wall, rss, code, _ = measure(contenders(api, False)["batch-ingest"], out)
                rows = rows_written("batch-ingest", out, "")
                print(f"\nmaximum (1,000,000 products + 1,000,000 users): batch-ingest {wall:.2f} s, {rss} MB, exit {code}, rows {rows}")
            finally:
                sim.terminate()
                sim.wait()
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print(f"\nload average after: {load()}")


if __name__ == "__main__":
    main()
