"""The stories stage: article profiles, online placement into stories, reprints, translations.

State lives in the store: each article's profile (vector, lexical keys, day) in
`story_profiles`, its paragraphs' LSH bands in `reprint_bands`, its story in `story_articles`.
The stage opens its clustering state from there without reading every profile: the ANN index
is the one saved with the store (stories.saved_index), and stories, profiles and key
frequencies are read as a placement needs them (stories.profiles). Placing one article then
looks at its ANN neighbours' stories only. BENCHMARKS.md gives the costs.
"""

from __future__ import annotations

import json
import re
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from storyline.claims.names import script_mixed
from storyline.ids import content_hash, short_id
from storyline.lexicons import load
from storyline.model import Article, Flag, Outlet, PublishedDate
from storyline.relations import Relation, relations_of, replace_relations
from storyline.store.articles import get_article, save_article, save_flag
from storyline.store.base import Store, rows_with_ids
from storyline.store.placement_changes import note_every_placement, note_placements
from storyline.store.readers import article_sentences, story_members
from storyline.stories import reprints, translation
from storyline.stories.clustering import ClusterParams, Placement, StoryClusterer
from storyline.stories.features import ArticleProfile, day_number, lexical_keys
from storyline.stories.naming import LEAD_SENTENCES, name_keys, named_join
from storyline.stories.numeric_dates import CANDIDATES as DATE_CANDIDATES
from storyline.stories.numeric_dates import settle_numeric_dates
from storyline.stories.profiles import (
    StoredClustering,
    StoredKeyCounts,
    mark_indexed,
    profile_from_row,
    save_profile,
    stored_profiles,
)
from storyline.stories.saved_index import SavedIndex, open_saved_index, save_index
from storyline.stories.similarity import SAME_EVENT, ArticleView, Reading, reading_for

if TYPE_CHECKING:
    from storyline.stages import Stage

STAGE_NAME = "stories"
# 2: placement decided by the learned same-event probability (stories.similarity);
# 3: that probability also learned from the story corpora, across languages;
# 4: a translation that names its original's outlet is the rendering, whatever the lengths;
# 5: profiles keep headline names and designators (stories.naming): a report joins a larger
#    story on the names it tells of, and a headline numbering a story's name otherwise
#    ('Yıldız Ekspres 1' against 'Yıldız Ekspres 3') keeps it out;
# 6: a rendering's credit is read above its text too, by initials or transliterated, and a
#    rendering that says it is one is credited; a short rendering needs no more pairs than its
#    coverage asks sentences; a translation keeps one original;
# 7: a credit line naming an agency in full credits the outlet its initials spell ('ACP');
# 8: an Arabic headline's two adjacent words may spell one name of another script, a word that
#    is a story member's outlet is not a name the article shares with the story, and officials
#    named after their title are kept apart from the names that tell which story it is.
STAGE_VERSION = "8"
COPY_KINDS = ("reprint_of", "translation_of")
# How a translation's direction is told when the rendering names its original's outlet.
CREDITED_DIRECTION = "names the other's outlet"
# ... and when it says only that it is a translation: naming an outlet tells its original.
SAYS_TRANSLATED = "says it is a translation"
# Nearest articles in another language examined as possible translations of a new article.
TRANSLATION_CANDIDATES = 6
# Nearest articles of each changed one looked at again for a story to join on names: a report
# that stood alone may name a story that has grown since it arrived.
NAME_JOIN_NEIGHBOURS = 8
# Per encoder, the article cosine of unrelated articles (the sports report against the political
# reports of the demo corpus: 0.58 with e5 + USE, 0.06 with USE alone): the clustering rescales
# cosines from there, so its threshold, tuned on ECB+, holds for each. Encoders not listed here
# are used unscaled until they are measured.
VECTOR_FLOORS = {"e5qp+use": 0.55, "e5+use": 0.55, "use": 0.0}


def clustering_params() -> ClusterParams:
    """The clustering settings for the store's encoder: the learned same-event probability's
    threshold where a similarity model exists for it, else the hand-set mixture's."""
    from storyline.embeddings.stage import store_encoder

    encoder = store_encoder()
    floor = VECTOR_FLOORS.get(encoder.name, 0.0)
    if reading_for(encoder) is not None:
        return ClusterParams(threshold=SAME_EVENT, vector_floor=floor)
    return ClusterParams(vector_floor=floor)


class StoreSimilarity:
    """The learned same-event probability between stored articles, their views kept in memory
    (title and first sentences' vectors from the store's embeddings cache)."""

    def __init__(self, store: Store, reading: Reading) -> None:
        self.store = store
        self.reading = reading
        self.views: dict[str, ArticleView] = {}
        self.known: dict[tuple[str, str], float] = {}

    def view(self, profile: ArticleProfile) -> ArticleView:
        from storyline.embeddings.stage import sentence_vectors, title_vector

        found = self.views.get(profile.article_id)
        if found is None:
            found = self.reading.view(
                title_vector(self.store, profile.article_id),
                sentence_vectors(self.store, profile.article_id),
                profile.keys,
                profile.language,
            )
            self.views[profile.article_id] = found
        return found

    def __call__(self, first: ArticleProfile, second: ArticleProfile) -> float:
        key = (first.article_id, second.article_id)
        if key not in self.known:
            self.known[key] = self.reading.model.probability(self.view(first), self.view(second))
            self.known[key[::-1]] = self.known[key]
        return self.known[key]


