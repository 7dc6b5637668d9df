#!/usr/bin/env python3
"""The dlt contender of `make bench-batch`: dlt's filesystem destination writing jsonl, fed by a
plain resource per list route of the same simulator (the whole response, as dlt's own REST
helpers would hand it over). Run with the venv `make bench-batch DLT=1` makes (.venv-dlt).

Usage: .venv-dlt/bin/python scripts/bench-batch-dlt.py API_URL OUT_DIR [ENTITY...]
Prints one JSON line: {"products": rows, "users": rows}.
"""

import json
import os
import sys

os.environ.setdefault("RUNTIME__DLTHUB_TELEMETRY", "false")

import dlt  # noqa: E402
from dlt.sources.helpers import requests  # noqa: E402


def main() -> None:
    if len(sys.argv) < 3:
        print("usage: bench-batch-dlt.py API_URL OUT_DIR [ENTITY...]", file=sys.stderr)
        sys.exit(2)
    api_url, out_dir = sys.argv[1], sys.argv[2]
    entities = sys.argv[3:] or ["products", "users"]

    def resource(entity: str):
        @dlt.resource(name=entity, write_disposition="append")
        def rows():
            response = requests.get(f"{api_url}/{entity}", timeout=600)
            response.raise_for_status()
            yield response.json()

        return rows

    pipeline = dlt.pipeline(
        pipeline_name="bench_batch",
        pipelines_dir=os.path.join(out_dir, ".dlt"),
        destination=dlt.destinations.filesystem(bucket_url=os.path.join(out_dir, "lake")),
        dataset_name="raw",
    )
    info = pipeline.run([resource(entity)() for entity in entities], loader_file_format="jsonl")
    info.raise_on_failed_jobs()
    counts = pipeline.last_trace.last_normalize_info.row_counts
    print(json.dumps({entity: counts.get(entity, 0) for entity in entities}))


if __name__ == "__main__":
    main()
