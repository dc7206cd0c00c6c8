"""Training the article-similarity model on SemEval-2022 Task 8, ECB+ (dev) and the project's
story corpora, with its folds.

Pairs and targets: a SemEval pair's target is its graded `overall` read as a probability,
(4 - overall) / 3, so 1 (very similar) gives 1, 4 gives 0 and 2.5 sits at one half; an ECB+ pair
of one subtopic is 1, of two subtopics of one topic (a look-alike event) 0, and of two topics 0
(a sample of those). A story corpus (benchmarks/stories, ../shared/storyset.md) gives what the
public sets lack, one event told in Arabic, Turkish and English: two articles of its `same_story`
are 1, one of them and one of its `apart` look-alikes (or its misdated piece on other events) 0,
and articles of two corpora 0 (a sample); a misdated re-dated copy is left out. The logistic
regression is fitted on these soft targets (each pair twice, weighted p and 1 - p), which keeps
its output a probability. Every figure comes from folds:
SemEval by pair, ECB+ by topic, story pairs by corpus, fold i of each held out together.

Encodings are the cost; they are cached on disk per encoder member and text hash (`cache_dir`).
"""

from __future__ import annotations

import json
import os
import random
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from storyline.embeddings.registry import COMBINED_WEIGHTS
from storyline.errors import ConfigError
from storyline.ids import content_hash
from storyline.progress import Progress
from storyline.stories.similarity import (
    FEATURE_GROUPS,
    FEATURES,
    SENTENCE_BUDGET,
    ArticleView,
    SimilarityModel,
    artifact_path,
    feature_rows,
    text_view,
)
from storyline.text.segment import split_sentences

SEED = 20220801
FOLDS = 5
# The encoders a model is trained for (as the store names them) and the cached members whose
# unit vectors, weighted, make theirs.
ENCODER_MEMBERS = {
    "use": (("use", 1.0),),
    "e5": (("e5", 1.0),),
    "e5+use": (("e5", COMBINED_WEIGHTS["e5"]), ("use", COMBINED_WEIGHTS["use"])),
}
SEMEVAL_LANGUAGES = ("ar", "tr", "en")
# Cross-topic ECB+ pairs, and pairs of articles of two story corpora (easy negatives), sampled
# per document.
EASY_NEGATIVES_PER_DOCUMENT = 3
# The story corpora learned from: the development set and the first held-out batch, run once
# before it joined. A batch not yet run (later2/) stays out, or its first run would not be held out.
DEFAULT_STORIES = (Path("benchmarks/stories/dev"), Path("benchmarks/stories/later"))
# L2 strength of the regression; 1.0 (sklearn's default) and 0.1 to 10 scored alike in the folds.
REGULARISATION = 1.0
DEFAULT_CACHE = Path(tempfile.gettempdir()) / "storyline-similarity-cache"


@dataclass(frozen=True)
class Document:
    key: str
    title: str
    text: str
    language: str


@dataclass(frozen=True)
class Pair:
    first: str
    second: str
    target: float
    source: str  # "semeval:ar" ..., "ecb" or "story"
    group: int  # fold group: pair index for SemEval, topic for ECB+, corpus for stories
    overall: float | None = None


def read_semeval(path: Path) -> tuple[dict[str, Document], list[Pair]]:
    """Documents and pairs of one SemEval-2022 Task 8 JSONL file."""
    documents: dict[str, Document] = {}
    pairs = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            overall = float(record["overall"])
            keys = []
            for side in ("1", "2"):
                title, text = record[f"title{side}"] or "", record[f"text{side}"] or ""
                language = record.get(f"lang{side}") or path.stem
                key = content_hash(f"{language}\n{title}\n{text}")
                documents[key] = Document(key, title, text, language)
                keys.append(key)
        except (json.JSONDecodeError, KeyError, TypeError, ValueError) as error:
            raise ConfigError(f"'{path}' line {number}: not a SemEval pair ({error})") from error
        pairs.append(
            Pair(keys[0], keys[1], (4 - overall) / 3, f"semeval:{path.stem}", number, overall)
        )
    return documents, pairs


