"""News-article similarity (SemEval-2022 Task 8): Pearson of the learned same-event probability
with -overall, per file.

The encodings go through the disk cache that `storyline train similarity` fills (keyed by text,
so test files never meet training vectors, only the same encoder). Beside each file's figure,
`<stem>_baseline` is the plain encoder: the cosine of the title-and-lead vectors.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from storyline.errors import ConfigError
from storyline.stories.similarity import LEAD_SENTENCES, ArticleView, reading_for, unit


def _files(data: Path) -> list[Path]:
    if not data.is_dir():
        return [data]
    found = sorted(data.glob("*.jsonl"))
    if not found:
        raise ConfigError(f"'{data}' holds no .jsonl files of article pairs")
    return found


def _pearson(predicted: np.ndarray, overall: np.ndarray) -> float:
    if len(predicted) < 2 or np.std(predicted) == 0 or np.std(overall) == 0:
        raise ConfigError("Pearson needs at least two pairs with differing scores")
    return round(100 * float(np.corrcoef(predicted, -overall)[0, 1]), 1)


def _title_and_lead(view: ArticleView) -> np.ndarray:
    return unit(view.title + unit(view.sentences[:LEAD_SENTENCES].mean(axis=0)))


def run(data: Path, progress: bool = True) -> dict[str, Any]:
    """One key per file stem: Pearson x 100 of the model's probability with -overall."""
    from storyline.embeddings.stage import store_encoder
    from storyline.stories.similarity_train import DEFAULT_CACHE, build_views, read_semeval

    reading = reading_for(store_encoder())
    if reading is None:
        raise ConfigError(
            f"no article-similarity model reads encoder '{store_encoder().name}'; "
            "run 'storyline train similarity' first"
        )
    model = reading.model
    # The model's own encoder: the slice of a combined encoder it reads is that encoder's vector.
    encoder = model.encoder
    metrics: dict[str, Any] = {"encoder": encoder}
    for path in _files(data):
        documents, pairs = read_semeval(path)
        views = build_views(documents, encoder, DEFAULT_CACHE, progress)
        overall = np.array([pair.overall for pair in pairs], dtype=float)
        learned = np.array([model.probability(views[p.first], views[p.second]) for p in pairs])

        plain = np.array(
            [
                float(_title_and_lead(views[p.first]) @ _title_and_lead(views[p.second]))
                for p in pairs
            ]
        )
        metrics[path.stem] = _pearson(learned, overall)
        metrics[f"{path.stem}_baseline"] = _pearson(plain, overall)
        metrics[f"{path.stem}_pairs"] = len(pairs)
    return metrics
