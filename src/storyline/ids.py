"""Stable identity: ids derived from content, so the same input always gets the same id."""

from __future__ import annotations

import hashlib


def content_hash(text: str) -> str:
    """Full SHA-256 of text, the fingerprint of one version of an article."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def short_id(prefix: str, *parts: str) -> str:
    """A short readable id such as 'a-3f9c2e1b7d40' from the hash of its parts."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
    return f"{prefix}-{digest[:12]}"