def read_ecb(path: Path, seed: int = SEED) -> tuple[dict[str, Document], list[Pair]]:
    """Documents and pairs of ECB+: every pair within a topic, and sampled cross-topic pairs."""
    from storyline.evals.stories import read_documents

    records = read_documents(path)
    documents = {
        f"ecb:{r['id']}": Document(f"ecb:{r['id']}", r["title"], r["text"], "en") for r in records
    }
    pairs = []
    for i, left in enumerate(records):
        for right in records[i + 1 :]:
            if left["topic"] == right["topic"]:
                same = float(left["subtopic"] == right["subtopic"])
                pairs.append(
                    Pair(f"ecb:{left['id']}", f"ecb:{right['id']}", same, "ecb", left["topic"])
                )
    rng = random.Random(seed)
    for left in records:
        others = [r for r in records if r["topic"] != left["topic"]]
        for right in rng.sample(others, EASY_NEGATIVES_PER_DOCUMENT):
            # Grouped by the first document's topic; the second's topic may sit in another
            # fold, which only shares an unrelated document's vector across folds.
            pairs.append(Pair(f"ecb:{left['id']}", f"ecb:{right['id']}", 0.0, "ecb", left["topic"]))
    return documents, pairs


def _corpus_documents(corpus: Path) -> dict[str, Document]:
    """A story corpus's articles as ingest reads them (title and body apart from bylines and
    page furniture, language detected), by their key in expected.json."""
    from storyline.evals.storyset import article_files
    from storyline.ingest.readers import read_inputs
    from storyline.ingest.run import SiteLines, build_items

    files = article_files(corpus)
    documents = {}
    for file, built in zip(files, build_items(read_inputs(files), SiteLines()), strict=True):
        if built.article is None:
            raise ConfigError(f"story corpus article '{file}' cannot be read: {built.error}")
        key = f"story:{corpus.name}/{file.name.split('_')[0]}"
        article = built.article
        documents[key] = Document(key, article.title or "", article.text, article.language)
    return documents


def read_story_corpora(
    folders: Sequence[Path], seed: int = SEED, first_group: int = 0
) -> tuple[dict[str, Document], list[Pair]]:
    """Documents and pairs of every story corpus in `folders`: same story 1, look-alike 0,
    other corpus 0 (sampled)."""
    from storyline.evals.storyset import expected_file, find_corpora

    corpora = [corpus for folder in folders for corpus in find_corpora(folder)]
    documents: dict[str, Document] = {}
    pairs: list[Pair] = []
    members_of: dict[int, list[str]] = {}
    for group, corpus in enumerate(sorted(corpora), start=first_group):
        expected_path = expected_file(corpus)
        assert expected_path is not None
        expected = json.loads(expected_path.read_text(encoding="utf-8"))
        found = _corpus_documents(corpus)
        documents.update(found)
        prefix = f"story:{corpus.name}/"
        same = [prefix + key for key in expected.get("same_story", []) if prefix + key in found]
        apart = [prefix + key for key in expected.get("apart", []) if prefix + key in found]
        if expected.get("misdated") and expected.get("misdated_apart", True):
            # A misdated piece on other events (storyset.md); a re-dated copy is left out.
            apart.append(prefix + expected["misdated"])
        for i, left in enumerate(same):
            pairs.extend(Pair(left, right, 1.0, "story", group) for right in same[i + 1 :])
            pairs.extend(Pair(left, other, 0.0, "story", group) for other in apart)
        members_of[group] = sorted(found)
    rng = random.Random(seed)
    for group, members in members_of.items():
        others = [key for g, keys in members_of.items() if g != group for key in keys]
        for left in members:
            for right in rng.sample(others, min(EASY_NEGATIVES_PER_DOCUMENT, len(others))):
                pairs.append(Pair(left, right, 0.0, "story", group))
    return documents, pairs


