"""Milliseconds to place one new article into a story store of 10k and 100k articles.

The large stores are generated from benchmark texts: ECB+ sentences (../shared/bench) are
encoded once by the store's encoder (cached in --cache), and each generated article is 4 to 12
of them recombined, with the pipeline's article vector (the normalised mean) and lexical keys,
a publication day within two years, and a story of about five articles. The clustering state is
built in memory with `StoryClusterer.add` (timed: what replaying a store does, as `recluster`
and the stories benchmark do; the stage instead opens the index saved with the store, see
benchmarks/add_latency.py); then new articles are placed one at a time with
`StoryClusterer.place`, which consults the ANN index and never scans all articles.

    .venv/bin/python benchmarks/placement_speed.py --sizes 10000 100000
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np

from storyline.embeddings.base import normalise_rows
from storyline.stories.clustering import StoryClusterer
from storyline.stories.features import ArticleProfile, lexical_keys
from storyline.text.segment import split_sentences

FIRST_DAY = 738_000  # 2021-07-20 as a proleptic ordinal; any origin will do


def sentence_bank(data: Path, cache: Path, count: int) -> tuple[list[str], np.ndarray]:
    """`count` ECB+ sentences and their unit vectors, encoded once and cached."""
    texts_file, vectors_file = cache / f"sentences-{count}.json", cache / f"vectors-{count}.npy"
    if texts_file.exists() and vectors_file.exists():
        return json.loads(texts_file.read_text(encoding="utf-8")), np.load(vectors_file)
    from storyline.embeddings.stage import encode_texts

    sentences = []
    for line in data.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        sentences.extend(s.text for s in split_sentences(record["text"], "en") if len(s.text) > 40)
    random.Random(0).shuffle(sentences)
    sentences = sentences[:count]
    vectors = encode_texts(sentences)
    cache.mkdir(parents=True, exist_ok=True)
    texts_file.write_text(json.dumps(sentences), encoding="utf-8")
    np.save(vectors_file, vectors)
    return sentences, vectors


def generated(
    rng: random.Random, sentences: list[str], vectors: np.ndarray, name: str
) -> ArticleProfile:
    picked = rng.sample(range(len(sentences)), rng.randint(4, 12))
    vector = normalise_rows(vectors[picked].mean(axis=0, keepdims=True))[0]
    text = " ".join(sentences[i] for i in picked)
    return ArticleProfile(
        name, vector, lexical_keys(text, "en"), FIRST_DAY + rng.randint(0, 730), "en"
    )


def measure(size: int, sentences: list[str], vectors: np.ndarray, placements: int) -> dict:
    rng = random.Random(size)
    profiles = [generated(rng, sentences, vectors, f"a{i}") for i in range(size)]
    clusterer = StoryClusterer()
    started = time.perf_counter()
    for index, profile in enumerate(profiles):
        clusterer.add(profile, f"s{index // 5}")
    build = time.perf_counter() - started
    timings = []
    for index in range(placements):
        profile = generated(rng, sentences, vectors, f"new{index}")
        started = time.perf_counter()
        clusterer.place(profile, f"s-new{index}")
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    return {
        "articles": size,
        "build_s": round(build, 1),
        "place_ms_median": round(statistics.median(timings), 2),
        "place_ms_p95": round(timings[int(0.95 * (len(timings) - 1))], 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/bench/ecbplus_docs_dev.jsonl"))
    parser.add_argument(
        "--cache", type=Path, default=Path(tempfile.gettempdir()) / "storyline-placement-speed"
    )
    parser.add_argument("--sentences", type=int, default=3000)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--placements", type=int, default=200)
    args = parser.parse_args()
    sentences, vectors = sentence_bank(args.data, args.cache, args.sentences)
    for size in args.sizes:
        print(json.dumps(measure(size, sentences, vectors, args.placements)), flush=True)


if __name__ == "__main__":
    main()
