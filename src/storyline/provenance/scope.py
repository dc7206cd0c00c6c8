"""What a provenance run goes over again after some articles changed.

Origins, independence, inferred dates and story events of an article depend only on its story,
the assertions it shares claims with and the copies it is linked to; its date flags also on what
other reports say of the people it names. So a run starts from the changed articles, the
claims of assertions the alignment stage regrouped (stored untraced) and the articles the
stories stage moved (with the stories they left), and follows stories, assertions and copy
links until nothing new joins. Everything outside stays as the last run stored it, which is
what going over it again would give.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from storyline.store.base import IDS_PER_QUERY, Store, in_batches, rows_with_ids
from storyline.store.placement_changes import changed_placements, forget_placement_changes

# Links along which content flows from one article into another (provenance.stage's COPY_KINDS).
LINK_KINDS = ("reprint_of", "translation_of", "cites")


@dataclass(frozen=True)
class TraceScope:
    """`articles`: whose dates, assertions and flags are derived again (closed under stories,
    shared assertions and copy links); `stories`: whose events are; `readers`: other articles
    read only for what they say of the people named in `articles`; `whole`: the whole store;
    `left`: the stories that articles whose placements changed were in when last traced (those
    now without articles lose their events)."""

    articles: frozenset[str]
    stories: frozenset[str]
    readers: frozenset[str]
    whole: bool
    left: frozenset[str] = frozenset()


def whole_store(store: Store) -> TraceScope:
    articles = frozenset(row["id"] for row in store.query("SELECT id FROM articles"))
    stories = frozenset(
        row["story_id"] for row in store.query("SELECT DISTINCT story_id FROM story_articles")
    )
    return TraceScope(articles, stories, frozenset(), whole=True)


def trace_scope(store: Store, changed_ids: Sequence[str]) -> TraceScope:
    """The scope of a run after `changed_ids` changed (the whole store when they are all of it
    or when nothing was traced before)."""
    changed = set(changed_ids)
    if _every_article(store, changed):
        return whole_store(store)
    moved, left = _moved(store)
    seeds = changed | _untraced(store) | moved
    # A changed article's account of a person can date another report of them.
    seeds |= naming_the_same_people(store, changed)
    articles, stories = _closure(store, seeds)
    readers = naming_the_same_people(store, articles) - articles
    return TraceScope(
        frozenset(articles), frozenset(stories), frozenset(readers), False, frozenset(left)
    )


def _every_article(store: Store, article_ids: Collection[str]) -> bool:
    """Whether every stored article is among `article_ids` (which are stored articles): read
    from at most one article more than they are, not by counting the store."""
    if len(article_ids) > IDS_PER_QUERY:
        count = store.query_one("SELECT COUNT(*) AS n FROM articles")
        return count is None or len(article_ids) >= count["n"]
    marks = ", ".join("?" for _ in article_ids)
    outside = f"WHERE id NOT IN ({marks}) " if article_ids else ""
    return store.query_one(f"SELECT id FROM articles {outside}LIMIT 1", sorted(article_ids)) is None


def _untraced(store: Store) -> set[str]:
    """The articles with a claim in an assertion the provenance stage has not traced."""
    rows = store.query(
        "SELECT DISTINCT c.article_id FROM assertions a "
        "JOIN assertion_claims c ON c.assertion_id = a.id WHERE a.traced = 0"
    )
    return {row["article_id"] for row in rows}


def _moved(store: Store) -> tuple[set[str], set[str]]:
    """The articles placed since the last run in another story than it saw them in (or not
    seen by it at all), with the other articles of the story each left; and the stories that
    the articles whose placements were written since were in when last traced.

    Only a placement written since the last run can differ from the one it recorded, so only
    those (store.placement_changes) are compared."""
    written = changed_placements(store)
    rows = rows_with_ids(
        store,
        "SELECT s.article_id, t.story_id AS left_story FROM story_articles s "
        "LEFT JOIN traced_placements t ON t.article_id = s.article_id "
        "WHERE (t.story_id IS NULL OR t.story_id <> s.story_id) AND s.article_id IN ({ids})",
        written,
    )
    left = {row["left_story"] for row in rows if row["left_story"]}
    moved = {row["article_id"] for row in rows} | _members(store, left)
    traced = rows_with_ids(
        store, "SELECT story_id FROM traced_placements WHERE article_id IN ({ids})", written
    )
    return moved, {row["story_id"] for row in traced}


def record_placements(store: Store, scope: TraceScope) -> None:
    """Remember the stories the scope's articles are in now, as this run saw them."""
    if scope.whole:
        store.execute("DELETE FROM traced_placements")
        store.execute(
            "INSERT INTO traced_placements (article_id, story_id) "
            "SELECT article_id, story_id FROM story_articles"
        )
        forget_placement_changes(store)
        return
    forget_placement_changes(store, scope.articles)
    for placeholders, batch in in_batches(scope.articles):
        store.execute(f"DELETE FROM traced_placements WHERE article_id IN ({placeholders})", batch)
        store.execute(
            "INSERT INTO traced_placements (article_id, story_id) SELECT article_id, story_id "
            f"FROM story_articles WHERE article_id IN ({placeholders})",
            batch,
        )


