"""Tagging text with the shipped entity taggers: tokens with character offsets in, spans out."""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from storyline.errors import ConfigError, ModelError
from storyline.ner.conll import spans
from storyline.ner.features import sentence_features

LANGUAGES = ("ar", "tr")
# Words, numbers with their separators, and each other character alone; a Turkish case ending
# after an apostrophe stays on its word ('Ankara'ya'), as in the training data. Combining marks
# (Arabic shadda and short vowels, decomposed Latin accents) are not \w but belong to their word:
# 'حدّاد' is one token, not three.
MARKS = "\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed"
WORD = rf"\w[\w{MARKS}]*"
TOKEN = re.compile(rf"\d+(?:[.,:/]\d+)*|{WORD}(?:['’]{WORD})*|[^\w\s{MARKS}]")
# A sentence ends after . ! ? or the Arabic question mark, before a space; long sentences are cut
# so the tagger's cost stays linear.
SENTENCE_END = re.compile(r"(?<=[.!?؟])\s+")
MAX_TOKENS = 120


def artifact_dir() -> Path:
    return Path(str(resources.files("storyline") / "artifacts" / "ner"))


def artifact_paths(language: str, directory: Path | None = None) -> tuple[Path, Path]:
    """Where a language's tagger lives: its CRF (gzipped crfsuite) and its word clusters."""
    directory = directory or artifact_dir()
    return directory / f"{language}.crfsuite.gz", directory / f"{language}.clusters.json.gz"


@dataclass(frozen=True)
class Tagger:
    language: str
    crf: Any
    clusters: dict[str, str]
    # crfsuite reads the model from this buffer without holding it: it must live as long.
    model: bytes

    def tag(self, tokens: Sequence[str]) -> list[str]:
        return list(self.crf.tag(sentence_features(tokens, self.language, self.clusters)))


def load_tagger(language: str, directory: Path | None = None) -> Tagger:
    """The language's tagger as stored under `directory` (default: the shipped one)."""
    import pycrfsuite

    model, clusters = artifact_paths(language, directory)
    if not model.exists() or not clusters.exists():
        raise ModelError(
            f"no {language} entity tagger at '{model}'; rebuild it with: "
            f"storyline train ner --lang {language}"
        )
    buffer = gzip.decompress(model.read_bytes())
    crf = pycrfsuite.Tagger()
    crf.open_inmemory(buffer)
    return Tagger(language, crf, json.loads(gzip.decompress(clusters.read_bytes())), buffer)


# Loaded once per process.
_shipped_tagger = cache(load_tagger)


def tag_tokens(tokens: Sequence[str], language: str) -> list[str]:
    """BIO tags for one sentence's tokens, from the language's shipped tagger."""
    if language not in LANGUAGES:
        raise ConfigError(
            f"no entity tagger for language '{language}'; known: {', '.join(LANGUAGES)}"
        )
    if not tokens:
        return []
    return _shipped_tagger(language).tag(tokens)


def tokenize(text: str) -> list[list[re.Match[str]]]:
    """The text's sentences as lists of token matches (offsets into `text`)."""
    sentences = []
    start = 0
    for end in [m.start() for m in SENTENCE_END.finditer(text)] + [len(text)]:
        tokens = list(TOKEN.finditer(text, start, end))
        for cut in range(0, len(tokens), MAX_TOKENS):
            sentences.append(tokens[cut : cut + MAX_TOKENS])
        start = end
    return [tokens for tokens in sentences if tokens]


def tag_entities(text: str, language: str) -> list[tuple[int, int, str]]:
    """Named entities in `text` as (start, end, type) character spans, with the tag set the
    language's tagger was trained on (Arabic: PERS, LOC, ORG, MISC; Turkish: OntoNotes types)."""
    found = []
    for tokens in tokenize(text):
        tags = tag_tokens([token.group() for token in tokens], language)
        for first, last, kind in spans(tags):
            found.append((tokens[first].start(), tokens[last - 1].end(), kind))
    return found