# -- encodings -------------------------------------------------------------------------------
def _member_encoder(member: str) -> Any:
    from storyline.embeddings.models import E5Encoder, USEEncoder

    # The store encodes its texts as queries (embeddings.stage), so the cache does too.
    return {"e5": E5Encoder, "use": USEEncoder}[member]()


def cached_vectors(
    texts: Sequence[str], member: str, cache_dir: Path, progress: bool = True
) -> dict[str, np.ndarray]:
    """Unit rows of `member` ('e5' or 'use') for each text by content hash, from the disk cache
    where present; missing ones are encoded in chunks and the cache saved after each."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    path = cache_dir / f"{member}.npz"
    known: dict[str, np.ndarray] = {}
    if path.exists():
        with np.load(path) as stored:
            known = dict(zip(stored["hashes"].tolist(), stored["vectors"], strict=True))
    missing = {content_hash(text): text for text in texts}
    missing = {key: text for key, text in missing.items() if key not in known}
    if missing:
        encoder = _member_encoder(member)
        bar = Progress(f"encode {member}", total=len(missing), enabled=progress)
        keys = sorted(missing)
        for start in range(0, len(keys), 256):
            chunk = keys[start : start + 256]
            vectors = encoder.encode([missing[key] for key in chunk], "query")
            known.update(zip(chunk, vectors, strict=True))
            hashes = np.array(list(known))
            # Written aside and renamed, so a reader (another run) never sees half a file.
            partial = path.with_suffix(f".{os.getpid()}.npz")
            np.savez(partial, hashes=hashes, vectors=np.vstack([known[k] for k in hashes]))
            os.replace(partial, path)
            bar.advance(step=len(chunk))
        bar.close()
    return known


def build_views(
    documents: dict[str, Document], encoder: str, cache_dir: Path, progress: bool = True
) -> dict[str, ArticleView]:
    """Each document's view in the named encoder's space."""
    if encoder not in ENCODER_MEMBERS:
        raise ConfigError(
            f"cannot train article similarity for encoder '{encoder}': use one of "
            f"{', '.join(ENCODER_MEMBERS)}"
        )
    texts: set[str] = set()
    for document in documents.values():
        sentences = split_sentences(document.text, document.language)[:SENTENCE_BUDGET]
        texts.update(s.text for s in sentences)
        texts.add(document.title.strip())
    texts.discard("")
    members = ENCODER_MEMBERS[encoder]
    tables = {m: cached_vectors(sorted(texts), m, cache_dir, progress) for m, _ in members}

    def encode(batch: list[str]) -> np.ndarray:
        rows = [
            np.hstack([np.sqrt(weight) * tables[m][content_hash(text)] for m, weight in members])
            for text in batch
        ]
        return np.array(rows, dtype=np.float32).reshape(len(batch), -1)

    return {
        key: text_view(document.title, document.text, document.language, encode)
        for key, document in documents.items()
    }


# -- data, folds, fitting ----------------------------------------------------------------------
@dataclass
class Dataset:
    pairs: list[Pair]
    rows: np.ndarray
    folds: np.ndarray
    languages: dict[str, str]


def load_dataset(
    bench: Path,
    encoder: str,
    cache_dir: Path = DEFAULT_CACHE,
    progress: bool = True,
    stories: Sequence[Path] = DEFAULT_STORIES,
) -> Dataset:
    """Every training pair with its feature row and its fold (`stories`: the folders of story
    corpora to learn from, none when empty)."""
    documents: dict[str, Document] = {}
    pairs: list[Pair] = []
    for language in SEMEVAL_LANGUAGES:
        path = bench / "semeval22t8" / f"{language}.jsonl"
        if not path.exists():
            raise ConfigError(f"no SemEval-2022 Task 8 file at '{path}'")
        found, read = read_semeval(path)
        documents.update(found)
        pairs.extend(read)
    ecb_path = bench / "ecbplus_docs_dev.jsonl"
    if not ecb_path.exists():
        raise ConfigError(f"no ECB+ documents at '{ecb_path}'")
    found, read = read_ecb(ecb_path)
    documents.update(found)
    pairs.extend(read)
    if stories:
        found, read = read_story_corpora(stories)
        documents.update(found)
        pairs.extend(read)
    views = build_views(documents, encoder, cache_dir, progress)
    rows = feature_rows([(views[p.first], views[p.second]) for p in pairs])
    languages = {key: document.language for key, document in documents.items()}
    return Dataset(pairs, rows, assign_folds(pairs), languages)


def assign_folds(pairs: Sequence[Pair], folds: int = FOLDS) -> np.ndarray:
    """SemEval pairs shuffled into folds by pair; ECB+ pairs by topic and story pairs by corpus
    (whole topics and corpora held out)."""
    rng = random.Random(SEED)
    grouped = ("ecb", "story")
    group_fold: dict[tuple[str, int], int] = {}
    for source in grouped:
        groups = sorted({p.group for p in pairs if p.source == source})
        rng.shuffle(groups)
        group_fold.update({(source, group): i % folds for i, group in enumerate(groups)})
    semeval = [i for i, p in enumerate(pairs) if p.source not in grouped]
    rng.shuffle(semeval)
    assigned = np.zeros(len(pairs), dtype=int)
    for position, index in enumerate(semeval):
        assigned[index] = position % folds
    for index, pair in enumerate(pairs):
        if pair.source in grouped:
            assigned[index] = group_fold[(pair.source, pair.group)]
    return assigned


def _weights(pairs: Sequence[Pair]) -> np.ndarray:
    """ECB+ pairs outnumber SemEval's twenty to one; each source (SemEval, ECB+, the story
    corpora) counts as much in all."""
    counts = {source: sum(p.source == source for p in pairs) for source in ("ecb", "story")}
    semeval = len(pairs) - sum(counts.values())
    return np.array(
        [semeval / counts[p.source] if p.source in counts else 1.0 for p in pairs], dtype=float
    )


def fit(
    rows: np.ndarray, pairs: Sequence[Pair], features: Sequence[str], encoder: str
) -> SimilarityModel:
    """A logistic regression on soft targets over the named columns of `rows`."""
    from sklearn.linear_model import LogisticRegression

    targets = np.array([p.target for p in pairs])
    weights = _weights(pairs)
    mean = rows.mean(axis=0)
    scale = rows.std(axis=0)
    scale[scale == 0] = 1.0
    standard = (rows - mean) / scale
    doubled = np.vstack([standard, standard])
    labels = np.r_[np.ones(len(rows)), np.zeros(len(rows))]
    sample_weight = np.r_[weights * targets, weights * (1 - targets)]
    keep = sample_weight > 0
    regression = LogisticRegression(C=REGULARISATION, max_iter=2000)
    regression.fit(doubled[keep], labels[keep], sample_weight=sample_weight[keep])
    return SimilarityModel(
        encoder,
        tuple(features),
        mean,
        scale,
        regression.coef_[0].astype(np.float64),
        float(regression.intercept_[0]),
    )


def columns(names: Sequence[str]) -> list[int]:
    return [FEATURES.index(name) for name in names]


def out_of_fold(dataset: Dataset, features: Sequence[str], encoder: str) -> np.ndarray:
    """Each pair's probability from the model fitted without its fold."""
    picked = dataset.rows[:, columns(features)]
    predicted = np.zeros(len(dataset.pairs))
    for fold in range(FOLDS):
        held = dataset.folds == fold
        train = [p for p, h in zip(dataset.pairs, held, strict=True) if not h]
        model = fit(picked[~held], train, features, encoder)
        predicted[held] = model.probabilities(picked[held])
    return predicted


