"""The text stage: each article's clean text cut into sentences, stored with offsets."""

from __future__ import annotations

from storyline.store.articles import get_article
from storyline.store.base import Store
from storyline.text.segment import Sentence, split_sentences

STAGE_VERSION = "1"


def segment_article(store: Store, article_id: str) -> int:
    """Store the sentences of one article (replacing older ones); returns how many."""
    article = get_article(store, article_id)
    if article is None:
        return 0
    sentences = split_sentences(article.text, article.language)
    with store.transaction():
        store.execute("DELETE FROM sentences WHERE article_id = ?", (article.id,))
        for sentence in sentences:
            store.execute(
                "INSERT INTO sentences (article_id, idx, start_offset, end_offset, text, "
                "content_hash) VALUES (?, ?, ?, ?, ?, ?)",
                (
                    article.id,
                    sentence.index,
                    sentence.start,
                    sentence.end,
                    sentence.text,
                    article.content_hash,
                ),
            )
    return len(sentences)


def article_sentences(store: Store, article_id: str) -> list[Sentence]:
    """The stored sentences of one article, in order."""
    rows = store.query(
        "SELECT idx, start_offset, end_offset, text FROM sentences "
        "WHERE article_id = ? ORDER BY idx",
        (article_id,),
    )
    return [Sentence(r["idx"], r["start_offset"], r["end_offset"], r["text"]) for r in rows]
