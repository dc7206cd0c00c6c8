"""The text stage: each article's clean text cut into sentences, stored with offsets."""

from __future__ import annotations

from storyline.stages import Stage
from storyline.store.articles import get_article
from storyline.store.base import Store
from storyline.text.segment import split_sentences

STAGE_NAME = "text"
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


def text_stage() -> Stage:
    """The pipeline stage: each article cut into sentences (read back with
    `storyline.store.readers.article_sentences`)."""
    return Stage(
        STAGE_NAME, STAGE_VERSION, ("articles",), ("sentences",), per_article=segment_article
    )