def _pair_function(store: Store) -> StoreSimilarity | None:
    """The learned same-event probability, where one is shipped for the store's encoder."""
    from storyline.embeddings.stage import store_encoder

    reading = reading_for(store_encoder())
    return None if reading is None else StoreSimilarity(store, reading)


def new_clusterer(store: Store) -> StoryClusterer:
    """An empty clustering state held in memory, for the store's encoder."""
    return StoryClusterer(clustering_params(), _pair_function(store))


def open_clusterer(store: Store, index: SavedIndex | None = None) -> StoryClusterer:
    """The clustering state over the store: its saved index brought up to date (or `index`,
    opened so), and stories, profiles and key frequencies read from the store as placements
    need them."""
    return StoryClusterer(
        clustering_params(),
        _pair_function(store),
        index=index if index is not None else open_saved_index(store, STAGE_VERSION),
        frequencies=StoredKeyCounts(store),
        source=StoredClustering(store),
    )


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


# -- profiles ------------------------------------------------------------------------------
def profile_article(store: Store, article_id: str) -> ArticleProfile | None:
    """Make and store an article's profile and its reprint bands (the per-article step)."""
    from storyline.embeddings.stage import article_vector

    article = get_article(store, article_id)
    if article is None:
        return None
    vector = article_vector(store, article.id)
    keys = lexical_keys(f"{article.title}\n{article.text}", article.language)
    lead = "\n".join(s.text for s in article_sentences(store, article.id)[:LEAD_SENTENCES])
    keys.update(
        name_keys(article.title, article.text, lead, article.language, article.outlet.name or "")
    )
    profile = ArticleProfile(
        article.id, vector, keys, day_number(article.published.date), article.language
    )
    with store.transaction():
        save_profile(store, profile, article.content_hash)
        reprints.index_article(store, article)
    return profile


def load_clusterer(store: Store, leave_out: Iterable[str] = ()) -> StoryClusterer:
    """The clustering state rebuilt in memory from the store: every placed article but
    `leave_out`, document frequencies over the placed articles (what replaying a stream, as the
    stories benchmark does, keeps)."""
    left_out = set(leave_out)
    clusterer = new_clusterer(store)
    rows = store.query(
        "SELECT p.*, s.story_id FROM story_profiles p "
        "JOIN story_articles s ON s.article_id = p.article_id ORDER BY s.story_id, p.article_id"
    )
    for row in rows:
        if row["article_id"] not in left_out:
            clusterer.add(profile_from_row(row), row["story_id"])
    return clusterer


# -- placement -----------------------------------------------------------------------------
def _arrival_order(profiles: Sequence[ArticleProfile]) -> list[ArticleProfile]:
    """A batch arrives oldest first (undated last), as it would have been published."""
    return sorted(profiles, key=lambda p: (p.day is None, p.day or 0, p.article_id))


def _save_placement(store: Store, placement: Placement) -> None:
    store.execute(
        "INSERT INTO stories (id, title, created_at, updated_at) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (id) DO NOTHING",
        (placement.story_id, "", _now(), _now()),
    )
    store.execute(
        "INSERT INTO story_articles (article_id, story_id, score, evidence_json) "
        "VALUES (?, ?, ?, ?) ON CONFLICT (article_id) DO UPDATE SET story_id = excluded.story_id, "
        "score = excluded.score, evidence_json = excluded.evidence_json",
        (
            placement.article_id,
            placement.story_id,
            float(placement.score),
            json.dumps(placement.evidence, sort_keys=True),
        ),
    )
    note_placements(store, [placement.article_id])


def set_apart(store: Store, article_id: str, evidence: dict[str, Any]) -> str:
    """Move an article into a story of its own, titled by it (its content, by `evidence`, tells
    of other events than its story's); returns that story's id."""
    article = get_article(store, article_id)
    story_id = short_id("s", "apart", article_id)
    _save_placement(store, Placement(article_id, story_id, 0.0, True, {"set_apart": evidence}))
    store.execute(
        "UPDATE stories SET title = ?, updated_at = ? WHERE id = ?",
        (article.title if article else "", _now(), story_id),
    )
    return story_id


def _retitle(store: Store, clusterer: StoryClusterer, story_ids: Iterable[str]) -> None:
    """Each story's title is its most central article's title; an emptied story goes."""
    for story_id in sorted(set(story_ids)):
        if clusterer.story(story_id) is None:
            # A story the provenance stage dated events in stays until that stage runs again.
            store.execute(
                "DELETE FROM stories WHERE id = ? "
                "AND NOT EXISTS (SELECT 1 FROM story_events e WHERE e.story_id = stories.id)",
                (story_id,),
            )
            continue
        central = clusterer.central_member(story_id)
        row = store.query_one("SELECT title FROM articles WHERE id = ?", (central,))
        title = (row["title"] if row else "").strip() or central
        store.execute(
            "UPDATE stories SET title = ?, updated_at = ? WHERE id = ?", (title, _now(), story_id)
        )


