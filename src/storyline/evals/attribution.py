"""The attribution benchmark: source, chain, modality and polarity of claims, per language."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from storyline.claims.model import Discourse, Found
from storyline.claims.names import same_name
from storyline.claims.stage import analyse_sentence
from storyline.errors import ConfigError
from storyline.progress import Progress
from storyline.text.normalize import fold

MODALITIES = ("asserted", "reported", "hedged", "questioned")
POLARITIES = ("affirmed", "denied")
# A predicted claim matches a gold one when their token sets overlap this much (Dice).
MATCH_OVERLAP = 0.5


def _tokens(text: str) -> set[str]:
    return set(fold(text).split())


def _overlap(a: str, b: str) -> float:
    ta, tb = _tokens(a), _tokens(b)
    if not ta or not tb:
        return 0.0
    return 2 * len(ta & tb) / (len(ta) + len(tb))


def _same_link(gold: dict[str, Any], name: str, kind: str) -> bool:
    return gold["kind"] == kind and _same_source(gold["name"], name)


def _same_source(a: str, b: str) -> bool:
    fa, fb = fold(a), fold(b)
    return fa == fb or same_name(a, b)


def _f1(tp: int, predicted: int, gold: int) -> dict[str, float]:
    precision = tp / predicted if predicted else 0.0
    recall = tp / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def _match(gold: list[dict[str, Any]], predicted: list[tuple[str, Found]]) -> list[tuple[int, int]]:
    """Greedy one-to-one pairs (gold index, predicted index), best overlap first."""
    scored = sorted(
        (
            (_overlap(g["text"], p[0]), gi, pi)
            for gi, g in enumerate(gold)
            for pi, p in enumerate(predicted)
        ),
        reverse=True,
    )
    pairs, used_g, used_p = [], set(), set()
    for score, gi, pi in scored:
        if score < MATCH_OVERLAP or gi in used_g or pi in used_p:
            continue
        pairs.append((gi, pi))
        used_g.add(gi)
        used_p.add(pi)
    return pairs


def score_language(records: list[dict[str, Any]], language: str) -> dict[str, Any]:
    """Scores for one language's records against what the analyser finds in each sentence."""
    counts = {
        "gold_claims": 0,
        "predicted_claims": 0,
        "matched": 0,
        "source_tp": 0,
        "source_gold": 0,
        "source_pred": 0,
        "chain_tp": 0,
        "modality_ok": 0,
        "polarity_ok": 0,
    }
    # Per label: [matched with the same label, predicted with it, gold with it].
    labels: dict[str, dict[str, list[int]]] = {
        "modality": {label: [0, 0, 0] for label in MODALITIES},
        "polarity": {label: [0, 0, 0] for label in POLARITIES},
    }
    for record in records:
        state = Discourse(own_outlet=record.get("article_outlet"))
        for context in record.get("context", []):
            analyse_sentence(context, language, state)
        sentence = record["sentence"]
        found = analyse_sentence(sentence, language, state)
        predicted = [(sentence[f.start : f.end], f) for f in found]
        gold = record["claims"]
        counts["gold_claims"] += len(gold)
        counts["predicted_claims"] += len(predicted)
        counts["source_gold"] += sum(1 for g in gold if g["chain"])
        counts["source_pred"] += sum(1 for _, f in predicted if f.chain)
        for aspect, per_label in labels.items():
            for g in gold:
                per_label[g[aspect]][2] += 1
            for _, f in predicted:
                per_label[getattr(f, aspect)][1] += 1
        for gi, pi in _match(gold, predicted):
            g, (_, f) = gold[gi], predicted[pi]
            counts["matched"] += 1
            if g["chain"] and f.chain and _same_source(g["chain"][0]["name"], f.chain[0].name):
                counts["source_tp"] += 1
            if len(g["chain"]) == len(f.chain) and all(
                _same_link(gl, pl.name, pl.kind) for gl, pl in zip(g["chain"], f.chain, strict=True)
            ):
                counts["chain_tp"] += 1
            counts["modality_ok"] += g["modality"] == f.modality
            counts["polarity_ok"] += g["polarity"] == f.polarity
            for aspect, per_label in labels.items():
                if g[aspect] == getattr(f, aspect):
                    per_label[g[aspect]][0] += 1
    matched = counts["matched"]
    return {
        "claims": _f1(matched, counts["predicted_claims"], counts["gold_claims"]),
        "source": _f1(counts["source_tp"], counts["source_pred"], counts["source_gold"]),
        "chain": _f1(counts["chain_tp"], counts["predicted_claims"], counts["gold_claims"]),
        "modality_accuracy": round(counts["modality_ok"] / matched, 4) if matched else 0.0,
        "polarity_accuracy": round(counts["polarity_ok"] / matched, 4) if matched else 0.0,
        **{
            aspect: {label: _f1(*numbers) for label, numbers in per_label.items() if numbers[2]}
            for aspect, per_label in labels.items()
        },
        "n_sentences": len(records),
        **{k: v for k, v in counts.items() if k.endswith("claims")},
    }


def run(data: Path, progress: bool = True) -> dict[str, Any]:
    """Metrics per language file ({en,ar,tr}.jsonl) in `data`, a folder or one file."""
    files = sorted(data.glob("*.jsonl")) if data.is_dir() else [data]
    if not files:
        raise ConfigError(f"eval attribution: no *.jsonl files in '{data}'")
    metrics: dict[str, Any] = {}
    bar = Progress("attribution", total=len(files), enabled=progress)
    for path in files:
        language = path.stem.split(".")[0]
        with path.open(encoding="utf-8") as handle:
            records = [json.loads(line) for line in handle if line.strip()]
        metrics[language] = score_language(records, language)
        bar.advance(path.name)
    bar.close()
    for key in ("source", "chain"):
        metrics[f"{key}_f1"] = {
            lang: m[key]["f1"] for lang, m in metrics.items() if isinstance(m, dict) and key in m
        }
    return metrics
