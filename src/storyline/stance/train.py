"""Training the stance heads from the FNC-1 and ANS training sets, reproducibly bit for bit."""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPClassifier
from threadpoolctl import threadpool_limits

from storyline.errors import ConfigError
from storyline.progress import Progress
from storyline.stance.data import (
    ANS_LABELS,
    FNC_LABELS,
    Pair,
    fnc_split,
    headline_pairs,
    read_ans,
    read_arc,
    read_fnc,
    read_tatoeba,
    read_unifiedfc,
    unifiedfc_split,
)
from storyline.stance.embed import embed
from storyline.stance.features import Extractor, Idf, Side, Vocabulary
from storyline.stance.model import Head, analyse_all, dense_rows, design, group_columns

SEED = 20170601
# Each head: its benchmark, language, label set, feature groups, vocabulary size, epochs and L2
# penalty. ANS has no unrelated pairs; the head learns that class from claims paired with the
# text of another claim (`unrelated_share` of the training pairs), since most pairs it meets at
# run time are of that kind. `set_weight` weighs the pairs of an optional set (OPTIONAL_SETS) in
# the loss. On our FNC-1 dev split (claims unseen in training) the encoder columns add 0.8
# points of FNC score (85.3 to 86.1) and 0.01 macro-F1 at 12 epochs; twice as many epochs add
# about 0.5 more on FNC-1 and 0.02 macro-F1 on ANS dev.
ALL_GROUPS = ("overlap", "cue", "mismatch", "embedding")
RECIPES = {
    "fnc1": {"language": "en", "labels": FNC_LABELS, "vocabulary": 2000, "epochs": 24,
             "alpha": 1e-3, "groups": ALL_GROUPS, "set_weight": {"unifiedfc": 3.0}},
    "ans": {"language": "ar", "labels": (*ANS_LABELS, "unrelated"), "vocabulary": 1500,
            "epochs": 60, "alpha": 1e-2, "groups": ALL_GROUPS, "unrelated_share": 0.1},
}  # fmt: skip
# Variants shipped beside each head, named by suffix: the groups they leave out, and whether they
# are the cross-language head (used when a text is not in the head's training language).
VARIANTS = {"": ((), False), "-nocue": (("cue",), False), "-xling": ((), True)}
# The cross-language claim-pair head ("ans-xling") reads more than Arabic: English claim pairs
# read off FNC-1 headlines (this many per label) and Tatoeba translations (Arabic-English,
# Turkish-English; every fifth line held out for dev), each with unrelated pairs mixed in.
HEADLINE_PAIRS = {"train": 1000, "dev": 200}
EXTRA_UNRELATED_SHARE = 0.3
# The sets each head trains on (every variant alike), the first being its own benchmark, and
# those a variant adds.
HEAD_SETS = {"fnc1": ("fnc1",), "ans": ("ans",)}
VARIANT_SETS = {"ans-xling": ("claim pairs",)}
# Sets that join a head's training only when asked (`storyline train stance --also SET`), by the
# heads they join: ARC every FNC-1 head, UnifiedFC's Arabic claim-article pairs the
# cross-language body head, which is the one that reads an Arabic claim against an Arabic
# article (`head_named`). The shipped heads leave both out: with them, FNC-1 dev macro-F1 fell
# by about 0.02 over three seeds (disagree F1 most) for +0.07 on ARC dev, and UnifiedFC dev
# rose by less than its seed-to-seed spread (BENCHMARKS.md, "Stance and contradiction").
OPTIONAL_SETS = {"arc": ("fnc1", "fnc1-nocue", "fnc1-xling"), "unifiedfc": ("fnc1-xling",)}
# Sets each head variant is scored on beyond those it trains on, where the bench has them.
SCORED_ON = {"fnc1": ("arc",), "fnc1-nocue": ("arc",), "fnc1-xling": ("arc", "unifiedfc")}