def place_articles(
    store: Store, clusterer: StoryClusterer, profiles: Sequence[ArticleProfile]
) -> list[Placement]:
    """Place each profile, in the order given, into the clustering state and the store (where
    the placed articles' vectors are marked as held by the story index)."""
    placements = []
    touched: set[str] = set()
    with store.transaction():
        for profile in profiles:
            before = clusterer.story_of(profile.article_id)
            if before:
                touched.add(before)
            for placement in clusterer.place(profile, short_id("s", profile.article_id)):
                _save_placement(store, placement)
                touched.add(placement.story_id)
                placements.append(placement)
        mark_indexed(store, [placement.article_id for placement in placements])
        _retitle(store, clusterer, touched)
    return placements


# -- copies --------------------------------------------------------------------------------
def _reprint_relations(store: Store, article: Article) -> list[Relation]:
    found = []
    for other_id in reprints.candidates(store, article.id):
        other = get_article(store, other_id)
        if other is None:
            continue
        result = reprints.compare(article, other)
        if result:
            found.append(
                Relation(
                    "reprint_of",
                    result["copy"],
                    result["original"],
                    result["score"],
                    result["evidence"],
                )
            )
    return found


def _sentence_spans(store: Store, article_id: str) -> list[tuple[int, int, str]]:
    rows = store.query(
        "SELECT start_offset, end_offset, text FROM sentences WHERE article_id = ? ORDER BY idx",
        (article_id,),
    )
    return [(row["start_offset"], row["end_offset"], row["text"]) for row in rows]


def translation_finding(store: Store, first: Article, second: Article) -> Relation | None:
    """The translation_of relation between two articles in different languages, or None."""
    from storyline.embeddings.stage import sentence_vectors

    first_vectors, second_vectors = (
        sentence_vectors(store, first.id),
        sentence_vectors(store, second.id),
    )
    blocks = translation.align_sentences(first_vectors, second_vectors)
    # A rendering that names the other's outlet, or says it is one, tells which way it goes,
    # whatever the lengths.
    credited = _credited_rendering(first, second)
    if not translation.is_translation(blocks, len(first_vectors), len(second_vectors)):
        if credited is None:
            return None
        blocks = translation.align_sentences(
            first_vectors, second_vectors, translation.CREDITED_MIN_COSINE
        )
        if not translation.is_translation(
            blocks, len(first_vectors), len(second_vectors), credited=True
        ):
            return None
    first_day, second_day = first.published.date, second.published.date
    if credited is not None:
        named = _source_named(credited, second if credited is first else first)
        flip, reason = credited is second, CREDITED_DIRECTION if named else SAYS_TRANSLATED
    elif first_day and second_day and first_day[:10] != second_day[:10]:
        flip, reason = first_day < second_day, "dates"
    elif len(first_vectors) != len(second_vectors):
        flip, reason = len(first_vectors) > len(second_vectors), "the shorter text is the rendering"
    else:
        flip, reason = first.id > second.id, "undecided"
    copy, original = (second, first) if flip else (first, second)
    copy_sentences = _sentence_spans(store, copy.id)
    original_sentences = _sentence_spans(store, original.id)
    pairs = []
    for block in blocks:
        copy_side, original_side = (block.right, block.left) if flip else (block.left, block.right)
        pairs.append(
            {
                "from_sentences": list(copy_side),
                "to_sentences": list(original_side),
                "from_span": [copy_sentences[copy_side[0]][0], copy_sentences[copy_side[-1]][1]],
                "to_span": [
                    original_sentences[original_side[0]][0],
                    original_sentences[original_side[-1]][1],
                ],
                "margin": round(block.margin, 4),
                "cosine": round(block.cosine, 4),
            }
        )
    pairs.sort(key=lambda pair: pair["from_span"][0])
    score = translation.coverage(blocks, len(first_vectors), len(second_vectors))
    evidence = {
        "coverage": round(score, 3),
        "aligned": len(pairs),
        "sentences": {"from": len(copy_sentences), "to": len(original_sentences)},
        "languages": {"from": copy.language, "to": original.language},
        "direction_by": reason,
        "pairs": pairs,
    }
    return Relation("translation_of", copy.id, original.id, score, evidence)


def _credited_rendering(first: Article, second: Article) -> Article | None:
    """Of two articles in different languages, the one that names the other's outlet, or says it
    is a translation, and is not dated before it: a rendering that says what it is (None when
    both do: then neither tells the way)."""
    crediting = []
    for rendering, source in ((first, second), (second, first)):
        if source.outlet.name and rendering.outlet.name == source.outlet.name:
            continue
        when, since = rendering.published.date, source.published.date
        if when and since and when[:10] < since[:10]:
            continue
        if _says_translated(rendering) or _source_named(rendering, source):
            crediting.append(rendering)
    return crediting[0] if len(crediting) == 1 else None


def _source_named(rendering: Article, source: Article) -> bool:
    """Whether a rendering names its source's outlet (another outlet than its own)."""
    name = source.outlet.name
    return bool(name) and rendering.outlet.name != name and _names_outlet(rendering, str(name))


