"""End-to-end speed of `analyze`: articles per second overall and per stage, encoder and spaCy
calls, peak memory; prints one JSON object.

Run: .venv/bin/python benchmarks/flow_speed.py --n 1000 [--workers 2] [--executor ray]
The corpus mixes real news: the SemEval-2022 Task 8 articles (text1 and text2 of each pair, in
Arabic, Turkish and English) and the ECB+ English documents, taken in turn from each source so
any `--n` is a mix. They are written as one JSONL file and analysed into a fresh SQLite store.

With `--workers 1` and no `--executor` everything runs in this process and the encoder and
spaCy calls are counted; otherwise the per-article steps run on the executor's workers, where
nothing is counted, and the figures are wall seconds per stage as the driver sees them.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from storyline import pipeline
from storyline.batch import DEFAULT_SHARD_SIZE, batch_ingest
from storyline.embeddings import models
from storyline.executors import make_executor
from storyline.store import open_store

BENCH = Path(__file__).resolve().parents[1].parent / "shared" / "bench"


def _semeval(path: Path) -> Iterator[dict[str, str]]:
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            pair = json.loads(line)
            for side in ("1", "2"):
                yield {
                    "title": pair[f"title{side}"],
                    "text": pair[f"text{side}"],
                    "url": pair[f"url{side}"],
                    "language": pair[f"lang{side}"],
                }


def _ecb(path: Path) -> Iterator[dict[str, str]]:
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            document = json.loads(line)
            yield {"title": document["title"], "text": document["text"], "language": "en"}


def mixed_corpus(bench: Path, count: int) -> list[dict[str, str]]:
    """`count` distinct articles, one from each source in turn while each lasts."""
    sources = [
        _semeval(bench / "semeval22t8" / "ar.jsonl"),
        _semeval(bench / "semeval22t8" / "tr.jsonl"),
        _semeval(bench / "semeval22t8" / "en.jsonl"),
        _ecb(bench / "ecbplus_docs_dev.jsonl"),
    ]
    found: list[dict[str, str]] = []
    seen: set[str] = set()
    while sources and len(found) < count:
        for source in list(sources):
            record = next(source, None)
            if record is None:
                sources.remove(source)
            elif record["text"].strip() and record["text"] not in seen:
                seen.add(record["text"])
                found.append(record)
                if len(found) == count:
                    break
    return found


class Counts:
    """Calls and texts per encoder, spaCy calls and texts."""

    def __init__(self) -> None:
        self.calls: Counter[str] = Counter()
        self.texts: Counter[str] = Counter()

    def wrap_engine(self, engine: Any, method: str, label: str) -> None:
        """Count what reaches the model itself (after every cache), one call per batch."""
        embed = getattr(engine, method)

        def counted(texts: Any) -> Any:
            self.calls[label] += 1
            self.texts[label] += len(texts)
            return embed(texts)

        setattr(engine, method, counted)

    def wrap_spacy(self) -> None:
        from storyline.claims import entities

        load = entities._nlp

        class CountedNlp:
            def __init__(self, nlp: Any) -> None:
                self.nlp = nlp

            def __call__(me, text: str) -> Any:
                self.calls["spacy"] += 1
                self.texts["spacy"] += 1
                return me.nlp(text)

            def pipe(me, texts: Any, **options: Any) -> Iterator[Any]:
                texts = list(texts)
                self.calls["spacy"] += 1
                self.texts["spacy"] += len(texts)
                return me.nlp.pipe(texts, **options)

        counted = CountedNlp(load())
        entities._nlp = lambda: counted


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000, help="articles in the corpus")
    parser.add_argument("--bench", type=Path, default=BENCH)
    parser.add_argument("--workers", type=int, default=1, help="worker processes (or Ray CPUs)")
    parser.add_argument("--executor", choices=["local", "ray"], default=None)
    parser.add_argument("--shard-size", type=int, default=None, help="articles per stage shard")
    options = parser.parse_args()
    records = mixed_corpus(options.bench, options.n)
    counts = Counts()
    # Models load before the clock starts: the figure is of analysing, not of starting up. The
    # executor (and Ray) starts before it too; its workers load their models on the clock.
    started = time.perf_counter()
    e5, use = models._e5_model(), models._use_model()
    in_process = options.workers == 1 and options.executor is None
    if in_process:
        counts.wrap_engine(e5, "query", "e5")
        counts.wrap_engine(e5, "passage", "e5")
        counts.wrap_engine(use, "encode", "use")
        counts.wrap_spacy()
    executor = make_executor(options.executor or "local", options.workers)
    load_s = time.perf_counter() - started
    with tempfile.TemporaryDirectory() as scratch:
        corpus = Path(scratch) / "corpus.jsonl"
        corpus.write_text(
            "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8"
        )
        load_before = os.getloadavg()[0]
        with open_store(Path(scratch) / "flow.db") as store:
            started, cpu_started = time.perf_counter(), time.process_time()
            if options.executor:
                size = options.shard_size or DEFAULT_SHARD_SIZE
                ingested = batch_ingest(store, [corpus], executor, size, progress=False)
            else:
                ingested = pipeline.ingest_paths(store, [corpus], progress=False)
            ingest_s = time.perf_counter() - started
            run = pipeline.run_stages(store, False, executor, options.shard_size)
            elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
        executor.close()
    articles = len(ingested.added)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    workers = resource.getrusage(resource.RUSAGE_CHILDREN)
    seconds = {"ingest": ingest_s, **run.seconds}
    report: dict[str, Any] = {
        "articles": articles,
        "languages": dict(Counter(r["language"] for r in records)),
        "cpus": os.cpu_count(),
        "workers": options.workers,
        "executor": options.executor or "local",
        "shard_size": options.shard_size,
        # Other work on the machine slows everything; the load says how busy it was.
        "load_before": round(load_before, 2),
        "load_after": round(os.getloadavg()[0], 2),
        "model_load_s": round(load_s, 1),
        "seconds": round(elapsed, 1),
        "articles_per_s": round(articles / elapsed, 3),
        # CPU seconds of this process (all its threads): less swayed by other work than seconds.
        "cpu_seconds": round(cpu, 1),
        # Of the worker processes this process started and reaped (not Ray's workers).
        "worker_cpu_seconds": round(workers.ru_utime + workers.ru_stime, 1),
        "stage_seconds": {name: round(s, 1) for name, s in seconds.items()},
        "stage_articles_per_s": {
            name: round(articles / s, 2) for name, s in seconds.items() if s > 0
        },
        "calls": dict(counts.calls),
        "texts": dict(counts.texts),
        "stage_errors": len(run.errors),
        "peak_rss_mb": round(usage.ru_maxrss / 1024),
        "worker_peak_rss_mb": round(workers.ru_maxrss / 1024),
    }
    print(json.dumps(report))


if __name__ == "__main__":
    main()