def _languages(pair: Pair, language: str) -> tuple[str, str]:
    return pair.languages or (language, language)


def with_unrelated(pairs: list[Pair], share: float, seed: int, language: str) -> list[Pair]:
    """`pairs` plus claims paired with the text of a different claim, labelled unrelated."""
    rng = np.random.default_rng(seed)
    picks = rng.integers(0, len(pairs), size=(round(share * len(pairs)), 2))
    extra = [
        Pair(pairs[i].a, pairs[j].b, "unrelated", None,
             (_languages(pairs[i], language)[0], _languages(pairs[j], language)[1]))
        for i, j in picks.tolist()
        if pairs[i].a != pairs[j].a
    ]  # fmt: skip
    return pairs + extra


def cross_language_pairs(
    bench_dir: Path, fnc_train: list[Pair], fnc_dev: list[Pair]
) -> tuple[list[Pair], list[Pair]]:
    """(train, dev) claim pairs beyond ANS for the cross-language claim-pair head."""
    translations = read_tatoeba(bench_dir / "tatoeba")
    found = []
    for part, fnc_part in (("train", fnc_train), ("dev", fnc_dev)):
        held_out = part == "dev"
        pairs = [pair for i, pair in enumerate(translations) if (i % 5 == 0) == held_out]
        headlines = headline_pairs(fnc_part, HEADLINE_PAIRS[part], SEED)
        english = [Pair(p.a, p.b, p.label, None, ("en", "en")) for p in headlines]
        found.append(with_unrelated(pairs + english, EXTRA_UNRELATED_SHARE, SEED, "en"))
    return found[0], found[1]


# ARC's Body IDs are renumbered past FNC-1's so one training set never names two bodies alike.
ARC_KEY_OFFSET = 1_000_000


def _arc_sets(folder: Path) -> tuple[list[Pair], list[Pair]]:
    train, dev = fnc_split(read_arc(folder, "train"))
    renumbered = [
        [replace(pair, b_key=ARC_KEY_OFFSET + (pair.b_key or 0)) for pair in part]
        for part in (train, dev)
    ]
    return renumbered[0], renumbered[1]


def bench_sets(
    bench_dir: Path, required: Sequence[str] = ()
) -> dict[str, tuple[list[Pair], list[Pair]]]:
    """(train, dev) pairs of every set the heads learn from or are scored on, under `bench_dir`:
    fnc1/, ans/, the cross-language claim pairs (tatoeba/ and FNC-1 headlines), and arc/ and
    unifiedfc/ where they are there (or in `required`)."""
    fnc_train, fnc_dev = fnc_split(read_fnc(bench_dir / "fnc1", "train"))
    ans_train = read_ans(bench_dir / "ans" / "stance_train.csv")
    found = {
        "fnc1": (fnc_train, fnc_dev),
        "ans": (with_unrelated(ans_train, RECIPES["ans"]["unrelated_share"], SEED, "ar"),
                read_ans(bench_dir / "ans" / "stance_dev.csv")),
        "claim pairs": cross_language_pairs(bench_dir, fnc_train, fnc_dev),
    }  # fmt: skip
    if "arc" in required or (bench_dir / "arc").is_dir():
        found["arc"] = _arc_sets(bench_dir / "arc")
    if "unifiedfc" in required or (bench_dir / "unifiedfc").is_dir():
        claims = read_unifiedfc(bench_dir / "unifiedfc" / "claims.jsonl")
        found["unifiedfc"] = unifiedfc_split(claims)
    return found


def training_sets(head: str, also: Sequence[str] = ()) -> tuple[str, ...]:
    """The sets a head variant ('fnc1', 'fnc1-xling', ...) trains on, the first being its own
    benchmark, with those of `also` (names in OPTIONAL_SETS) that join it."""
    name = head.split("-")[0]
    joined = tuple(part for part in OPTIONAL_SETS if part in also and head in OPTIONAL_SETS[part])
    return HEAD_SETS[name] + VARIANT_SETS.get(head, ()) + joined