def _says_translated(article: Article) -> bool:
    """Whether an article says, above its text or in its lead, that it is a translation (its
    language's `translation_markers`: 'translated from', 'çeviri', 'ترجمة')."""
    markers = load(article.language, "outlets").get("translation_markers", [])
    opening = f"{_header(article)}\n{article.text[:CREDIT_OPENING]}".casefold()
    return any(marker in opening for marker in markers)


def _header(article: Article) -> str:
    """What the page holds above the article's text: where a rendering credits its source."""
    return article.original[: article.text_map[0].original_start] if article.text_map else ""


# Characters of an article's text, after its title and header, where a credit is looked for.
CREDIT_OPENING = 400
# An outlet known by its initials ('BHA', 'CPA'): too short for a distinctive word, but written
# in capitals in any script's text that names it.
_INITIALS = re.compile(r"^[A-Z]{2,5}$")


def _names_outlet(article: Article, outlet: str) -> bool:
    """Whether an article names an outlet in its title, its text or the lines above its text
    (where a rendering says whose report it renders: 'Translated from ...', 'نقلاً عن ...'),
    in the outlet's script, transliterated, or by its initials."""
    from storyline.alignment.transliteration import transliterated
    from storyline.ingest.outlets import LEADING_ARTICLES, names_outlet

    header = _header(article)
    text = f"{article.title}\n{header}\n{article.text}"
    if _INITIALS.match(outlet.strip()):
        return re.search(rf"\b{re.escape(outlet.strip())}\b", text) is not None
    if names_outlet(text, outlet):
        return True
    # The whole name written as one word in another script ('ليدجرلاين' for 'The Ledgerline'),
    # looked for where a rendering credits its source: above its text or in its lead.
    words = re.findall(r"\w+", outlet)
    whole = "".join(words[1:] if words and words[0].casefold() in LEADING_ARTICLES else words)
    opening = f"{article.title}\n{header}\n{article.text[:CREDIT_OPENING]}"
    return any(
        transliterated(whole, word)
        for word in set(re.findall(r"\w{5,}", opening))
        if script_mixed(outlet, word)
    )


def _translation_relations(
    store: Store, clusterer: StoryClusterer, article: Article
) -> list[Relation]:
    if clusterer.story_of(article.id) is None:
        return []
    profile = clusterer.profile(article.id)
    found = []
    neighbours = [
        other_id
        for other_id, _ in clusterer.neighbours(profile.vector, TRANSLATION_CANDIDATES * 4)
        if other_id != article.id
    ]
    profiles = clusterer.profiles_of(neighbours)
    others = [
        other_id for other_id in neighbours if profiles[other_id].language != article.language
    ][:TRANSLATION_CANDIDATES]
    for other_id in others:
        other = get_article(store, other_id)
        if other is not None:
            relation = translation_finding(store, article, other)
            if relation:
                found.append(relation)
    return found


def _credited_reprint(article: Article) -> dict[str, Any] | None:
    """A page that credits another outlet in a 'Source:' line republishes that outlet's text."""
    credited = reprints.credit_line(article)
    if not credited:
        return None
    return {
        "credit_line": credited,
        "original_in_store": False,
        "site_boilerplate": list(article.boilerplate[:5]),
    }


def _refresh_flags(store: Store, article_ids: Iterable[str]) -> None:
    """Re-derive this stage's reprint and translation flags from its stored relations."""
    for article_id in sorted(set(article_ids)):
        store.execute(
            "DELETE FROM flags WHERE article_id = ? AND stage = ?", (article_id, STAGE_NAME)
        )
        mine = [
            r
            for r in relations_of(store, article_id, list(COPY_KINDS))  # type: ignore[arg-type]
            if r["from"] == article_id and r["stage"] == STAGE_NAME
        ]
        reprinted = [r for r in mine if r["kind"] == "reprint_of"]
        translated = [r for r in mine if r["kind"] == "translation_of"]
        if reprinted:
            save_flag(
                store,
                article_id,
                Flag(
                    "reprint",
                    {
                        "of": [r["to"] for r in reprinted],
                        "extent": reprinted[0]["evidence"].get("extent"),
                        "credit_line": reprinted[0]["evidence"].get("credit_line"),
                        "direction_by": reprinted[0]["evidence"].get("direction_by"),
                    },
                    STAGE_NAME,
                ),
            )
        else:
            article = get_article(store, article_id)
            credited = _credited_reprint(article) if article else None
            if credited:
                save_flag(store, article_id, Flag("reprint", credited, STAGE_NAME))
        if translated:
            save_flag(
                store,
                article_id,
                Flag(
                    "translation",
                    {
                        "of": [r["to"] for r in translated],
                        "coverage": translated[0]["evidence"].get("coverage"),
                        "direction_by": translated[0]["evidence"].get("direction_by"),
                    },
                    STAGE_NAME,
                ),
            )


