"""Embedding benchmarks: Tatoeba translation retrieval and SemEval-2017 STS correlation."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from storyline.embeddings import Encoder, get_encoder, margin_scores
from storyline.errors import IngestError
from storyline.evals import Metrics
from storyline.ingest.language import detect_language
from storyline.progress import Progress

_TATOEBA_PAIR = re.compile(r"^([a-z]{3})-eng\.\1$")
# A detected language with fewer sentences than this in an STS file is a detector slip on a
# short sentence ('es' read as 'pt'); such sentences join the file's main language.
MIN_LANGUAGE_GROUP = 20


def _lines(path: Path) -> list[str]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise IngestError(str(path), f"cannot read it as UTF-8 text: {error}") from error
    return text.split("\n")[:-1] if text.endswith("\n") else text.split("\n")


def _accuracy(best: np.ndarray) -> float:
    return float((best == np.arange(len(best))).mean())


def tatoeba(data: Path, progress: bool = True) -> Metrics:
    """Accuracy of finding the translation, each direction and their mean, per language pair.

    Each side is encoded as one collection (its language's common directions removed) and
    pairs are ranked by ratio margin, both unsupervised: no gold pair informs the scores.
    """
    encoder = get_encoder()
    pairs = sorted(path for path in data.iterdir() if _TATOEBA_PAIR.match(path.name))
    if not pairs:
        raise IngestError(str(data), "no Tatoeba pair files (XXX-eng.XXX with XXX-eng.eng) here")
    metrics: Metrics = {"encoder": encoder.name}
    bar = Progress("tatoeba", total=2 * len(pairs), enabled=progress)
    for foreign_path in pairs:
        language = foreign_path.suffix[1:]
        english_path = foreign_path.with_suffix(".eng")
        foreign, english = _lines(foreign_path), _lines(english_path)
        if len(foreign) != len(english):
            raise IngestError(
                str(foreign_path),
                f"{len(foreign)} lines but {english_path.name} has {len(english)}; "
                "line i of each must translate the other",
            )
        foreign_vectors = encoder.encode_collection(foreign, "query")
        bar.advance(foreign_path.name)
        english_vectors = encoder.encode_collection(english, "query")
        bar.advance(english_path.name)
        scores = margin_scores(foreign_vectors, english_vectors)
        to_english = _accuracy(scores.argmax(axis=1))
        from_english = _accuracy(scores.argmax(axis=0))
        metrics[language] = round((to_english + from_english) / 2, 4)
        metrics[f"{language}_to_eng"] = round(to_english, 4)
        metrics[f"eng_to_{language}"] = round(from_english, 4)
    bar.close()
    return metrics


def _sts_pairs(path: Path) -> tuple[list[float], list[str], list[str]]:
    gold: list[float] = []
    firsts: list[str] = []
    seconds: list[str] = []
    for number, line in enumerate(_lines(path), start=1):
        if not line.strip():
            continue
        # Split on tabs, not with csv: sentences hold bare quotes and stray spaces.
        fields = line.split("\t")
        try:
            score = float(fields[0])
        except ValueError:
            if number == 1:  # a header row
                continue
            raise IngestError(
                f"{path}:{number}", f"gold score {fields[0]!r} is not a number"
            ) from None
        if len(fields) < 3:
            raise IngestError(f"{path}:{number}", "expected: gold score, sentence 1, sentence 2")
        gold.append(score)
        firsts.append(fields[1].strip())
        seconds.append(fields[2].strip())
    return gold, firsts, seconds


def _by_language(encoder: Encoder, texts: Sequence[str]) -> np.ndarray:
    """Rows for `texts` with each language's mean removed, languages detected per sentence.

    Cross-lingual STS files may hold either language in either column, so the mean is taken
    per language, not per column.
    """
    languages = [detect_language(text)[0] for text in texts]
    counts = Counter(languages)
    main = counts.most_common(1)[0][0]
    groups: dict[str, list[int]] = {}
    for index, language in enumerate(languages):
        key = language if counts[language] >= MIN_LANGUAGE_GROUP else main
        groups.setdefault(key, []).append(index)
    rows = np.zeros((len(texts), encoder.dim), dtype=np.float32)
    for indices in groups.values():
        # No principal directions: on the STS 2017 dev files removing them lowered all four
        # correlations, while removing the mean raised three.
        rows[indices] = encoder.encode_collection([texts[i] for i in indices], "query", 0)
    return rows


def sts(data: Path, progress: bool = True) -> Metrics:
    """Pearson r x 100 between the pairs' cosine and the gold score, per file stem."""
    encoder = get_encoder()
    files = sorted(data.glob("*.tsv")) if data.is_dir() else [data]
    if not files:
        raise IngestError(str(data), "no STS .tsv files (gold, sentence 1, sentence 2) here")
    metrics: Metrics = {"encoder": encoder.name}
    bar = Progress("sts", total=len(files), enabled=progress)
    for path in files:
        gold, firsts, seconds = _sts_pairs(path)
        if len(gold) < 2:
            raise IngestError(str(path), "fewer than two scored pairs: no correlation to compute")
        rows = _by_language(encoder, firsts + seconds)
        cosines = np.sum(rows[: len(firsts)] * rows[len(firsts) :], axis=1)
        metrics[path.stem] = round(float(np.corrcoef(cosines, gold)[0, 1]) * 100, 2)
        bar.advance(path.name)
    bar.close()
    return metrics
