"""Named-entity benchmarks (ANERcorp, Turkish Wiki NER, CoNLL-2003 English): entity-level F1."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from storyline.errors import ConfigError
from storyline.ner.conll import Sentence, language_of_tags, read_conll, score
from storyline.progress import Progress

# spaCy's OntoNotes labels read as CoNLL-2003's four types; numbers, dates and the like are not
# entities there.
SPACY_TO_CONLL = {
    "PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC", "NORP": "MISC",
    "EVENT": "MISC", "PRODUCT": "MISC", "WORK_OF_ART": "MISC", "LAW": "MISC", "LANGUAGE": "MISC",
}  # fmt: skip


def _english_tags(sentence: Sentence) -> list[str]:
    from spacy.tokens import Doc

    from storyline.claims.entities import _nlp

    nlp = _nlp()
    doc = nlp(Doc(nlp.vocab, words=list(sentence.tokens)))
    tags = ["O"] * len(sentence.tokens)
    for ent in doc.ents:
        kind = SPACY_TO_CONLL.get(ent.label_)
        if kind:
            tags[ent.start : ent.end] = [f"B-{kind}"] + [f"I-{kind}"] * (ent.end - ent.start - 1)
    return tags


def run(data: Path, progress: bool = True) -> dict[str, Any]:
    """Tag every sentence of one CoNLL file with the tagger for its tag set, and score it."""
    if data.is_dir():
        raise ConfigError(f"eval ner: '{data}' is a folder; pass one CoNLL file (e.g. test.txt)")
    sentences = read_conll(data)
    language = language_of_tags(sentences)
    steps = Progress("eval ner", total=len(sentences), enabled=progress)
    predicted = []
    for sentence in sentences:
        if language == "en":
            predicted.append(_english_tags(sentence))
        else:
            from storyline.ner.tagger import tag_tokens

            predicted.append(tag_tokens(sentence.tokens, language))
        steps.advance()
    steps.close()
    metrics = score([sentence.tags for sentence in sentences], predicted, language)
    return {"language": language, "sentences": len(sentences), **metrics}