def _without_copies_of_copies(store: Store, found: dict[str, Relation]) -> dict[str, Relation]:
    """Drop 'C copies B' where B itself copies A and C copies A too: C was made from A, and
    B only resembles it through A (a reprint of a reprint, two translations of one text)."""
    copied = {(r.from_id, r.to_id) for r in found.values()}
    ends = {r.from_id for r in found.values()} | {r.to_id for r in found.values()}
    copied |= {(r["from"], r["to"]) for r in _copy_relations_touching(store, ends)}
    kept = {}
    for key, relation in found.items():
        if any(
            (relation.to_id, other) in copied and (relation.from_id, other) in copied
            for _, other in copied
        ):
            continue
        kept[key] = relation
    return kept


def _one_original_each(found: dict[str, Relation]) -> dict[str, Relation]:
    """A translation renders one original: of several found for one article, one whose outlet
    the rendering names first, then one in a pair where it says it is a translation, then the
    one that covers most of the shorter text."""
    best: dict[str, Relation] = {}
    for relation in found.values():
        if relation.kind != "translation_of":
            continue
        held = best.get(relation.from_id)
        if held is None or _original_rank(relation) > _original_rank(held):
            best[relation.from_id] = relation
    kept = {r.id for r in best.values()}
    return {
        key: relation
        for key, relation in found.items()
        if relation.kind != "translation_of" or relation.id in kept
    }


def _original_rank(relation: Relation) -> tuple[bool, bool, float]:
    direction = relation.evidence.get("direction_by")
    return direction == CREDITED_DIRECTION, direction == SAYS_TRANSLATED, relation.score


def find_copies(store: Store, clusterer: StoryClusterer, article_ids: Sequence[str]) -> int:
    """Reprint and translation relations touching `article_ids`, replacing earlier ones."""
    found: dict[str, Relation] = {}
    for article_id in article_ids:
        article = get_article(store, article_id)
        if article is None:
            continue
        for relation in _reprint_relations(store, article) + _translation_relations(
            store, clusterer, article
        ):
            found[relation.id] = relation
    found = _one_original_each(_without_copies_of_copies(store, found))
    written = replace_relations(
        store,
        STAGE_NAME,
        STAGE_VERSION,
        found.values(),
        touching=list(article_ids),
        kinds=list(COPY_KINDS),  # type: ignore[arg-type]
    )
    touched = (
        set(article_ids) | {r.from_id for r in found.values()} | {r.to_id for r in found.values()}
    )
    with store.transaction():
        _refresh_flags(store, touched)
    return written


def _copy_relations_touching(store: Store, article_ids: Iterable[str]) -> list[dict[str, Any]]:
    """The stored reprint and translation relations with an end among `article_ids`."""
    found: dict[str, dict[str, Any]] = {}
    for article_id in sorted(set(article_ids)):
        for relation in relations_of(store, article_id, list(COPY_KINDS)):  # type: ignore[arg-type]
            found[relation["id"]] = relation
    return sorted(found.values(), key=lambda r: (r["kind"], r["from"], r["to"], r["id"]))


def join_copied_stories(
    store: Store, clusterer: StoryClusterer, around: Iterable[str] | None = None
) -> int:
    """Stories that a reprint or translation spans are one story: a copy tells what its
    original tells, however differently its words or language place it. The copy's story joins
    the original's; returns how many articles moved.

    With `around`, only the copy relations touching those articles are looked at, and then
    those touching the articles that moved; without it, every copy relation once.
    """
    moved = 0
    touched: set[str] = set()
    if around is None:
        queue = deque(relations_of(store, kinds=list(COPY_KINDS)))  # type: ignore[arg-type]
    else:
        queue = deque(_copy_relations_touching(store, around))
    seen: set[str] = set()
    with store.transaction():
        while queue:
            relation = queue.popleft()
            if relation["id"] in seen:
                continue
            seen.add(relation["id"])
            copied = clusterer.story_of(relation["from"])
            original = clusterer.story_of(relation["to"])
            if copied is None or original is None or copied == original:
                continue
            evidence = {
                "joined_by": relation["kind"],
                "copy": relation["from"],
                "of": relation["to"],
            }
            story = clusterer.story(copied)
            assert story is not None
            members = list(story.members)
            for member in members:
                profile = clusterer.profile(member)
                clusterer.remove(member)
                clusterer.add(profile, original)
                store.execute(
                    "UPDATE story_articles SET story_id = ?, evidence_json = ? "
                    "WHERE article_id = ?",
                    (original, json.dumps(evidence, sort_keys=True), member),
                )
                note_placements(store, [member])
                moved += 1
            touched |= {copied, original}
            if around is not None:
                queue.extend(_copy_relations_touching(store, members))
        _retitle(store, clusterer, touched)
    return moved


def _copy_partners(store: Store, article_id: str) -> set[str]:
    return {
        relation[end]
        for relation in _copy_relations_touching(store, [article_id])
        for end in ("from", "to")
    } - {article_id}


def _set_apart(store: Store, article_id: str) -> bool:
    """Whether the article was set apart from its story for telling of another time
    (provenance): a name it shares with the story does not bring it back."""
    row = store.query_one(
        "SELECT evidence_json FROM story_articles WHERE article_id = ?", (article_id,)
    )
    return bool(row) and "set_apart" in json.loads(row["evidence_json"])