@dataclass
class Prepared:
    """A training set analysed once: tables and every dense column, shared by all variants."""

    a: list[Side]
    b: list[Side]
    idf: Idf
    vocabulary: Vocabulary
    extractor: Extractor
    dense: np.ndarray
    target: np.ndarray
    # Each pair's weight in the loss (None: all 1).
    weight: np.ndarray | None = None


def prepare(
    name: str,
    pairs: Sequence[Pair],
    recipe: dict,
    progress: bool = True,
    weight: np.ndarray | None = None,
) -> Prepared:
    """Analyse the training pairs and fit the tables (IDF, vocabulary) on them; `weight` is each
    pair's weight in the loss (default: all 1)."""
    languages = [_languages(pair, recipe["language"]) for pair in pairs]
    a = analyse_all([pair.a for pair in pairs], [language for language, _ in languages])
    b = analyse_all([pair.b for pair in pairs], [language for _, language in languages])
    keys = [pair.b_key for pair in pairs]
    documents = list({id(side): side.words for side in [*a, *b]}.values())
    idf = Idf.fit(documents)
    extractor = Extractor(idf)
    dense = _dense_with_progress(extractor, a, b, keys, name, progress)
    labels = tuple(recipe["labels"])
    return Prepared(
        a=a,
        b=b,
        idf=idf,
        vocabulary=Vocabulary.fit(documents, recipe["vocabulary"]),
        extractor=extractor,
        dense=dense,
        target=np.array([labels.index(pair.label) for pair in pairs]),
        weight=weight,
    )


def fit_head(
    name: str, prepared: Prepared, recipe: dict, groups: Sequence[str], cross_language: bool
) -> Head:
    """Fit one head's MLP on prepared pairs, reading only the dense columns of `groups`."""
    chosen = prepared.dense[:, group_columns(prepared.extractor, groups, cross_language)]
    mean = chosen.mean(axis=0)
    spread = chosen.std(axis=0)
    scale = np.where(spread > 1e-9, spread, 1.0)
    matrix = design(groups, cross_language, prepared.vocabulary, prepared.extractor, prepared.a,
                    prepared.b, prepared.dense, mean, scale)  # fmt: skip
    classifier = MLPClassifier(
        hidden_layer_sizes=(100,),
        alpha=recipe["alpha"],
        batch_size=min(128, len(prepared.target)),
        learning_rate_init=1e-3,
        max_iter=recipe["epochs"],
        n_iter_no_change=recipe["epochs"] + 1,
        random_state=SEED,
    )
    with threadpool_limits(limits=1), warnings.catch_warnings():
        # A fixed epoch count is the recipe; not converging to tol is expected.
        warnings.simplefilter("ignore", ConvergenceWarning)
        classifier.fit(matrix, prepared.target, sample_weight=prepared.weight)
    labels = tuple(recipe["labels"])
    present = [labels[i] for i in classifier.classes_]
    weights = [np.asarray(w, dtype=np.float32) for w in classifier.coefs_]
    biases = [np.asarray(b, dtype=np.float64) for b in classifier.intercepts_]
    if len(present) != len(labels) or weights[-1].shape[1] != len(labels):
        # A label absent from a small training set: give it an output that never wins.
        weights[-1], biases[-1] = _expand_output(weights[-1], biases[-1], present, labels)
    return Head(
        name=name,
        labels=labels,
        groups=tuple(groups),
        cross_language=cross_language,
        vocabulary=Vocabulary([]) if cross_language else prepared.vocabulary,
        idf=prepared.idf,
        mean=mean,
        scale=scale,
        weights=weights,
        biases=biases,
        info={"language": recipe["language"], "train_pairs": len(prepared.a), "seed": SEED,
              "epochs": recipe["epochs"], "alpha": recipe["alpha"]},
    )  # fmt: skip


