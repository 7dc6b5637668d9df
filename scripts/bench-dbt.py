#!/usr/bin/env python3
"""Benchmarks the dbt project on a large cart event log: a full build against an
incremental run after 1% new events.

Usage: .venv/bin/python scripts/bench-dbt.py [--events 1000000] [--carts 100000]
                                             [--runs 1] [--no-verify] [--keep DIR]

1. a lake with one batch run of the real products and users (stage 1 of
   make-lake-fixture.ts);
2. --events cart events, written by cart-streamer's own event and event-log code
   (scripts/make-cart-events.ts, streamed: one batch file per day): --carts carts,
   each with versions 1..N (created, modified ..., every 20th cart deleted at N),
   about carts / 10 events a day;
3. `dbt build` on an empty warehouse (full: models, snapshots, tests);
4. 1% more events: version N + 1 of the first carts, on later days (the deleted
   ones are re-created);
5. on the warehouse as the full build left it, the stream job (`dbt build
   --selector cart_stream`: the models downstream of the cart events, what a
   scheduler runs after the streamer's cycles), and once more with nothing new;
6. on the same starting point, `dbt build` (the whole project, incremental),
   and once more with nothing new (what an incremental run costs whatever the
   data);
7. (--runs N) steps 3-6 again on a fresh warehouse, N times in all;
8. unless --no-verify: a full build of a fresh warehouse on the same lake and
   log, compared table by table with the incremental one (check-dbt-gold.py
   --compare: silver's cart models and every gold model must hold the same
   rows, `loaded_at` aside).

It prints, for the full build and each incremental run, and their ratio:
  (a) `dbt build` wall time: what a person waits for. It includes dbt's fixed
      costs, the same whatever the data size: start-up and parse (~3 s here),
      and the ~100 data tests and unit tests;
  (b) the summed execution times of the models and snapshots (run_results.json).
      THE GOAL IS JUDGED ON (b) of the whole project's incremental `dbt build`:
      incremental < 15% of full. Split into the SQL statements DuckDB ran (the
      'SQL status ... in X seconds' lines of dbt's debug log: the warehouse's
      work) and dbt's own work per node (Jinja rendering of the
      materializations, catalog queries, bookkeeping);
  (c) the slowest nodes of each run, and each run's peak RSS;
  (d) the floor: the runs with no new events, as a share of the full build.
      No incremental run can cost less than its no-new-events run.
With --runs > 1, each figure is the median (and the range) of the runs.
Everything runs in a temp dir (or --keep DIR).
"""

import argparse
import importlib.util
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

import duckdb

ROOT = Path(__file__).resolve().parent.parent
NODE = ROOT / ".tools" / "bin" / "node"
GOAL = 0.15
# what a scheduler runs after the streamer's cycles (dbt/selectors.yml)
STREAM_JOB = ("build", "--target", "local", "--selector", "cart_stream")

# check-dbt-gold.py's table-by-table comparison of two warehouses (no __pycache__ left in scripts/)
sys.dont_write_bytecode = True
_spec = importlib.util.spec_from_file_location("check_dbt_gold", Path(__file__).with_name("check-dbt-gold.py"))
check_dbt_gold = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(check_dbt_gold)

SQL_STATUS = re.compile(r"\[(Thread-\d+)[^\]]*\]: (Began running node (\S+)|SQL status: \S+ in ([0-9.]+) seconds)")


def write_events(events_dir, carts, first_version, last_version, deleted_version):
    """Writes the events with scripts/make-cart-events.ts (cart-streamer's own event and event-log
    code, streamed); returns the files written (paths) and the seconds it took."""
    started = time.perf_counter()
    result = subprocess.run(
        [str(NODE), "--disable-warning=ExperimentalWarning", str(ROOT / "scripts" / "make-cart-events.ts"),
         "--events-dir", str(events_dir), "--carts", str(carts), "--first-version", str(first_version),
         "--last-version", str(last_version), "--deleted-version", str(deleted_version)],
        check=True, capture_output=True, text=True)
    files = [events_dir / name for name in json.loads(result.stdout.splitlines()[-1])["files"]]
    return files, time.perf_counter() - started