def _held_by_its_story(
    store: Store, clusterer: StoryClusterer, profile: ArticleProfile, members: Sequence[str]
) -> bool:
    """Whether an article is in its story on its own merit: a member that is not its copy is,
    by the same-event probability, about its event (without a learned probability, any such
    member holds it)."""
    others = [m for m in members if m != profile.article_id]
    others = [m for m in others if m not in _copy_partners(store, profile.article_id)]
    if not others:
        return False
    if clusterer.pair_probability is None:
        return True
    profiles = clusterer.profiles_of(others)
    threshold = clusterer.params.threshold
    return any(clusterer.pair_probability(profile, profiles[m]) >= threshold for m in others)


def join_by_names(store: Store, clusterer: StoryClusterer, around: Iterable[str]) -> list[str]:
    """Articles of `around` and their nearest neighbours that sit alone (or with their copies
    only) in a smaller story join a larger candidate story whose protagonists their headline
    names (stories.naming); returns the articles that moved."""
    considered: set[str] = set()
    for article_id in sorted(set(around)):
        if clusterer.story_of(article_id) is None:
            continue
        considered.add(article_id)
        vector = clusterer.profile(article_id).vector
        considered.update(other for other, _ in clusterer.neighbours(vector, NAME_JOIN_NEIGHBOURS))
    profiles = clusterer.profiles_of(sorted(a for a in considered if clusterer.story_of(a)))
    moved: list[str] = []
    touched: set[str] = set()
    with store.transaction():
        for profile in _arrival_order(list(profiles.values())):
            current = clusterer.story_of(profile.article_id)
            story = clusterer.story(current) if current else None
            if story is None or _set_apart(store, profile.article_id):
                continue
            larger = [
                (candidate, other)
                for candidate in clusterer.candidates(profile)
                if candidate != current
                and (other := clusterer.story(candidate)) is not None
                and len(other.members) >= 2
                and len(other.members) > len(story.members)
            ]
            if not larger or _held_by_its_story(store, clusterer, profile, story.members):
                continue
            best: tuple[tuple[int, int], str, float, dict[str, Any]] | None = None
            for candidate, other in larger:
                members = clusterer.profiles_of(_nearest_members(clusterer, profile, other))
                found = named_join(profile, list(members.values()), _outlets(store, members))
                if found is None:
                    continue
                rank = (len(found.shared), len(other.members))
                if best is None or rank > best[0]:
                    score, _ = clusterer.score(profile, other)
                    best = (rank, candidate, score, found.as_evidence())
            if best is None:
                continue
            _, target, score, evidence = best
            clusterer.remove(profile.article_id)
            clusterer.add(profile, target)
            # The score is the learned one against the story, below its threshold: names, not
            # the telling, placed the article.
            store.execute(
                "UPDATE story_articles SET story_id = ?, score = ?, evidence_json = ? "
                "WHERE article_id = ?",
                (
                    target,
                    float(score),
                    json.dumps({"joined_by": "names", "story": target, **evidence}),
                    profile.article_id,
                ),
            )
            note_placements(store, [profile.article_id])
            moved.append(profile.article_id)
            touched |= {current, target}
        _retitle(store, clusterer, touched)
    return moved


def _outlets(store: Store, article_ids: Iterable[str]) -> list[str]:
    """The outlets of the articles that name one."""
    rows = rows_with_ids(
        store, "SELECT outlet FROM articles WHERE id IN ({ids})", list(article_ids)
    )
    return [row["outlet"] for row in rows if row["outlet"]]


def _nearest_members(clusterer: StoryClusterer, profile: ArticleProfile, story: Any) -> list[str]:
    """The story's members nearest to the article by vector, as many as the clustering
    compares against (all of a small story)."""
    members = list(story.members)
    limit = clusterer.params.neighbours
    if len(members) <= limit:
        return members
    found = clusterer.profiles_of(members)
    return sorted(members, key=lambda m: -float(profile.vector @ found[m].vector))[:limit]


def _date_voters(
    clusterer: StoryClusterer, arriving: Sequence[ArticleProfile]
) -> Callable[[ArticleProfile], list[ArticleProfile]]:
    """For an arriving article, the indexed articles nearest to it and the rest of its batch:
    those whose dates may settle how its all-numeric date reads."""

    def nearest(profile: ArticleProfile) -> list[ArticleProfile]:
        found = [
            article_id
            for article_id, _ in clusterer.neighbours(profile.vector, DATE_CANDIDATES)
            if article_id != profile.article_id
        ]
        batch = [other for other in arriving if other.article_id != profile.article_id]
        return [*clusterer.profiles_of(found).values(), *batch]

    return nearest