def _expand_output(
    weight: np.ndarray, bias: np.ndarray, present: list[str], labels: tuple[str, ...]
) -> tuple[np.ndarray, np.ndarray]:
    full_weight = np.zeros((weight.shape[0], len(labels)), dtype=np.float32)
    full_bias = np.full(len(labels), -1e4)
    if len(present) == 2 and weight.shape[1] == 1:
        # Two classes: sklearn learns one logistic output; as softmax that is (0, z).
        weight = np.hstack([np.zeros_like(weight), weight])
        bias = np.concatenate([[0.0], bias])
    for column, label in enumerate(present):
        full_weight[:, labels.index(label)] = weight[:, column]
        full_bias[labels.index(label)] = bias[column]
    return full_weight, full_bias


def _dense_with_progress(
    extractor: Extractor, a: list, b: list, keys: list, name: str, progress: bool
) -> np.ndarray:
    meter = Progress(f"stance {name} features", total=len(a), enabled=progress)
    chunks = []
    step = 2000
    for start in range(0, len(a), step):
        stop = start + step
        chunks.append(dense_rows(extractor, a[start:stop], b[start:stop], keys[start:stop], embed))
        meter.advance(step=len(chunks[-1]))
    meter.close()
    return np.vstack(chunks)


def head_labels(head: Head, pairs: Sequence[Pair], language: str) -> list[str]:
    """The head's label for each pair."""
    languages = [_languages(pair, language) for pair in pairs]
    a = analyse_all([pair.a for pair in pairs], [left for left, _ in languages])
    b = analyse_all([pair.b for pair in pairs], [right for _, right in languages])
    matrix = head.design(head.extractor(), a, b, [pair.b_key for pair in pairs])
    probabilities = head.probabilities(matrix)
    return [head.labels[i] for i in probabilities.argmax(axis=1)]


# An analyst's corrected stance of an article toward an assertion, as an FNC-1 label.
CORRECTED_STANCE_LABELS = {
    "supports": "agree",
    "denies": "disagree",
    "reports-without-endorsing": "discuss",
    "unrelated": "unrelated",
}
# Claim relations an analyst added, as ANS claim-pair labels.
CORRECTED_RELATION_LABELS = {"contradicts": "disagree", "supports": "agree"}


def correction_pairs(store_path: str | Path) -> dict[str, list[Pair]]:
    """Training pairs from a store's active corrections, by head: each corrected stance is an
    (assertion claim, article text) pair for the FNC-1 head; each added `contradicts` or
    `supports` relation between claims a claim pair for the ANS head."""
    from storyline.corrections import list_corrections
    from storyline.store import open_store

    found: dict[str, list[Pair]] = {"fnc1": [], "ans": []}
    with open_store(store_path) as store:
        for correction in list_corrections(store, active_only=True):
            target = correction.target
            if correction.kind == "stance":
                claim = store.query_one(
                    "SELECT c.text, c.language FROM assertion_claims m "
                    "JOIN claims c ON c.id = m.claim_id WHERE m.assertion_id = ? "
                    "ORDER BY m.article_id = ?, c.id LIMIT 1",
                    (target["assertion_id"], target["article_id"]),
                )
                article = store.query_one(
                    "SELECT text, language FROM articles WHERE id = ?", (target["article_id"],)
                )
                if claim and article:
                    label = CORRECTED_STANCE_LABELS[correction.value]
                    languages = (claim["language"], article["language"])
                    found["fnc1"].append(
                        Pair(claim["text"], article["text"], label, None, languages)
                    )
            elif correction.kind == "relation" and correction.value == "add":
                label = CORRECTED_RELATION_LABELS.get(target["kind"])
                rows = [
                    store.query_one("SELECT text, language FROM claims WHERE id = ?", (end,))
                    for end in (target["from"], target["to"])
                ]
                if label and rows[0] and rows[1]:
                    languages = (rows[0]["language"], rows[1]["language"])
                    found["ans"].append(
                        Pair(rows[0]["text"], rows[1]["text"], label, None, languages)
                    )
    return found


