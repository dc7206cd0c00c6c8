"""Seconds and peak memory to add one article to a store of 1,000, 10,000 and 100,000
articles: open the store, ingest the file, run every stage, the article placed in its story.

The stores are written here row by row, without running any model: each synthetic article is
a title and 4 to 10 sentences drawn from a bank of real ECB+ sentences (../shared/bench), with
synthetic unit vectors (a topic direction plus noise, so that articles of one topic are
neighbours) cached in `embeddings` as the embeddings stage caches them; its article vector,
lexical keys, day, story (about five articles each, several stories per topic; also as the
provenance stage records it), every stage's mark and the version each stage ran at are stored
as the stages store them, so nothing is pending. No reprint bands and no claims are written
for them. The story index is then built once from the store in its own process (timed: what
opening a store whose index is missing or damaged costs).

Each added article is a real ECB+ document not used for the bank, written as a text file and
analysed in a fresh process per store size, one after another; the encoders, spaCy and the
stance model are loaded (by analysing two demo articles into a scratch store) before the clock
starts, as a watching process keeps them loaded. Memory is the process's peak resident set.

    nice -n 5 .venv/bin/python benchmarks/add_latency.py --sizes 1000 10000 100000
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import numpy as np

from storyline.ids import content_hash, short_id
from storyline.model import Outlet, PublishedDate
from storyline.store import open_store

REPO = Path(__file__).resolve().parents[1]
BENCH = REPO.parent / "shared" / "bench"
DEMO = REPO / "src" / "storyline" / "demo" / "corpus"
FIRST_DAY = date(2023, 1, 1).toordinal()
ARTICLES_PER_STORY = 5
SENTENCES_PER_TOPIC = 10
# ECB+ documents kept out of the bank, to be added as new articles.
HELD_OUT = 40
ROWS_PER_WRITE = 5_000
COLUMNS = {
    "articles": "id, location, url, kind, title, language, language_confidence, outlet, "
    "outlet_json, published_date, published_json, text, original, text_map_json, "
    "boilerplate_json, content_hash, version, ingested_at",
    "article_locations": "location, article_id",
    "sentences": "article_id, idx, start_offset, end_offset, text, content_hash",
    "article_vectors": "article_id, encoder, content_hash, dim, vector",
    "story_profiles": "article_id, content_hash, language, day, keys_json, dim, vector, indexed",
    "stories": "id, title, created_at, updated_at",
    "story_articles": "article_id, story_id, score, evidence_json",
    "traced_placements": "article_id, story_id",
    "stage_runs": "stage, article_id, content_hash, stage_version",
}


def _peak_rss_mb() -> int:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def _documents(data: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in data.read_text(encoding="utf-8").splitlines()]


def sentence_bank(documents: list[dict[str, Any]]) -> list[str]:
    from storyline.text.segment import split_sentences

    sentences = sorted(
        {
            s.text
            for document in documents
            for s in split_sentences(document["text"], "en")
            if 40 < len(s.text) < 300
        }
    )
    random.Random(0).shuffle(sentences)
    return sentences


def _unit(rows: np.ndarray) -> np.ndarray:
    return (rows / np.linalg.norm(rows, axis=-1, keepdims=True)).astype(np.float32)


def build_store(path: Path, size: int, bank: list[str]) -> None:
    """A store of `size` synthetic articles, every stage done."""
    from storyline.embeddings.stage import combine_article, encoder_key, store_encoder
    from storyline.pipeline import stages
    from storyline.stories.features import lexical_keys

    with open_store(path):
        pass  # made and migrated
    encoder = store_encoder()
    key, dim = encoder_key(encoder), encoder.dim
    rng = np.random.default_rng(size)
    topics = len(bank) // SENTENCES_PER_TOPIC
    directions = _unit(rng.normal(size=(topics, dim)))
    vectors = _unit(
        directions[np.arange(len(bank)) % topics] + 0.8 * _unit(rng.normal(size=(len(bank), dim)))
    )
    keys = [Counter(lexical_keys(sentence, "en")) for sentence in bank]
    marks = [(stage.name, stage.version) for stage in stages()]
    now = datetime.now(UTC).isoformat(timespec="seconds")
    outlet = json.dumps(Outlet("Synthetic Wire", "record", 0.9, "benchmark").__dict__)
    connection = sqlite3.connect(path)
    connection.executemany(
        "INSERT INTO embeddings (text_hash, encoder, dim, vector) VALUES (?, ?, ?, ?)",
        [
            (content_hash(text), key, dim, vector.astype("<f4").tobytes())
            for text, vector in zip(bank, vectors, strict=True)
        ],
    )
    counts: Counter[str] = Counter()
    pick = random.Random(size)
    for start in range(0, size, ROWS_PER_WRITE):
        rows: dict[str, list[tuple[Any, ...]]] = {}
        for index in range(start, min(size, start + ROWS_PER_WRITE)):
            story = index // ARTICLES_PER_STORY
            topic = story % topics
            members = list(range(topic, len(bank), topics))
            title, *body = pick.sample(members, pick.randint(5, min(11, len(members))))
            text = " ".join(bank[s] for s in body)
            location = f"synthetic:{size}:{index}"
            article_hash = content_hash(f"{location}\n{text}")
            article_id = short_id("a", article_hash)
            day = FIRST_DAY + (story * 7919) % 730 + pick.randint(0, 3)
            published = PublishedDate(
                date.fromordinal(day).isoformat(), "day", "record", 0.9, "stated"
            )
            rows.setdefault("articles", []).append(
                (
                    article_id,
                    location,
                    None,
                    "text",
                    bank[title],
                    "en",
                    1.0,
                    "Synthetic Wire",
                    outlet,
                    published.date,
                    json.dumps(published.as_dict()),
                    text,
                    text,
                    "[]",
                    "[]",
                    article_hash,
                    1,
                    now,
                )
            )
            rows.setdefault("article_locations", []).append((location, article_id))
            offset = 0
            for idx, sentence in enumerate(body):
                rows.setdefault("sentences", []).append(
                    (
                        article_id,
                        idx,
                        offset,
                        offset + len(bank[sentence]),
                        bank[sentence],
                        content_hash(bank[sentence]),
                    )
                )
                offset += len(bank[sentence]) + 1
            vector = combine_article(vectors[title], vectors[body])
            rows.setdefault("article_vectors", []).append(
                (article_id, key, article_hash, dim, vector.astype("<f4").tobytes())
            )
            article_keys = sum((keys[s] for s in [title, *body]), Counter())
            counts.update(article_keys.keys())
            rows.setdefault("story_profiles", []).append(
                (
                    article_id,
                    article_hash,
                    "en",
                    day,
                    json.dumps(dict(article_keys), sort_keys=True),
                    dim,
                    vector.astype("<f4").tobytes(),
                    1,
                )
            )
            story_id = short_id("s", f"synthetic:{size}:{story}")
            if index % ARTICLES_PER_STORY == 0:
                rows.setdefault("stories", []).append((story_id, bank[title], now, now))
            rows.setdefault("story_articles", []).append((article_id, story_id, 1.0, "{}"))
            rows.setdefault("traced_placements", []).append((article_id, story_id))
            rows.setdefault("stage_runs", []).extend(
                (name, article_id, article_hash, version) for name, version in marks
            )
        for table, values in rows.items():
            places = ", ".join("?" for _ in values[0])
            connection.executemany(
                f"INSERT INTO {table} ({COLUMNS[table]}) VALUES ({places})", values
            )
        connection.commit()
    connection.executemany(
        "INSERT INTO story_key_counts (lexical_key, articles) VALUES (?, ?)", counts.items()
    )
    connection.executemany("INSERT INTO stage_versions (stage, stage_version) VALUES (?, ?)", marks)
    # No article has boilerplate: the site-line counts are complete, and empty.
    connection.execute("INSERT INTO site_line_state (id, counted) VALUES (1, 1)")
    connection.execute(
        "INSERT INTO story_index_state (id, token, generation) VALUES (1, ?, 1)",
        (uuid.uuid4().hex,),
    )
    connection.commit()
    connection.close()


def build_index(db: Path) -> dict[str, Any]:
    """The story index made from the store (as when its file is missing), in this process."""
    from storyline.stories.saved_index import open_saved_index
    from storyline.stories.stage import STAGE_VERSION

    with open_store(db) as store:
        started = time.perf_counter()
        index = open_saved_index(store, STAGE_VERSION)
        seconds = time.perf_counter() - started
    return {"rebuild_s": round(seconds, 1), "rebuilt": index.rebuilt, "peak_rss_mb": _peak_rss_mb()}


def _warm_up(scratch: Path) -> None:
    """Load every model the stages use, outside the clock."""
    from storyline.pipeline import analyze_paths

    with open_store(scratch / "warm.db") as store:
        analyze_paths(store, [DEMO / "en-01.txt", DEMO / "en-02.txt", DEMO / "ar-01.txt"], False)


def measure(db: Path, files: list[Path]) -> dict[str, Any]:
    """Each file added to the store in turn: open, ingest, every stage, close; seconds per
    stage as the pipeline clocks them."""
    from storyline.pipeline import ingest_paths, run_stages

    with tempfile.TemporaryDirectory() as scratch:
        _warm_up(Path(scratch))
    models_mb = _peak_rss_mb()
    added = []
    for file in files:
        started = time.perf_counter()
        with open_store(db) as store:
            opened = time.perf_counter() - started
            report = ingest_paths(store, [file], progress=False)
            ingested = time.perf_counter() - started - opened
            run = run_stages(store, progress=False)
        seconds = time.perf_counter() - started
        assert report.added and not report.errors and not run.errors, (report, run.errors)
        added.append(
            {
                "seconds": round(seconds, 2),
                "open_s": round(opened, 3),
                "stage_s": {
                    "ingest": round(ingested, 3),
                    **{name: round(s, 3) for name, s in run.seconds.items()},
                },
                "stories_note": run.notes.get("stories"),
                "provenance_note": run.notes.get("provenance"),
            }
        )
    return {"added": added, "models_rss_mb": models_mb, "peak_rss_mb": _peak_rss_mb()}


def _run_here(*arguments: str) -> dict[str, Any]:
    """This script's function in a fresh process (its own peak memory); its JSON answer."""
    done = subprocess.run([sys.executable, __file__, *arguments], capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(arguments[:2])} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.splitlines()[-1])