def finish_stories(store: Store, changed: Sequence[str]) -> str:
    """Place the changed articles (oldest first) and find their copies and translations, in
    one transaction; then save the story index if it is due (stories.saved_index)."""
    with store.transaction():
        for article_id in changed:
            store.execute("DELETE FROM story_articles WHERE article_id = ?", (article_id,))
        note_placements(store, changed)
        index = open_saved_index(store, STAGE_VERSION)
        clusterer = open_clusterer(store, index)
        arriving = stored_profiles(store, changed)
        arriving = settle_numeric_dates(store, arriving, _date_voters(clusterer, arriving))
        placements = place_articles(store, clusterer, _arrival_order(arriving))
        copies = find_copies(store, clusterer, changed)
        around = [*changed, *(placement.article_id for placement in placements)]
        joined = join_copied_stories(store, clusterer, around)
        named = join_by_names(store, clusterer, around)
        if named:
            joined += join_copied_stories(store, clusterer, named)
        row = store.query_one("SELECT COUNT(DISTINCT story_id) AS n FROM story_articles")
    save_index(store, index, STAGE_VERSION)
    started = sum(placement.started for placement in placements)
    rebuilt = index.rebuilt
    return (
        f"{len(placements)} articles placed, {started} new stories, "
        f"{row['n'] if row else 0} stories in all, {copies} copy relations, "
        f"{joined} articles joined their original's story, "
        f"{len(named)} joined a story on the names they tell of"
        + (f"; story index made from the store ({rebuilt})" if rebuilt else "")
    )


def recluster(store: Store) -> str:
    """Batch re-clustering after bulk loads: every article replayed oldest first, then each
    placed again against the whole state (one refinement pass)."""
    profiles = _arrival_order(stored_profiles(store))
    clusterer = new_clusterer(store)
    with store.transaction():
        note_every_placement(store)
        store.execute("DELETE FROM story_articles")
        store.execute("DELETE FROM stories WHERE id NOT IN (SELECT story_id FROM story_events)")
    place_articles(store, clusterer, profiles)
    placements = place_articles(store, clusterer, profiles)
    join_copied_stories(store, clusterer)
    named = join_by_names(store, clusterer, [p.article_id for p in profiles])
    if named:
        join_copied_stories(store, clusterer, named)
    with store.transaction():
        store.execute(
            "DELETE FROM stories WHERE id NOT IN (SELECT story_id FROM story_articles) "
            "AND id NOT IN (SELECT story_id FROM story_events)"
        )
    from storyline.corrections import apply_corrections

    apply_corrections(store, ["story"])
    return f"{len(placements)} articles in {len(clusterer.stories)} stories"


# -- reading -------------------------------------------------------------------------------
def _story_dates(store: Store, members: Sequence[str]) -> list[str]:
    dates = []
    for article_id in members:
        row = store.query_one("SELECT published_date FROM articles WHERE id = ?", (article_id,))
        if row and row["published_date"]:
            dates.append(row["published_date"])
    return sorted(dates)


def list_stories(store: Store) -> list[dict[str, Any]]:
    """Every story: id, title, its articles, their languages and date span; largest first."""
    rows = store.query(
        "SELECT s.story_id, a.id, a.language, a.published_date FROM story_articles s "
        "JOIN articles a ON a.id = s.article_id "
        "ORDER BY a.published_date IS NULL, a.published_date, a.id"
    )
    titles = {row["id"]: row["title"] for row in store.query("SELECT id, title FROM stories")}
    grouped: dict[str, dict[str, Any]] = {}
    for row in rows:
        story = grouped.setdefault(
            row["story_id"],
            {
                "id": row["story_id"],
                "title": titles.get(row["story_id"], ""),
                "article_ids": [],
                "languages": [],
                "first_date": None,
                "last_date": None,
            },
        )
        story["article_ids"].append(row["id"])
        if row["language"] not in story["languages"]:
            story["languages"].append(row["language"])
        if row["published_date"]:
            story["first_date"] = story["first_date"] or row["published_date"]
            story["last_date"] = row["published_date"]
    for story in grouped.values():
        story["size"] = len(story["article_ids"])
    return sorted(grouped.values(), key=lambda s: (-s["size"], s["first_date"] or "", s["id"]))


def _related_by_content(evidence: dict[str, Any]) -> bool:
    """Whether an article that started its own story matched another one on content alone and
    was kept apart by time only: that story is related background, not the same matter."""
    other = evidence.get("best_other") or {}
    threshold = SAME_EVENT if "same_event" in other else ClusterParams().threshold
    return bool(other.get("story")) and other.get("content", 0.0) >= threshold


def story_record(store: Store, story_id: str) -> dict[str, Any] | None:
    """One story (by id or unique id prefix): its articles, copies, translations and related
    stories (where articles started apart but came close)."""
    rows = store.query("SELECT id, title FROM stories WHERE id = ?", (story_id,))
    if not rows:
        rows = store.query("SELECT id, title FROM stories WHERE id LIKE ?", (story_id + "%",))
    if len(rows) != 1:
        return None
    story = rows[0]
    members = story_members(store, story["id"])
    articles = []
    related: set[str] = set()
    for article_id in members:
        article = get_article(store, article_id)
        placed = store.query_one(
            "SELECT score, evidence_json FROM story_articles WHERE article_id = ?", (article_id,)
        )
        if article is None or placed is None:
            continue
        evidence = json.loads(placed["evidence_json"])
        if _related_by_content(evidence):
            related.add(evidence["best_other"]["story"])
        articles.append(
            {
                "id": article.id,
                "title": article.title,
                "language": article.language,
                "outlet": article.outlet.name,
                "published": article.published.date,
                "score": round(placed["score"], 4),
                "evidence": evidence,
                "flags": [{"kind": f.kind, "evidence": f.evidence} for f in article.flags],
            }
        )
    member_set = set(members)
    copies = [
        {key: relation[key] for key in ("kind", "from", "to", "score")}
        for relation in relations_of(store, kinds=list(COPY_KINDS))  # type: ignore[arg-type]
        if relation["from"] in member_set or relation["to"] in member_set
    ]
    for row in store.query(
        "SELECT s.story_id, s.evidence_json FROM story_articles s WHERE s.story_id <> ?",
        (story["id"],),
    ):
        evidence = json.loads(row["evidence_json"])
        if _related_by_content(evidence) and evidence["best_other"]["story"] == story["id"]:
            related.add(row["story_id"])
    return {
        "id": story["id"],
        "title": story["title"],
        "article_ids": members,
        "dates": _story_dates(store, members),
        "articles": articles,
        "copies": copies,
        "related_stories": sorted(
            related & {s["id"] for s in store.query("SELECT id FROM stories")}
        ),
    }


