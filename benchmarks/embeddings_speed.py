"""Sentences embedded per second by each encoder, on ECB+ news sentences; prints one JSON line."""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

from storyline.embeddings import ENCODERS, get_encoder
from storyline.text.segment import split_sentences

DEFAULT_DATA = Path(__file__).resolve().parents[1].parent / "shared/bench/ecbplus_docs_dev.jsonl"


def sentences(path: Path, limit: int) -> list[str]:
    """The first `limit` non-empty sentences of the ECB+ documents, in file order."""
    found: list[str] = []
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            for sentence in split_sentences(json.loads(line)["text"], "en"):
                if sentence.text.strip():
                    found.append(sentence.text.strip())
                    if len(found) == limit:
                        return found
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--sentences", type=int, default=1000)
    args = parser.parse_args()
    texts = sentences(args.data, args.sentences)
    report: dict[str, object] = {"sentences": len(texts), "cpus": os.cpu_count()}
    # Other work on the machine slows every encoder; the load says how busy it was.
    report["load_before"] = round(os.getloadavg()[0], 2)
    for name in ENCODERS:
        encoder = get_encoder(name)
        encoder.encode(texts[:8])  # loads the model, so the timing is of encoding alone
        started = time.perf_counter()
        encoder.encode(texts)
        elapsed = time.perf_counter() - started
        report[f"{name}_sentences_per_s"] = round(len(texts) / elapsed, 1)
    report["load_after"] = round(os.getloadavg()[0], 2)
    print(json.dumps(report))


if __name__ == "__main__":
    main()