def _new_articles(documents: list[dict[str, Any]], folder: Path, count: int) -> list[Path]:
    """`count` held-out ECB+ documents near the median length, as text files."""
    held_out = sorted(documents[-HELD_OUT:], key=lambda d: len(d["text"]))
    middle = len(held_out) // 2
    files = []
    for document in held_out[middle : middle + count]:
        path = folder / f"{document['id']}.txt"
        path.write_text(f"{document['title']}\n\n{document['text']}\n", encoding="utf-8")
        files.append(path)
    return files


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--data", type=Path, default=BENCH / "ecbplus_docs_dev.jsonl")
    parser.add_argument("--work", type=Path, default=None, help="folder for the stores")
    parser.add_argument("--articles", type=int, default=3, help="articles added per store")
    parser.add_argument("--build-index", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--measure", type=Path, nargs="+", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.build_index:
        print(json.dumps(build_index(options.build_index)))
        return
    if options.measure:
        db, *files = options.measure
        print(json.dumps(measure(db, files)))
        return
    documents = _documents(options.data)
    bank = sentence_bank(documents[:-HELD_OUT])
    with tempfile.TemporaryDirectory(dir=options.work) as scratch:
        work = Path(scratch)
        for size in options.sizes:
            db = work / f"store-{size}.db"
            started = time.perf_counter()
            build_store(db, size, bank)
            built = time.perf_counter() - started
            index = _run_here("--build-index", str(db))
            files = _new_articles(documents, work, options.articles)
            found = _run_here("--measure", str(db), *map(str, files))
            seconds = [a["seconds"] for a in found["added"]]
            stages = sorted({name for a in found["added"] for name in a["stage_s"]})
            report = {
                "articles": size,
                "store_mb": round(db.stat().st_size / 2**20),
                "build_store_s": round(built, 1),
                "index_rebuild": index,
                "add_s": seconds,
                "add_s_median": statistics.median(seconds),
                "stage_s_median": {
                    name: statistics.median(a["stage_s"].get(name, 0.0) for a in found["added"])
                    for name in stages
                },
                "open_s_median": statistics.median(a["open_s"] for a in found["added"]),
                "models_rss_mb": found["models_rss_mb"],
                "peak_rss_mb": found["peak_rss_mb"],
                "stories_notes": [a["stories_note"] for a in found["added"]],
            }
            print(json.dumps(report), flush=True)
            for path in work.glob(f"store-{size}.db*"):
                path.unlink()


if __name__ == "__main__":
    main()