def scores(dataset: Dataset, predicted: np.ndarray) -> dict[str, float]:
    """Pearson x 100 with -overall per SemEval language; ECB+ accuracy at 0.5 on one-topic
    pairs (same event against a look-alike), per class, and the share above 0.5 per language."""
    from sklearn.metrics import roc_auc_score

    result: dict[str, float] = {}
    for language in SEMEVAL_LANGUAGES:
        chosen = [i for i, p in enumerate(dataset.pairs) if p.source == f"semeval:{language}"]
        overall = np.array([dataset.pairs[i].overall for i in chosen], dtype=float)
        result[f"semeval_{language}_pearson"] = round(
            100 * float(np.corrcoef(predicted[chosen], -overall)[0, 1]), 1
        )
        same = overall <= 2.0
        result[f"semeval_{language}_accuracy"] = round(
            float(((predicted[chosen] >= 0.5) == same)[(overall <= 2.0) | (overall >= 3.0)].mean()),
            3,
        )
    ecb = [i for i, p in enumerate(dataset.pairs) if p.source == "ecb"]
    targets = np.array([dataset.pairs[i].target for i in ecb])
    probabilities = predicted[ecb]
    result["ecb_auc"] = round(float(roc_auc_score(targets, probabilities)), 4)
    result["ecb_accuracy"] = round(float(((probabilities >= 0.5) == (targets == 1)).mean()), 4)
    result["ecb_same_event_recall"] = round(float((probabilities[targets == 1] >= 0.5).mean()), 4)
    result["ecb_other_event_specificity"] = round(
        float((probabilities[targets == 0] < 0.5).mean()), 4
    )
    result.update(_story_scores(dataset, predicted))
    return result