def train_stance(
    bench_dir: Path,
    out_dir: Path,
    progress: bool = True,
    corrections: str | Path | None = None,
    also: Sequence[str] = (),
) -> dict:
    """Train every stance head and variant on the benchmarks' training parts (plus the sets of
    `also`, names in OPTIONAL_SETS, and with `corrections` the analysts' corrected stances and
    claim relations in that store), write them to `out_dir`, and return each one's scores on
    the held-out dev parts of the sets it trains on and of those in SCORED_ON."""
    from storyline.evals.stance import TRAINED_CLAIMS

    unknown = sorted(set(also) - set(OPTIONAL_SETS))
    if unknown:
        raise ConfigError(f"unknown training set(s) {', '.join(unknown)}; "
                          f"known: {', '.join(OPTIONAL_SETS)}")  # fmt: skip
    data = bench_sets(bench_dir, required=also)
    report: dict = {}
    if also:
        report["also"] = sorted(also)
    corrected: dict[str, list[Pair]] = {name: [] for name in RECIPES}
    if corrections is not None:
        corrected = correction_pairs(corrections)
        report["corrections"] = {
            "store": str(corrections),
            **{f"{name}_pairs": len(pairs) for name, pairs in corrected.items()},
        }
    for name, recipe in RECIPES.items():
        prepared: dict[tuple[str, ...], Prepared] = {}
        for suffix, (left_out, cross_language) in VARIANTS.items():
            sets = training_sets(name + suffix, also)
            if sets not in prepared:
                train = [pair for part in sets for pair in data[part][0]] + corrected[name]
                weight = set_weights(sets, data, recipe, len(corrected[name]))
                prepared[sets] = prepare(name, train, recipe, progress, weight)
            groups = tuple(group for group in recipe["groups"] if group not in left_out)
            head = fit_head(name + suffix, prepared[sets], recipe, groups, cross_language)
            claims = sorted({pair.claim for part in sets for pair in data[part][0] if pair.claim})
            if claims:
                # The claims it has seen, so that an eval never scores them.
                head.info[TRAINED_CLAIMS] = claims
            if corrections is not None:
                # The head's own record says how many of its pairs came from analysts.
                head.info["corrected_pairs"] = len(corrected[name])
            head.save(out_dir)
            # Score the saved head, float16 weights and all: that is what ships.
            saved = Head.load(out_dir, head.name)
            scored = sets + tuple(
                part for part in SCORED_ON.get(head.name, ()) if part in data and part not in sets
            )
            for part in scored:
                key = head.name if part == sets[0] else f"{head.name} {part}"
                report[key] = score_set(part, saved, data[part][1], recipe["language"])
    return report


def set_weights(sets: Sequence[str], data: dict, recipe: dict, corrected: int) -> np.ndarray | None:
    """Each training pair's weight by the set it comes from (`set_weight`; analysts' pairs 1)."""
    by_set = recipe.get("set_weight", {})
    if not any(part in by_set for part in sets):
        return None
    weights = [np.full(len(data[part][0]), by_set.get(part, 1.0)) for part in sets]
    return np.concatenate([*weights, np.ones(corrected)])


def score_set(part: str, head: Head, dev: Sequence[Pair], language: str) -> dict:
    """The head's figures on one set's dev pairs, by that set's own metric."""
    from storyline.evals.stance import ans_metrics, fnc_metrics, pair_metrics

    predicted = head_labels(head, dev, language)
    gold = [pair.label for pair in dev]
    if part == "ans":
        return ans_metrics(gold, predicted)
    if part == "claim pairs":
        return pair_metrics(gold, predicted, head.labels)
    return fnc_metrics(gold, predicted)
