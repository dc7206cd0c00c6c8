"""Training the attribution cue model from PolNeAR's training split, reproducibly."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from storyline.claims.cues import ARTIFACT, CueModel, features, is_candidate
from storyline.progress import Progress

# L2 strength (sklearn's C) and the score from which a verb counts as a cue; chosen on dev.
REGULARISATION = 0.5
THRESHOLD = 0.35
# Weights smaller than this change no decision and only make the artifact larger.
MIN_WEIGHT = 0.01
PARSE_CACHE = Path("/tmp/storyline-attribution-parses")


def _parsed_sentences(
    split: Path, every: int, progress: bool
) -> list[tuple[list[tuple[int, int]], int, Any]]:
    """(gold cue spans of the document, sentence offset, parse) for each sentence of every
    `every`-th document; parses are cached on disk, since parsing is most of the work."""
    from spacy.tokens import DocBin

    from storyline.claims.entities import _nlp
    from storyline.evals.polnear import read_split
    from storyline.text.segment import split_sentences

    documents = read_split(split)[::every]
    nlp = _nlp()
    cache = PARSE_CACHE / f"{split.name}-every{every}"
    cues_of = {name: [span for g in gold if g.cue for span in g.cue] for name, _, gold in documents}
    if (cache / "meta.json").exists():
        meta = json.loads((cache / "meta.json").read_text())
        docs = list(DocBin().from_disk(cache / "docs.spacy").get_docs(nlp.vocab))
    else:
        meta, docs = [], []
        bar = Progress("parsing", total=len(documents), enabled=progress)
        for name, text, _ in documents:
            sentences = split_sentences(text, "en")
            for sentence, doc in zip(
                sentences, nlp.pipe([s.text for s in sentences], batch_size=64), strict=True
            ):
                meta.append([name, sentence.start])
                docs.append(doc)
            bar.advance(name)
        bar.close()
        cache.mkdir(parents=True, exist_ok=True)
        DocBin(docs=docs).to_disk(cache / "docs.spacy")
        (cache / "meta.json").write_text(json.dumps(meta))
    return [(cues_of[name], offset, doc) for (name, offset), doc in zip(meta, docs, strict=True)]


def training_rows(
    split: Path, every: int = 1, progress: bool = True
) -> tuple[list[list[str]], list[int]]:
    """Features of every candidate verb in a PolNeAR split, labelled 1 where a gold Cue
    covers it."""
    rows, labels = [], []
    for cues, offset, doc in _parsed_sentences(split, every, progress):
        for token in doc:
            if not is_candidate(token):
                continue
            start = offset + token.idx
            end = start + len(token.text)
            rows.append(features(token))
            labels.append(int(any(a < end and start < b for a, b in cues)))
    return rows, labels


def train_attribution(
    bench: Path, out: Path | None = None, every: int = 1, progress: bool = True
) -> dict[str, Any]:
    """Fit the cue model on PolNeAR train (every `every`-th document) and write it to `out`."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    rows, labels = training_rows(bench / "polnear" / "train", every, progress)
    vectorizer = DictVectorizer()
    matrix = vectorizer.fit_transform([dict.fromkeys(row, 1) for row in rows])
    classifier = LogisticRegression(C=REGULARISATION, max_iter=2000)
    classifier.fit(matrix, labels)
    weights = {
        name: round(float(weight), 4)
        for name, weight in zip(
            vectorizer.get_feature_names_out(), classifier.coef_[0], strict=True
        )
        if abs(weight) >= MIN_WEIGHT
    }
    model = CueModel(
        dict(sorted(weights.items())), round(float(classifier.intercept_[0]), 4), THRESHOLD
    )
    path = out or ARTIFACT
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(model.as_dict(), indent=0, sort_keys=True) + "\n", encoding="utf-8")
    return {
        "artifact": str(path),
        "candidates": len(rows),
        "cues": sum(labels),
        "features": len(weights),
        "training_accuracy": round(float(classifier.score(matrix, labels)), 4),
    }
