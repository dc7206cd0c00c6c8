"""Ingest throughput: articles per second, plain ingest and sharded batch ingest (local, Ray).

Run: .venv/bin/python benchmarks/ingest_speed.py --copies 40 --shard-size 25
The corpus is the shipped demo corpus, each file copied `--copies` times with one distinct
closing sentence so that no copy is deduplicated away.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from storyline.batch import LocalExecutor, RayExecutor, batch_ingest
from storyline.ingest.run import ingest_paths
from storyline.store import open_store

DEMO = Path(__file__).resolve().parents[1] / "src" / "storyline" / "demo" / "corpus"


def make_corpus(folder: Path, copies: int) -> int:
    count = 0
    for source in sorted(DEMO.glob("*.txt")):
        text = source.read_text(encoding="utf-8")
        for copy in range(copies):
            target = folder / f"{source.stem}-{copy:04d}.txt"
            target.write_text(f"{text}\nCopy number {copy} of this report.\n", encoding="utf-8")
            count += 1
    return count


def timed(run, db: Path) -> tuple[float, int]:
    with open_store(db) as store:
        started = time.perf_counter()
        report = run(store)
        elapsed = time.perf_counter() - started
    return elapsed, len(report.added)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=40)
    parser.add_argument("--shard-size", type=int, default=25)
    parser.add_argument("--skip-ray", action="store_true")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        corpus = root / "corpus"
        corpus.mkdir()
        files = make_corpus(corpus, options.copies)
        results: dict[str, object] = {"files": files}
        runs = {
            "plain": lambda store: ingest_paths(store, [corpus], progress=False),
            "batch_local": lambda store: batch_ingest(
                store, [corpus], LocalExecutor(), options.shard_size, progress=False
            ),
        }
        if not options.skip_ray:
            ray_started = time.perf_counter()
            ray_executor = RayExecutor()
            results["ray_init_s"] = round(time.perf_counter() - ray_started, 2)
            runs["batch_ray"] = lambda store: batch_ingest(
                store, [corpus], ray_executor, options.shard_size, progress=False
            )
        for name, run in runs.items():
            elapsed, added = timed(run, root / f"{name}.db")
            results[name] = {
                "seconds": round(elapsed, 2),
                "articles": added,
                "articles_per_s": round(added / elapsed, 1),
            }
        if not options.skip_ray:
            ray_executor.close()
    print(json.dumps(results))


if __name__ == "__main__":
    main()
