"""Reporting cues read off a dependency parse: which verb attributes what content to whom.

A small logistic model (trained on PolNeAR by `storyline train attribution`) scores each verb
of a parsed English sentence as an attribution cue; the dependency tree then gives the source
(the cue's subject) and the content (its clausal complement, or what the cue reports on).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from storyline.errors import ModelError

ARTIFACT = Path(__file__).resolve().parent.parent / "artifacts" / "attribution" / "cues.json"
SUBJECTS = ("nsubj", "nsubjpass", "csubj")
# The complement that carries what a cue reports, in order of preference.
COMPLEMENTS = ("ccomp", "xcomp", "dobj", "attr", "acomp")
QUOTE_MARKS = frozenset('“”"«»')
# 'Officials declined to comment': a refusal to say anything attributes nothing.
REFUSALS = frozenset({"declined", "declines", "declining", "refused", "refuses", "refusing"})
PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "you", "who", "which", "that"})


@dataclass(frozen=True)
class Cue:
    """One attribution a parse shows: character spans of cue, source (if any) and content."""

    cue: tuple[int, int]
    source: tuple[int, int] | None
    content: tuple[int, int]
    word: str
    score: float


def _stem(word: str) -> str:
    word = word.casefold()
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def is_candidate(token: Any) -> bool:
    """Verbs, and 'according' (as in 'according to'), may be cues."""
    return (token.pos_ in ("VERB", "AUX") and token.dep_ != "aux") or token.lower_ == "according"


def _subject(token: Any) -> Any | None:
    for child in token.children:
        if child.dep_ in SUBJECTS:
            return child
    return None


def features(token: Any) -> list[str]:
    """The features of one candidate cue: its word, its place in the tree, what hangs off it."""
    word, stem = token.lower_, _stem(token.text)
    children = [child.dep_ for child in token.children]
    subject = _subject(token)
    sentence = token.doc
    quote_before = any(t.text in QUOTE_MARKS for t in sentence[: token.i])
    quote_after = any(t.text in QUOTE_MARKS for t in sentence[token.i + 1 :])
    found = [
        f"w={word}",
        f"stem={stem}",
        f"tag={token.tag_}",
        f"dep={token.dep_}",
        f"stem+dep={stem}|{token.dep_}",
        f"head_dep={token.head.dep_ if token.head is not token else 'ROOT'}",
        f"quote={quote_before}|{quote_after}",
        f"stem+quote={stem}|{quote_before or quote_after}",
    ]
    for dep in sorted(set(children)):
        found.append(f"child={dep}")
        found.append(f"stem+child={stem}|{dep}")
    if subject is None:
        found.append(f"stem+nosubj={stem}")
    else:
        kind = subject.ent_type_ or ("PRON" if subject.lower_ in PRONOUNS else subject.tag_)
        found.append(f"subj={kind}")
        found.append(f"stem+subj={stem}|{kind}")
        found.append(f"subj_after={subject.i > token.i}")
    for child in token.children:
        if child.dep_ == "prep":
            found.append(f"stem+prep={stem}|{child.lower_}")
        if child.dep_ == "ccomp" and child.i < token.i:
            found.append("content_before")
    return found


@dataclass(frozen=True)
class CueModel:
    """Logistic weights per feature; a verb is a cue when its score reaches `threshold`."""

    weights: dict[str, float]
    bias: float
    threshold: float

    def score(self, token: Any) -> float:
        total = self.bias + sum(self.weights.get(name, 0.0) for name in features(token))
        return 1 / (1 + math.exp(-total))

    def as_dict(self) -> dict[str, Any]:
        return {"weights": self.weights, "bias": self.bias, "threshold": self.threshold}


@cache
def load_model(path: Path = ARTIFACT) -> CueModel:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ModelError(
            f"cannot read the attribution cue model '{path}': {error}. "
            "Rebuild it with: storyline train attribution"
        ) from error
    return CueModel(data["weights"], data["bias"], data["threshold"])


def _span(tokens: list[Any]) -> tuple[int, int] | None:
    """Character span from the first to the last token, without edge punctuation."""
    words = sorted(tokens, key=lambda t: t.i)
    while words and words[0].is_punct and words[0].text not in QUOTE_MARKS:
        words.pop(0)
    while words and words[-1].is_punct and words[-1].text not in QUOTE_MARKS:
        words.pop()
    if not words:
        return None
    return words[0].idx, words[-1].idx + len(words[-1].text)


def _source_tokens(token: Any) -> list[Any] | None:
    if token.lower_ == "according":
        for child in token.children:
            for grandchild in child.children:
                if grandchild.dep_ == "pobj":
                    return list(grandchild.subtree)
        return None
    subject = _subject(token)
    if subject is not None and subject.dep_ == "nsubjpass":
        for child in token.children:
            if child.dep_ == "agent":
                objects = [g for g in child.children if g.dep_ == "pobj"]
                if objects:
                    return list(objects[0].subtree)
    if subject is not None:
        return list(subject.subtree)
    # 'who said …' speaks for the noun it describes; 'saying …' for its head verb's subject.
    if token.dep_ == "relcl":
        return [token.head]
    if token.dep_ in ("advcl", "xcomp", "conj") and token.head is not token:
        head_subject = _subject(token.head)
        if head_subject is not None:
            return list(head_subject.subtree)
    return None


def _content_tokens(token: Any) -> list[Any] | None:
    if token.lower_ == "according":
        clause = token.head.head if token.head.dep_ == "prep" else token.head
        prep = (
            set(token.subtree) | {token.head} if token.head.dep_ == "prep" else set(token.subtree)
        )
        return [t for t in clause.subtree if t not in prep]
    for dep in COMPLEMENTS:
        for child in token.children:
            if child.dep_ == dep:
                # The complementiser is not part of what is said: 'said [that] X'.
                return [t for t in child.subtree if not (t.dep_ == "mark" and t.lower_ == "that")]
    # 'Q, he said' parsed with the cue hanging off the quoted clause.
    if token.dep_ in ("parataxis", "ccomp") and token.head is not token:
        own = set(token.subtree)
        return [t for t in token.head.subtree if t not in own]
    for child in token.children:
        if child.dep_ == "prep":
            objects = [g for g in child.children if g.dep_ == "pobj"]
            if objects:
                return list(objects[0].subtree)
    return None


def _reports(token: Any) -> bool:
    """Whether a verb puts forward what its complement says, rather than a question about it
    ('Whether they met remains unknown'), a silence ('did not say when') or an unnamed
    report ('is said to have offered'): those are the writer's own claims."""
    if token.dep_ in ("csubj", "csubjpass", "amod", "acl", "pcomp", "xcomp"):
        return False
    if token.lower_ in REFUSALS:
        return False
    children = {child.dep_ for child in token.children}
    if "neg" in children or ("nsubjpass" in children and "agent" not in children):
        return False
    if any(child.dep_ == "mark" and child.lower_ in ("whether", "if") for child in token.children):
        return False
    sentence = token.sent
    return not sentence.text.rstrip(' ”"’').endswith("?")


def find_cues(doc: Any, start: int, end: int, model: CueModel | None = None) -> list[Cue]:
    """Attributions whose cue lies in doc.text[start:end], best first, contents inside it."""
    model = model or load_model()
    found = []
    for token in doc:
        if not start <= token.idx < end or not is_candidate(token) or not _reports(token):
            continue
        score = model.score(token)
        if score < model.threshold:
            continue
        content = _content_tokens(token)
        inside = [t for t in content or [] if start <= t.idx < end]
        content_span = _span(inside)
        # An object of two words ('warned the president') is whom, not what, the cue is about.
        clausal = any(t.dep_ in ("ccomp", "ROOT") or t.pos_ in ("VERB", "AUX") for t in inside)
        words = len([t for t in inside if not t.is_punct])
        if content_span is None or words < (2 if clausal else 4):
            continue
        source = _source_tokens(token)
        source_span = _span(source) if source else None
        found.append(
            Cue(
                (token.idx, token.idx + len(token.text)),
                source_span,
                content_span,
                token.lower_,
                score,
            )
        )
    return sorted(found, key=lambda cue: -cue.score)
