"""What a claim is: attribution links and chains, claims found in a sentence, discourse state."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Literal

SourceKind = Literal["outlet", "person", "institution", "unnamed"]
Modality = Literal["asserted", "reported", "hedged", "questioned"]
Polarity = Literal["affirmed", "denied"]
QuoteKind = Literal["direct", "indirect", "none"]
Chain = tuple["Link", ...]


@dataclass(frozen=True)
class Link:
    """One source in an attribution chain; `implicit` marks the article's own outlet."""

    name: str
    kind: SourceKind
    role: str | None = None
    entity_id: str | None = None
    implicit: bool = False

    def as_dict(self) -> dict[str, object]:
        record: dict[str, object] = {
            "name": self.name,
            "kind": self.kind,
            "role": self.role,
            "entity_id": self.entity_id,
        }
        if self.implicit:
            record["implicit"] = True
        return record

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> Link:
        return cls(
            name=str(data["name"]),
            kind=data["kind"],  # type: ignore[arg-type]
            role=data.get("role"),
            entity_id=data.get("entity_id"),  # type: ignore[arg-type]
            implicit=bool(data.get("implicit", False)),
        )


@dataclass(frozen=True)
class Found:
    """A claim inside one sentence: offsets into the sentence, with how it is put forward."""

    start: int
    end: int
    chain: Chain
    modality: Modality
    polarity: Polarity
    quote: QuoteKind
    # Where the innermost source is named in the sentence ('sources' in 'sources said'), when
    # the sentence names one; an anaphor ('he said') is the span of the anaphor.
    source_span: tuple[int, int] | None = None

    @property
    def speaker(self) -> str | None:
        """Who speaks the words: the innermost link of the chain."""
        return self.chain[-1].name if self.chain else None

    def shifted(self, offset: int) -> Found:
        source = self.source_span
        return replace(
            self,
            start=self.start + offset,
            end=self.end + offset,
            source_span=(source[0] + offset, source[1] + offset) if source else None,
        )

    def sourced(self, start: int, end: int) -> Found:
        """This claim with its source named at [start, end), unless it has no chain or a span."""
        if not self.chain or self.source_span is not None:
            return self
        return replace(self, source_span=(start, end))


@dataclass
class Discourse:
    """What earlier sentences of one article established: the last source of each kind.

    Chains are kept whole, so 'these sources' after 'sources from X newspaper' stays [X, sources].
    """

    own_outlet: str | None = None
    last: dict[str, Chain] = field(default_factory=dict)
    latest: Chain = ()
    # Names met in earlier sentences without being a source there: 'Haddur said' finds one.
    mentioned: list[Link] = field(default_factory=list)
    # Every chain remembered, newest last: 'the source' skips the analysts cited since.
    history: list[Chain] = field(default_factory=list)
    # Whose quotation the last sentence ended in, and whether its quote marks are still open:
    # a quoted sentence that follows, naming no one, goes on with that speaker's words.
    quoting: Chain = ()
    quote_open: bool = False

    def remember(self, chain: Chain) -> None:
        if not chain:
            return
        self.latest = chain
        self.history.append(chain)
        for depth in range(len(chain)):
            self.last[chain[depth].kind] = chain[: depth + 1]

    def unnamed_called(self, noun: str) -> Chain | None:
        """The newest chain ending in an unnamed source whose name uses `noun` ('source')."""
        stem = noun.casefold().rstrip("s")
        for chain in reversed(self.history):
            if chain[-1].kind == "unnamed" and any(
                word.casefold().rstrip("s") == stem for word in chain[-1].name.split()
            ):
                return chain
        return None

    def mention(self, link: Link) -> None:
        """Keep a named person or outlet for later partial references, the newest first."""
        self.mentioned = [link, *(m for m in self.mentioned if m.name != link.name)]

    def named(self, name: str) -> Chain | None:
        """The chain of an earlier source this (possibly partial) name refers to."""
        from storyline.claims.names import same_name

        key = name.casefold()
        for chain in [self.latest, *self.last.values(), *((link,) for link in self.mentioned)]:
            for depth, link in enumerate(chain):
                if link.kind == "unnamed":
                    continue
                words = [w.casefold().strip("()\"'“”«»") for w in link.name.split()]
                if same_name(link.name, name) or (len(key) > 2 and key in words):
                    return chain[: depth + 1]
        return None