def dbt(env, *args):
    """Runs scripts/dbt.sh; returns (wall seconds, run_results or None, peak RSS in MB,
    SQL seconds of the models and snapshots)."""
    logs = Path(env["DBT_LOG_PATH"])
    logs.mkdir(parents=True, exist_ok=True)
    (logs / "dbt.log").unlink(missing_ok=True)  # one invocation per log: no rotation midway
    with open(logs / "bench-stdout.log", "w") as out:
        started = time.perf_counter()
        process = subprocess.Popen([str(ROOT / "scripts" / "dbt.sh"), *args], env=env, stdout=out,
                                   stderr=subprocess.STDOUT)
        # wait4: this child's own resource usage (dbt.sh execs dbt; DuckDB runs inside it)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        print((logs / "bench-stdout.log").read_text()[-6000:])
        raise SystemExit(f"dbt {' '.join(args)} failed")
    results = Path(env["DBT_TARGET_PATH"]) / "run_results.json"
    return (wall, json.loads(results.read_text()) if results.exists() else None, usage.ru_maxrss / 1024,
            sql_seconds(logs / "dbt.log"))


def node_times(results, kinds=("model", "snapshot")):
    return {r["unique_id"].split(".")[-1]: r["execution_time"] for r in results["results"]
            if r["unique_id"].split(".")[0] in kinds}


def kind_time(results, kind):
    return sum(r["execution_time"] for r in results["results"] if r["unique_id"].split(".")[0] == kind)


def sql_seconds(log_path, kinds=("model", "snapshot")):
    """The time DuckDB spent in the SQL statements of the models and snapshots of
    the last dbt invocation in log_path (dbt's debug log: 'SQL status: ... in X
    seconds' after each statement); the rest of a node's time is dbt's own work."""
    text = log_path.read_text(errors="replace").rsplit("running dbt with arguments", 1)[-1]
    node, total = {}, 0.0
    for match in SQL_STATUS.finditer(text):
        thread, _, began, seconds = match.groups()
        if began:
            node[thread] = began
        elif node.get(thread, "").split(".")[0] in kinds:
            total += float(seconds)
    return total


def median(values):
    return statistics.median(values)