# ANN neighbours scored by the learned function per article asked for: it reorders them.
SIMILAR_POOL = 3


def similar_articles(store: Store, article_id: str, count: int = 10) -> list[dict[str, Any]]:
    """The articles most likely about the same event as one article: its ANN neighbours ranked
    by the learned same-event probability (`similarity`), with their cosine and story. Where
    no similarity model is shipped for the store's encoder, `similarity` is the cosine."""
    clusterer = open_clusterer(store)
    if clusterer.story_of(article_id) is None:
        return []
    profile = clusterer.profile(article_id)
    same_event = clusterer.pair_probability
    neighbours = [
        (other_id, cosine)
        for other_id, cosine in clusterer.neighbours(profile.vector, SIMILAR_POOL * count + 1)
        if other_id != article_id
    ]
    profiles = clusterer.profiles_of([other_id for other_id, _ in neighbours])
    found = []
    for other_id, cosine in neighbours:
        other = profiles[other_id]
        row = store.query_one("SELECT title, language FROM articles WHERE id = ?", (other_id,))
        found.append(
            {
                "id": other_id,
                "similarity": round(same_event(profile, other) if same_event else cosine, 4),
                "cosine": round(cosine, 4),
                "story_id": clusterer.story_of(other_id),
                "title": row["title"] if row else "",
                "language": row["language"] if row else "",
            }
        )
    found.sort(key=lambda item: (-item["similarity"], -item["cosine"], item["id"]))
    return found[:count]


def export_stories(store: Store) -> list[dict[str, Any]]:
    """The export contract's `stories` list, with events from `story_events`."""
    events: dict[str, list[dict[str, Any]]] = {}
    for row in store.query(
        "SELECT story_id, event_date, precision, label, assertion_ids_json FROM story_events "
        "ORDER BY story_id, event_date IS NULL, event_date, id"
    ):
        events.setdefault(row["story_id"], []).append(
            {
                "date": row["event_date"],
                "precision": row["precision"],
                "label": row["label"],
                "assertion_ids": json.loads(row["assertion_ids_json"]),
            }
        )
    return [
        {
            "id": story["id"],
            "title": story["title"],
            "article_ids": story["article_ids"],
            "events": events.get(story["id"], []),
            "languages": story["languages"],
            "first_date": story["first_date"],
            "last_date": story["last_date"],
        }
        for story in list_stories(store)
    ]


# -- benchmark feeding ---------------------------------------------------------------------
def load_documents(
    store: Store,
    documents: Sequence[dict[str, Any]],
    on_each: Callable[[str], object] | None = None,
) -> list[str]:
    """Store plain {id, title, text} documents as English articles without dates and run the
    text, embeddings and profile steps on each; returns their article ids in order."""
    from storyline.embeddings.stage import embed_article
    from storyline.text.stage import segment_article

    ids = []
    for document in documents:
        location = f"bench:{document['id']}"
        fingerprint = content_hash(f"{location}\n{document['title']}\n{document['text']}")
        article = Article(
            id=short_id("a", fingerprint),
            location=location,
            url=None,
            outlet=Outlet(),
            title=document["title"],
            language="en",
            language_confidence=1.0,
            published=PublishedDate(),
            text=document["text"],
            original=document["text"],
            text_map=(),
            content_hash=fingerprint,
        )
        _, article_id = save_article(store, article)
        segment_article(store, article_id)
        embed_article(store, article_id)
        profile_article(store, article_id)
        ids.append(article_id)
        if on_each:
            on_each(document["id"])
    return ids


def place_one_at_a_time(store: Store, article_ids: Sequence[str]) -> dict[str, str]:
    """Place articles one by one in the order given, as the stage does; returns their stories."""
    clusterer = load_clusterer(store)
    for profile in stored_profiles(store, article_ids):
        place_articles(store, clusterer, [profile])
    return dict(clusterer.story_by_article)


def stories_stage() -> Stage:
    """The pipeline stage: profiles per article, then placement and copies for the changed."""
    from storyline.stages import Stage

    return Stage(
        STAGE_NAME,
        STAGE_VERSION,
        ("sentences", "embeddings"),
        ("stories", "reprint_of", "translation_of"),
        per_article=profile_article,
        finish=finish_stories,
    )