def _story_scores(dataset: Dataset, predicted: np.ndarray) -> dict[str, float]:
    """On story-corpus pairs: same-event recall within and across languages, look-alike and
    other-corpus specificity, each at 0.5."""
    found: dict[str, list[bool]] = {}
    for index, pair in enumerate(dataset.pairs):
        if pair.source != "story":
            continue
        same_corpus = pair.first.split("/")[0] == pair.second.split("/")[0]
        if pair.target == 1:
            languages = {dataset.languages[pair.first], dataset.languages[pair.second]}
            name = "story_same_recall_" + ("one_language" if len(languages) == 1 else "across")
            found.setdefault(name, []).append(bool(predicted[index] >= 0.5))
        else:
            name = "story_" + ("look_alike" if same_corpus else "other_corpus") + "_specificity"
            found.setdefault(name, []).append(bool(predicted[index] < 0.5))
    return {name: round(float(np.mean(values)), 4) for name, values in sorted(found.items())}


def train_similarity(
    bench: Path,
    out: Path,
    encoders: Sequence[str] = ("use", "e5+use"),
    cache_dir: Path = DEFAULT_CACHE,
    progress: bool = True,
    stories: Sequence[Path] = DEFAULT_STORIES,
) -> dict[str, Any]:
    """Fit and write one model per encoder; returns each one's cross-validated scores."""
    out.mkdir(parents=True, exist_ok=True)
    report: dict[str, Any] = {}
    for encoder in encoders:
        dataset = load_dataset(bench, encoder, cache_dir, progress, stories)
        report[encoder] = scores(dataset, out_of_fold(dataset, FEATURES, encoder))
        model = fit(dataset.rows, dataset.pairs, FEATURES, encoder)
        artifact_path(encoder, out).write_text(
            json.dumps(model.to_json(), indent=1, sort_keys=True) + "\n", encoding="utf-8"
        )
    return report


def ablations(
    bench: Path,
    encoder: str,
    cache_dir: Path = DEFAULT_CACHE,
    progress: bool = True,
    stories: Sequence[Path] = DEFAULT_STORIES,
) -> dict[str, dict[str, float]]:
    """Cross-validated scores with all features, without each group, and each group alone."""
    dataset = load_dataset(bench, encoder, cache_dir, progress, stories)
    found = {"all": scores(dataset, out_of_fold(dataset, FEATURES, encoder))}
    for group, names in FEATURE_GROUPS.items():
        kept = [name for name in FEATURES if name not in names]
        found[f"without {group}"] = scores(dataset, out_of_fold(dataset, kept, encoder))
    return found