def spread(values, unit="s", digits=1):
    text = f"{median(values):.{digits}f}{unit}"
    if len(values) > 1:
        text += f" ({min(values):.{digits}f}-{max(values):.{digits}f})"
    return text


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--carts", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=1, help="full + incremental pairs to measure (median)")
    parser.add_argument("--no-verify", dest="verify", action="store_false",
                        help="skip the comparison with a full build")
    parser.add_argument("--keep", type=Path, help="work in this directory and keep it")
    args = parser.parse_args()

    versions = max(1, args.events // args.carts)
    new_carts = max(1, args.events // 100)
    work = args.keep or Path(tempfile.mkdtemp(prefix="bench-dbt-"))
    try:
        shutil.rmtree(work, ignore_errors=True)
        data, events = work / "data", work / "events"

        def environment(data_dir):
            # the default dataset names, whatever a .env says (check-dbt-gold.py queries them)
            return dict(os.environ, PIPELINE_DATA_DIR=str(data_dir), PIPELINE_EVENTS_DIR=str(events),
                        DBT_TARGET_PATH=str(work / "target"), DBT_LOG_PATH=str(work / "logs"),
                        **check_dbt_gold.DATASETS)

        env = environment(data)
        subprocess.run([str(NODE), "--disable-warning=ExperimentalWarning", str(ROOT / "scripts" / "make-lake-fixture.ts"),
                        "--data-dir", str(data), "--events-dir", str(work / "fixture-events"), "--stage", "1"],
                       check=True, capture_output=True)

        # generated by a child process (Node): this one stays small, so the peak RSS each
        # dbt child reports (inherited through fork) is dbt's own
        _, generated = write_events(events, args.carts, 1, versions, versions)
        size = sum(f.stat().st_size for f in events.rglob("*.jsonl"))
        print(f"generated {args.carts * versions:,} events ({size / 1e6:,.0f} MB, "
              f"{len(list(events.rglob('*.jsonl')))} files) in {generated:.1f}s")
        staged = work / "new-events"
        new_files, generated = write_events(staged, new_carts, versions + 1, versions + 1, versions)
        print(f"generated {new_carts:,} new events (1%, version {versions + 1} of carts 1-{new_carts:,}) "
              f"in {generated:.1f}s")

        dbt(env, "parse")  # every measured run then starts from a warm partial parse
        warehouse = data / "warehouse.duckdb"
        after_full = work / "after-full.duckdb"
        runs = {"full": [], "incremental": [], "no-op": [], "stream": [], "stream no-op": []}
        for run in range(1, args.runs + 1):
            warehouse.unlink(missing_ok=True)
            Path(f"{warehouse}.wal").unlink(missing_ok=True)
            for file in new_files:
                (events / file.relative_to(staged)).unlink(missing_ok=True)
            runs["full"].append(dbt(env, "build", "--target", "local"))
            shutil.copy(warehouse, after_full)  # dbt closed it: checkpointed, no .wal
            for file in new_files:
                target = events / file.relative_to(staged)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy(file, target)
            # the stream job, on the warehouse as the full build left it
            runs["stream"].append(dbt(env, *STREAM_JOB))
            runs["stream no-op"].append(dbt(env, *STREAM_JOB))
            shutil.copy(after_full, warehouse)
            runs["incremental"].append(dbt(env, "build", "--target", "local"))
            # nothing new: what an incremental run costs whatever the data
            runs["no-op"].append(dbt(env, "build", "--target", "local"))
            print(f"run {run}/{args.runs}: dbt build wall: full {runs['full'][-1][0]:.1f}s, "
                  f"incremental {runs['incremental'][-1][0]:.1f}s, no new events {runs['no-op'][-1][0]:.1f}s; "
                  f"stream job {runs['stream'][-1][0]:.1f}s, no new events {runs['stream no-op'][-1][0]:.1f}s")

        rows = duckdb.connect(str(data / "warehouse.duckdb"), read_only=True).sql(
            "select count(*) from silver_data.stg_cart_events").fetchone()[0]
        expected_rows = args.carts * versions + new_carts
        ok = rows == expected_rows
        print(f"stg_cart_events rows after the incremental run: {rows:,} (expected {expected_rows:,})")

        met = report(runs)

        if args.verify:
            verify_data = work / "data-verify"
            shutil.copytree(data / "raw", verify_data / "raw")
            verify_env = environment(verify_data)
            verify_env["DBT_TARGET_PATH"] = str(work / "target-verify")
            wall, _, _, _ = dbt(verify_env, "build", "--target", "local")
            differences = check_dbt_gold.compare(data / "warehouse.duckdb", verify_data / "warehouse.duckdb")
            different = {table: d for table, d in differences.items() if d[0] or d[1]}
            print(f"verify: the incremental warehouse against a full build of the same inputs ({wall:.1f}s): " + (
                "identical, table by table (" + ", ".join(
                    f"{t.split('.')[1]} {d[2]:,}" for t, d in differences.items() if d[2] > 1000) + " rows, ...)"
                if not different else
                "DIFFERENT: " + ", ".join(f"{t}: {d[0]} rows only incremental, {d[1]} only full"
                                          for t, d in different.items())))
            ok = ok and not different
        if not met:
            print("bench-dbt: the goal is reported, not enforced: exit status 0 unless a check failed")
        return 0 if ok else 1
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


def report(runs):
    """Prints (a), (b), (c), (d); returns whether the goal (b) < GOAL is met."""

    def figures(kind):
        figure = {
            "wall": [wall for wall, _, _, _ in runs[kind]],
            "work": [kind_time(results, "model") + kind_time(results, "snapshot") for _, results, _, _ in runs[kind]],
            "sql": [sql for _, _, _, sql in runs[kind]],
            "tests": [kind_time(results, "test") + kind_time(results, "unit_test") for _, results, _, _ in runs[kind]],
            "rss": [rss for _, _, rss, _ in runs[kind]],
            # start-up (parse, connections, adapter cache) and teardown: wall time outside dbt's execution
            "fixed": [wall - results["elapsed_time"] for wall, results, _, _ in runs[kind]],
        }
        figure["overhead"] = [work - sql for work, sql in zip(figure["work"], figure["sql"])]
        return figure

    full, inc, noop = figures("full"), figures("incremental"), figures("no-op")
    stream, stream_noop = figures("stream"), figures("stream no-op")
    n = len(runs["full"])
    rows = [
        ("(a) dbt build wall time", "wall", 1),
        ("(b) models + snapshots, summed node times", "work", 2),
        ("    of which SQL statements in DuckDB", "sql", 2),
        ("    of which dbt's own work per node", "overhead", 2),
        ("    data + unit tests, summed node times", "tests", 2),
    ]

    def table(title, runs_figure, noop_figure):
        print()
        print(f"{title:46} {'full build':>18} {'incremental':>18} {'ratio':>20}   {'no new events':>18} {'ratio':>7}")
        ratios = {}
        for label, key, digits in rows:
            ratio = [i / f for f, i in zip(full[key], runs_figure[key])]
            floor = [i / f for f, i in zip(full[key], noop_figure[key])]
            ratios[key], ratios[f"{key} floor"] = ratio, floor
            print(f"{label:46} {spread(full[key], 's', digits):>18} {spread(runs_figure[key], 's', digits):>18} "
                  f"{spread([r * 100 for r in ratio], '%', 1):>20}   {spread(noop_figure[key], 's', digits):>18} "
                  f"{median(floor):>7.1%}")
        print(f"{'    peak RSS (dbt + DuckDB, one process)':46} {spread(full['rss'], ' MB', 0):>18} "
              f"{spread(runs_figure['rss'], ' MB', 0):>18} {'':20}   {spread(noop_figure['rss'], ' MB', 0):>18}")
        return ratios

    ratios = table("`dbt build`, the whole project", inc, noop)
    stream_ratios = table("the stream job, `--selector cart_stream`", stream, stream_noop)
    if n > 1:
        print(f"(median of {n} runs, range in parentheses)")

    print()
    print("(c) slowest models and snapshots (seconds, last run):")
    full_nodes, inc_nodes = node_times(runs["full"][-1][1]), node_times(runs["incremental"][-1][1])
    stream_nodes = node_times(runs["stream"][-1][1])
    names = sorted(full_nodes, key=lambda name: -full_nodes[name])
    print(f"    {'node':34} {'full':>7} {'incr.':>7} {'stream':>7}")
    for name in names[:8]:
        in_stream = f"{stream_nodes[name]:7.2f}" if name in stream_nodes else f"{'-':>7}"
        print(f"    {name:34} {full_nodes[name]:7.2f} {inc_nodes.get(name, 0):7.2f} {in_stream}")
    rest = names[8:]
    print(f"    {f'{len(rest)} others':34} {sum(full_nodes[n] for n in rest):7.2f} "
          f"{sum(inc_nodes.get(n, 0) for n in rest):7.2f} {sum(stream_nodes.get(n, 0) for n in rest):7.2f}")

    work_ratio = median(ratios["work"])
    met = work_ratio < GOAL
    print()
    print(f"bench-dbt: goal, judged on (b): incremental < {GOAL:.0%} of the full build: {work_ratio:.1%} "
          f"({'met' if met else 'NOT met'}); the stream job {median(stream_ratios['work']):.1%}; "
          f"SQL alone {median(ratios['sql']):.1%} (stream job {median(stream_ratios['sql']):.1%})")
    print(f"bench-dbt: (d) the floor, a run with no new events: (b) {median(ratios['work floor']):.1%} of the full "
          f"build (stream job {median(stream_ratios['work floor']):.1%}), of which dbt's own work "
          f"{median(noop['overhead']) / median(full['work']):.1%} "
          f"(stream job {median(stream_noop['overhead']) / median(full['work']):.1%}); "
          f"(a) dbt build wall {median(ratios['wall']):.1%}, which carries dbt's fixed start-up "
          f"({spread(full['fixed'] + inc['fixed'] + noop['fixed'])} whatever the data) and the tests")
    return met

if __name__ == "__main__":
    sys.exit(main())
