"""Story clustering on ECB+ documents: online placement in a shuffled order, B-cubed F1 and ARI.

The documents go through the same path as analysed articles (text and embeddings stages, the
stories stage's profile and its online placement), one at a time, in an order shuffled with a
fixed seed. ECB+ has no publication dates, so the time signal is absent here.
"""

from __future__ import annotations

import json
import os
import random
import tempfile
from collections import Counter
from collections.abc import Hashable, Sequence
from pathlib import Path
from typing import Any

from sklearn.metrics import adjusted_rand_score

from storyline.errors import ConfigError
from storyline.progress import Progress

SEED = 13
# A store kept between runs when this names one (a path or URL): its embeddings cache spares a
# re-run the encoders, which take most of the time. Without it the store is temporary.
WORK_STORE_VARIABLE = "STORYLINE_EVAL_STORE"


def b_cubed_f1(gold: Sequence[Hashable], predicted: Sequence[Hashable]) -> float:
    """B-cubed F1 (Bagga & Baldwin 1998) of a clustering against gold labels, item by item."""
    if len(gold) != len(predicted):
        raise ValueError("gold and predicted labels differ in length")
    if not gold:
        return 0.0
    pairs = Counter(zip(gold, predicted, strict=True))
    gold_sizes, predicted_sizes = Counter(gold), Counter(predicted)
    precision = recall = 0.0
    for (gold_label, predicted_label), together in pairs.items():
        precision += together * together / predicted_sizes[predicted_label]
        recall += together * together / gold_sizes[gold_label]
    precision, recall = precision / len(gold), recall / len(gold)
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def read_documents(path: Path) -> list[dict[str, Any]]:
    """The JSONL records {id, topic, subtopic, title, text}; a bad line names its number."""
    documents = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            documents.append(
                {
                    "id": str(record["id"]),
                    "topic": record["topic"],
                    "subtopic": record["subtopic"],
                    "title": record.get("title") or "",
                    "text": record.get("text") or "",
                }
            )
        except (json.JSONDecodeError, KeyError, TypeError) as error:
            raise ConfigError(f"'{path}' line {number}: not a story record ({error})") from error
    if not documents:
        raise ConfigError(f"'{path}' holds no documents")
    return documents


def clustering_scores(
    documents: Sequence[dict[str, Any]], stories: Sequence[str]
) -> dict[str, float]:
    """B-cubed F1 and adjusted Rand of predicted stories against subtopics and topics."""
    metrics = {}
    for level in ("subtopic", "topic"):
        gold = [str(document[level]) for document in documents]
        metrics[f"{level}_b3_f1"] = round(b_cubed_f1(gold, stories), 4)
        metrics[f"{level}_ari"] = round(float(adjusted_rand_score(gold, stories)), 4)
    return metrics


def _data_file(data: Path) -> Path:
    """The JSONL file itself, or the one JSONL file in a folder."""
    if not data.is_dir():
        return data
    found = sorted(data.glob("*.jsonl"))
    if len(found) != 1:
        raise ConfigError(
            f"'{data}' holds {len(found)} .jsonl files; give the path of the one to evaluate"
        )
    return found[0]


def run(data: Path, progress: bool = True, seed: int = SEED) -> dict[str, Any]:
    """Feed the documents one at a time, shuffled with `seed`, into online story placement."""
    from storyline.stories.stage import load_documents, place_one_at_a_time

    documents = read_documents(_data_file(data))
    order = list(range(len(documents)))
    random.Random(seed).shuffle(order)
    kept = os.environ.get(WORK_STORE_VARIABLE)
    with tempfile.TemporaryDirectory(prefix="storyline-eval-") as folder:
        from storyline.store import open_store
        from storyline.store.placement_changes import note_every_placement

        with open_store(kept or Path(folder) / "eval.db") as store:
            bar = Progress("embed", total=len(documents), enabled=progress)
            ids = load_documents(store, documents, on_each=bar.advance)
            bar.close()
            with store.transaction():
                note_every_placement(store)
                store.execute("DELETE FROM story_articles")
                store.execute("DELETE FROM stories")
            assigned = place_one_at_a_time(store, [ids[index] for index in order])
    stories = [assigned[article_id] for article_id in ids]
    metrics: dict[str, Any] = clustering_scores(documents, stories)
    metrics.update(documents=len(documents), stories=len(set(stories)), seed=seed)
    return metrics
