"""Training the Arabic and Turkish entity taggers (CRFs) from ANERcorp and Turkish Wiki NER."""

from __future__ import annotations

import gzip
import json
import tempfile
from collections.abc import Sequence
from itertools import islice
from pathlib import Path
from typing import Any

from storyline.errors import ConfigError
from storyline.ner.clusters import cached_clusters, unlabelled_sentences
from storyline.ner.conll import Sentence, read_conll, score
from storyline.ner.features import sentence_features
from storyline.ner.tagger import LANGUAGES, artifact_paths, load_tagger
from storyline.progress import Progress

# Per language: the training file under the bench folder, its dev file (None: ANERcorp has none,
# so its last DEV_SHARE of sentences are held out as dev, and the shipped tagger is the one
# trained on the rest), and crfsuite's training algorithm and settings.
# Arabic: L-BFGS with L1 and L2 penalties (L1 prunes the feature table, keeping the artifact
# small). Turkish has four times the labels and three times the tokens, so L-BFGS would take far
# longer than the few minutes on one core a rebuild may take: it gets the averaged perceptron,
# a few epochs, and drops features seen only once.
RECIPES: dict[str, dict[str, Any]] = {
    "ar": {"train": "ner/anercorp/train.txt", "dev": None, "algorithm": "lbfgs",
           "params": {"c1": 0.05, "c2": 0.01, "max_iterations": 100}},
    "tr": {"train": "ner/turkish-wiki/train.conll", "dev": "ner/turkish-wiki/dev.conll",
           "algorithm": "ap", "params": {"max_iterations": 10, "feature.minfreq": 2}},
}  # fmt: skip
DEV_SHARE = 0.1


def split(language: str, bench: Path, limit: int | None) -> tuple[list[Sentence], list[Sentence]]:
    """(train, dev) sentences of the language's benchmark; `limit` keeps the first so many."""
    recipe = RECIPES[language]
    path = bench / recipe["train"]
    if not path.exists():
        raise ConfigError(
            f"no training file at '{path}'; pass --bench with the folder holding ner/"
        )
    train = read_conll(path)[:limit]
    if recipe["dev"]:
        return train, read_conll(bench / recipe["dev"])[:limit]
    cut = len(train) - round(len(train) * DEV_SHARE)
    return train[:cut], train[cut:]


def fit(sentences: Sequence[Sentence], language: str, clusters: dict[str, str], out: Path) -> None:
    """Train the language's CRF on `sentences` and write it with its clusters under `out`."""
    import pycrfsuite

    recipe = RECIPES[language]
    trainer = pycrfsuite.Trainer(algorithm=recipe["algorithm"], verbose=False)
    for sentence in sentences:
        trainer.append(sentence_features(sentence.tokens, language, clusters), sentence.tags)
    trainer.set_params({**recipe["params"], "feature.possible_transitions": True})
    model_path, clusters_path = artifact_paths(language, out)
    with tempfile.TemporaryDirectory() as scratch:
        model = Path(scratch) / "model.crfsuite"
        trainer.train(str(model))
        # mtime=0: the same data and settings give the same bytes.
        model_path.write_bytes(gzip.compress(model.read_bytes(), mtime=0))
    table = json.dumps(clusters, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    clusters_path.write_bytes(gzip.compress(table.encode("utf-8"), mtime=0))


def evaluate(sentences: Sequence[Sentence], language: str, directory: Path) -> dict[str, Any]:
    tagger = load_tagger(language, directory)
    predicted = [tagger.tag(sentence.tokens) for sentence in sentences]
    return score([sentence.tags for sentence in sentences], predicted, language)


def train_ner(
    bench: Path,
    out: Path,
    languages: Sequence[str] = LANGUAGES,
    limit: int | None = None,
    progress: bool = True,
) -> dict[str, Any]:
    """Train each language's tagger, write it under `out`, and return its dev scores."""
    out.mkdir(parents=True, exist_ok=True)
    report = {}
    steps = Progress("train ner", total=len(languages), enabled=progress)
    for language in languages:
        train, dev = split(language, bench, limit)
        unlabelled = list(islice(unlabelled_sentences(bench, language), limit))
        # The labelled text (dev included: its words, not its tags) adds to the unlabelled.
        clusters = cached_clusters(
            [*unlabelled, *(list(s.tokens) for s in [*train, *dev])], language
        )
        fit(train, language, clusters, out)
        dev_scores = evaluate(dev, language, out)
        report[language] = {
            "train_sentences": len(train),
            "dev_sentences": len(dev),
            "dev": {key: dev_scores[key] for key in ("f1", "main_f1", "precision", "recall")},
            "dev_per_type": {kind: round(v["f1"], 4) for kind, v in dev_scores["per_type"].items()},
            "artifact_bytes": sum(path.stat().st_size for path in artifact_paths(language, out)),
        }
        steps.advance(language)
    steps.close()
    return report