def _members(store: Store, stories: Collection[str]) -> set[str]:
    rows = rows_with_ids(
        store, "SELECT article_id FROM story_articles WHERE story_id IN ({ids})", stories
    )
    return {row["article_id"] for row in rows}


def _closure(store: Store, seeds: set[str]) -> tuple[set[str], set[str]]:
    """`seeds` with every article sharing a story, an assertion or a copy link with one of
    them, until none joins; and the stories they are in."""
    articles = set(seeds)
    stories: set[str] = set()
    frontier = set(seeds)
    while frontier:
        found_stories = {
            row["story_id"]
            for row in rows_with_ids(
                store, "SELECT story_id FROM story_articles WHERE article_id IN ({ids})", frontier
            )
        }
        joined = _members(store, found_stories - stories)
        stories |= found_stories
        joined |= {
            row["article_id"]
            for row in rows_with_ids(
                store,
                "SELECT DISTINCT other.article_id FROM assertion_claims own "
                "JOIN assertion_claims other ON other.assertion_id = own.assertion_id "
                "WHERE own.article_id IN ({ids})",
                frontier,
            )
        }
        kinds = ", ".join("?" for _ in LINK_KINDS)
        for column, other in (("from_id", "to_id"), ("to_id", "from_id")):
            joined |= {
                row[other]
                for row in rows_with_ids(
                    store,
                    f"SELECT {other} FROM relations WHERE kind IN ({kinds}) "
                    f"AND {column} IN ({{ids}})",
                    frontier,
                    before=LINK_KINDS,
                )
            }
        frontier = joined - articles
        articles |= frontier
    return articles, stories


def naming_the_same_people(store: Store, article_ids: Collection[str]) -> set[str]:
    """The articles that name, in any of their spellings, a person one of `article_ids` names,
    or give them a role."""
    named = {
        row["text"]
        for row in rows_with_ids(
            store,
            "SELECT DISTINCT text FROM entity_mentions WHERE kind = 'person' "
            "AND article_id IN ({ids})",
            article_ids,
        )
    }
    if not named:
        return set()
    spellings: set[str] = set()
    found: set[str] = set()
    for row in store.query("SELECT aliases_json, roles_json FROM entities WHERE kind = 'person'"):
        aliases = {alias[0] for alias in json.loads(row["aliases_json"])}
        if aliases & named:
            spellings |= aliases
            found |= {role["article_id"] for role in json.loads(row["roles_json"])}
    # A lone surname names them too ('Kaya said'), as the office evidence reads it.
    surnames = {spelling.split()[-1] for spelling in spellings | named if spelling.split()}
    found |= {
        row["article_id"]
        for row in rows_with_ids(
            store,
            "SELECT DISTINCT article_id FROM entity_mentions WHERE text IN ({ids})",
            spellings | named | surnames,
        )
    }
    return found - set(article_ids)
