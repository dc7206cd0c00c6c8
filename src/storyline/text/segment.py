"""Sentence segmentation with character offsets, for English, Arabic, Turkish and more."""

from __future__ import annotations

import re

from sentencex import segment

from storyline.lexicons import load
from storyline.model import Sentence

PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
LAST_TOKEN = re.compile(r"(\S+)\s*$")


def _abbreviations(language: str) -> frozenset[str]:
    return frozenset(a.casefold() for a in load(language, "abbreviations").get("abbreviations", []))


def _glued(previous: str, abbreviations: frozenset[str]) -> bool:
    """Whether a break after `previous` is false: an abbreviation, or a colon before a quote."""
    stripped = previous.rstrip()
    if stripped.endswith(":"):
        return True
    match = LAST_TOKEN.search(stripped)
    if not match or not stripped.endswith("."):
        return False
    token = match.group(1).rstrip(".").casefold()
    return token in abbreviations


def _paragraphs(text: str) -> list[tuple[int, str]]:
    found, position = [], 0
    for match in PARAGRAPH_BREAK.finditer(text):
        found.append((position, text[position : match.start()]))
        position = match.end()
    found.append((position, text[position:]))
    return [(start, part) for start, part in found if part.strip()]


def split_sentences(text: str, language: str) -> list[Sentence]:
    """Sentences of `text` with offsets into it; never across a paragraph break.

    sentencex does the splitting; breaks after abbreviations in our per-language lists
    ('د.', 'Dr.') and after a colon that opens a quotation ('قال:') are undone.
    """
    abbreviations = _abbreviations(language)
    pieces: list[tuple[int, int]] = []
    for offset, paragraph in _paragraphs(text):
        cursor = 0
        current: tuple[int, int] | None = None
        for part in segment(language if language != "und" else "en", paragraph):
            found = paragraph.find(part, cursor)
            if found < 0:
                found = cursor
            span = (offset + found, offset + found + len(part))
            cursor = found + len(part)
            if current and _glued(text[current[0] : current[1]], abbreviations):
                current = (current[0], span[1])
            else:
                if current:
                    pieces.append(current)
                current = span
        if current:
            pieces.append(current)
    sentences = []
    for start, end in pieces:
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            sentences.append(Sentence(len(sentences), start, end, text[start:end]))
    return sentences
