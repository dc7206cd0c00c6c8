"""The provenance stage: origins and independence of assertions, story events, date checks."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import date
from typing import Any

from storyline.model import Article, Flag, PublishedDate
from storyline.provenance.milestones import (
    Mention,
    MilestoneIndex,
    milestone_check,
    milestone_mentions,
)
from storyline.provenance.origins import (
    citations,
    independent_origins,
    original_of,
    trace_origin,
)
from storyline.provenance.plans import plan_date_check
from storyline.provenance.roles import (
    office_evidence,
    person_roles,
    role_date_check,
    succession_check,
    tenure_check,
)
from storyline.provenance.scope import LINK_KINDS, TraceScope, record_placements, trace_scope
from storyline.provenance.timeline import (
    as_date,
    content_date_check,
    copy_date_check,
    inferred_date,
    redated_copy_check,
    relative_date_check,
    story_events,
    year_phrase_check,
)
from storyline.relations import relations_of
from storyline.stages import Stage
from storyline.store.articles import get_article, list_articles, save_flag
from storyline.store.base import Store, in_batches, rows_with_ids
from storyline.store.readers import (
    article_claims,
    assertions_touching,
    export_assertions,
    export_claims,
    story_article_ids,
)

STAGE_NAME = "provenance"
# 2: a misdated piece telling of another time is set apart from its story.
# 3: a day stated without its year is dated in the year its story's reports give it; an
# inferred date is never before the reports the article copies or cites.
# 4: an assertion an article only denies does not date it.
# 5: a claim passing on another member's report is no origin of its own, and joins that
# report's independent origin;
# 6: an outlet crediting itself credits no one; an article is not dated before the reports it
# passes on.
# 7: a text speaking of a time long before its date as still to come is misdated;
# 8: a claim passing on another outlet's report is not read for relative dates.
# 9: a once-only happening (a reopening, a takeover) told as recent or to come years after
# other reports date it is misdated; so is a day its weekday pins, told as to come, weeks past.
# 10: 'succeeded by former X' names X as the successor; a report dated after the article that
# dates someone's leaving office years before it shows the article's title for them is stale;
# so does one of about its time saying they have held another role since an earlier year; a
# relative date naming a day that lands over a week after every other report's is misdated.
STAGE_VERSION = "10"
# Links along which content flows from the `to` article into the `from` article.
COPY_KINDS = LINK_KINDS
# Publication dates other reports must have before they can date an article.
TRUSTED_ESTIMATES = ("stated",)
REFINABLE_ESTIMATES = ("lower-bound", "unknown")
# How far on either side of a claim its sentence is searched for the date its source reported.
SENTENCE_MARKS = ".!?؟\n"


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def members_of(assertion: Mapping[str, Any], claims: Mapping[str, dict]) -> list[dict]:
    """An assertion's claims with the polarity alignment read in them ('no meeting took place'
    is a denial even where the claim's own polarity is affirmed)."""
    denied = set(assertion.get("denied_claim_ids") or [])
    return [
        {**claims[c], "polarity": "denied" if c in denied else claims[c]["polarity"]}
        for c in assertion["claim_ids"]
        if c in claims
    ]


def copy_links(store: Store, scope: TraceScope | None = None) -> list[dict[str, Any]]:
    """The copy links (reprints, translations, citations) of the store, or of a scope's
    articles (a scope holds both ends of its articles' links)."""
    if scope is None or scope.whole:
        return relations_of(store, kinds=list(COPY_KINDS))  # type: ignore[arg-type]
    kinds = ", ".join("?" for _ in COPY_KINDS)
    rows = rows_with_ids(
        store,
        f"SELECT from_id, to_id FROM relations WHERE kind IN ({kinds}) AND from_id IN ({{ids}}) "
        "ORDER BY kind, from_id, to_id, id",
        scope.articles,
        before=COPY_KINDS,
    )
    return [{"from": row["from_id"], "to": row["to_id"]} for row in rows]


def copy_map(
    store: Store, dates: Mapping[str, str | None], scope: TraceScope | None = None
) -> dict[str, str]:
    """Each copy (reprint, translation, citing article) and the earliest article it copies."""
    found: dict[str, str] = {}
    for relation in copy_links(store, scope):
        copy, original = relation["from"], relation["to"]
        known = found.get(copy)
        if known is None or (dates.get(original) or "9999") < (dates.get(known) or "9999"):
            found[copy] = original
    return found


def _find_timexes(text: str, language: str, anchor: date | None) -> list[dict[str, Any]]:
    try:
        from storyline.timex import find_timexes
    except ImportError:
        return []
    return [
        {
            "value": t.value,
            "precision": t.precision,
            "anchored": t.anchored,
            "text": t.text,
            "start": t.start,
            "end": t.end,
        }
        for t in find_timexes(text, language, anchor)
        if t.kind.upper() in ("DATE", "TIME") and t.value
    ]


def _anchor(article: Article) -> date | None:
    return as_date(article.published.date) or as_date(article.published.not_before)


def reported_on(
    article: Article, claim: Mapping[str, Any], anchor: date | None = None, undated: bool = False
) -> str | None:
    """The day the claim's sentence says its source reported it ('The daily Yarın reported on June
    15 that...', '..., the daily reported on Sunday'): a day date in the sentence other than
    the date of the event itself, no later than the article. Year-less dates are read against
    `anchor` when given (the date the matched reports give an undated article), else against
    the article's own date or lower bound. An `undated` article's own date is still to be
    found: its days are not cut at the anchor ('on 13 February the company said', told after
    the first report of 11 February)."""
    from storyline.timex import tense_at

    start, end = claim["span"]
    text = article.text
    left = max(text.rfind(mark, 0, start) for mark in SENTENCE_MARKS) + 1
    rights = [i for i in (text.find(mark, end) for mark in SENTENCE_MARKS) if i >= 0]
    right = min(rights) if rights else len(text)
    anchor = anchor or _anchor(article)
    event = (claim.get("event_date") or {}).get("value") or ""
    found = []
    sentence = text[left:right]
    for timex in _find_timexes(sentence, article.language, anchor):
        value = timex["value"][:10]
        day = as_date(value)
        if timex["precision"] != "day" or day is None or value == event[:10]:
            continue
        if anchor is None or day <= anchor:
            found.append(value)
        elif undated and tense_at(sentence, article.language, timex["start"], timex["end"]) < 1:
            # Past the anchor, yet told as past: the article was written after it.
            found.append(value)
    return max(found) if found else None


def settle_ambiguous_dates(
    store: Store, articles: dict[str, Article], stories: Mapping[str, list[str]]
) -> list[str]:
    """Read each all-numeric date that could be day-first or month-first ('10/09/2024') the way
    that lies nearest the other dated reports of its story (placement settled it against the
    nearest reports it knew then); returns the articles re-read."""
    from storyline.stories.numeric_dates import settled_reading

    story_of = {article_id: story_id for story_id, ids in stories.items() for article_id in ids}
    changed = []
    for article_id, article in articles.items():
        if not article.published.alternative or article_id not in story_of:
            continue
        others = [
            day.toordinal()
            for day in _trusted_days(
                articles, stories[story_of[article_id]], article_id, lambda p: p.alternative
            ).values()
        ]
        settled = settled_reading(article.published, others)
        if settled is None:
            continue
        store.execute(
            "UPDATE articles SET published_json = ?, published_date = ? WHERE id = ?",
            (_json(settled.as_dict()), settled.date, article_id),
        )
        changed.append(article_id)
    return changed


def _trusted_days(
    articles: dict[str, Article],
    members: Sequence[str],
    article_id: str,
    unsettled: Callable[[PublishedDate], object],
) -> dict[str, date]:
    """The stated full dates of an article's story companions, leaving out those whose own date
    `unsettled` says is still open."""
    found = {}
    for other in members:
        if other == article_id or other not in articles:
            continue
        published = articles[other].published
        day = as_date(published.date)
        if day and published.estimate in TRUSTED_ESTIMATES and not unsettled(published):
            found[other] = day
    return found


def settle_yearless_dates(
    store: Store, articles: dict[str, Article], stories: Mapping[str, list[str]]
) -> list[str]:
    """Date each article whose page states its day without a year ('Thu 3 Oct') in the year its
    story's other reports with a full stated date give it (the weekday named picks among the
    years near them); its claims' dates are read again against that day. Returns the articles
    dated."""
    from storyline.claims.stage import refine_event_dates
    from storyline.ingest.dates import placed_yearless

    story_of = {article_id: story_id for story_id, ids in stories.items() for article_id in ids}
    changed = []
    for article_id, article in articles.items():
        if not article.published.stated_day or article_id not in story_of:
            continue
        dated = _trusted_days(
            articles, stories[story_of[article_id]], article_id, lambda p: p.stated_day
        )
        if not dated:
            continue
        middle = sorted(dated.values())[len(dated) // 2].isoformat()
        basis = (
            f"the dates of its story's other reports ({', '.join(sorted(dated))}; around {middle})"
        )
        placed = placed_yearless(article.published, list(dated.values()), basis)
        if placed is None or placed == article.published:
            continue
        store.execute(
            "UPDATE articles SET published_json = ?, published_date = ? WHERE id = ?",
            (_json(placed.as_dict()), placed.date, article_id),
        )
        refine_event_dates(store, article_id, date.fromisoformat(placed.date))
        changed.append(article_id)
    return changed


def _not_before_what_it_copies(
    published: PublishedDate, originals: Sequence[str], articles: Mapping[str, Article]
) -> PublishedDate:
    """`published` bounded below by the stated dates of the articles it reprints, translates
    or cites: a copy cannot appear before its original."""
    dated = [
        (day, original)
        for original in originals
        if original in articles and articles[original].published.estimate in TRUSTED_ESTIMATES
        for day in [as_date(articles[original].published.date)]
        if day
    ]
    if not dated:
        return published
    floor, original = max(dated)
    if published.not_before and published.not_before[:10] >= floor.isoformat():
        return published
    return replace(
        published,
        not_before=floor.isoformat(),
        evidence=f"{published.evidence}; not before {floor.isoformat()}, the date of {original}, "
        "which it copies or cites".lstrip("; "),
    )


def refine_dates(
    store: Store, articles: dict[str, Article], assertions: list[dict], scope: TraceScope
) -> list[str]:
    """Give articles known only by a lower bound an inferred date from the dated reports that
    share an assertion with them; returns the articles refined."""
    # Re-dating claims is the claims stage's own write.
    from storyline.claims.stage import refine_event_dates
    from storyline.ingest.dates import placed_yearless

    claims = {c["id"]: c for c in export_claims(store, None if scope.whole else scope.articles)}
    copied: dict[str, list[str]] = {}
    for relation in copy_links(store, scope):
        copied.setdefault(relation["from"], []).append(relation["to"])
    # Per article, the assertions it has a claim in, with their claims.
    sharing: dict[str, list[tuple[str, list[dict]]]] = {}
    for assertion in assertions:
        members = members_of(assertion, claims)
        for article_id in dict.fromkeys(c["article_id"] for c in members):
            sharing.setdefault(article_id, []).append((assertion["id"], members))
        # An article passing on another's report ('the agency reported…') cannot predate it.
        by_id = {c["id"]: c for c in members}
        for citing, cited in citations(members).items():
            copied.setdefault(by_id[citing]["article_id"], []).append(by_id[cited]["article_id"])
    refined = []
    for article_id, article in articles.items():
        published = article.published
        if published.estimate not in REFINABLE_ESTIMATES and published.date:
            continue
        published = _not_before_what_it_copies(published, copied.get(article_id, []), articles)
        matches = []
        for assertion_id, members in sharing.get(article_id, []):
            told = [c for c in members if c["article_id"] == article_id]
            # What an article only denies is reported elsewhere, earlier: those reports do not
            # date it.
            if all(c["polarity"] == "denied" for c in told):
                continue
            for claim in members:
                other = articles.get(claim["article_id"])
                if other is None or other.id == article_id:
                    continue
                if other.published.estimate in TRUSTED_ESTIMATES and other.published.date:
                    matches.append(
                        {
                            "article_id": other.id,
                            "published": other.published.date,
                            "assertion_id": assertion_id,
                            "event_date": (claim.get("event_date") or {}).get("value"),
                        }
                    )
        matches = [dict(m) for m in {_json(m): m for m in matches}.values()]
        if not matches:
            continue
        anchor = min(as_date(m["published"]) for m in matches)  # type: ignore[type-var]
        if anchor is None:
            continue
        refine_event_dates(store, article_id, anchor)
        own_claims = article_claims(store, article_id)
        # An article cannot predate the events it tells nor the reports it cites.
        own = [
            c["event_date"]["value"][:10]
            for c in own_claims
            if (c.get("event_date") or {}).get("precision") == "day"
        ] + [
            day
            for day in (reported_on(article, c, anchor, undated=True) for c in own_claims)
            if day
        ]
        found = inferred_date(published.as_dict(), own, matches)
        if not found:
            continue
        sources = ", ".join(sorted({m["article_id"] for m in matches}))
        # A day the page states without its year keeps its day; the reports give its year.
        found_day = as_date(found["date"])
        placed = (
            placed_yearless(published, [found_day], f"the reports it matches ({sources})")
            if found_day
            else None
        )
        better = placed or PublishedDate(
            date=found["date"],
            precision="day",
            source="inferred",
            confidence=found["confidence"],
            estimate="inferred",
            not_before=published.not_before,
            evidence=(
                f"inferred from the reports it matches ({sources}): {found['evidence']['basis']}, "
                f"{found['date']}; before: {published.evidence or published.estimate}"
            ),
        )
        store.execute(
            "UPDATE articles SET published_json = ?, published_date = ? WHERE id = ?",
            (_json(better.as_dict()), better.date, article_id),
        )
        refined.append(article_id)
    return refined


def other_report_dates(
    assertions: Sequence[Mapping[str, Any]], claims: Mapping[str, dict], copies: Mapping[str, str]
) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """Per claim, the event dates other reports of its assertion state outright, and those they
    give relative to their own trusted dates ('on Tuesday'). Other reports, not renderings of
    this one: a date a translation changed is drift, not a sign that the article tells of
    another time. A claim passing on another outlet's report joined its assertion by whom it
    credits, not by the happening it dates: its relative dates may be the account's background
    ('the report warned last October'), so it gets none to be read against."""
    others: dict[str, list[str]] = {}
    anchored: dict[str, list[str]] = {}
    for assertion in assertions:
        members = members_of(assertion, claims)
        passing_on = citations(members)
        for claim in members:
            if claim["id"] in passing_on:
                continue
            family = original_of(claim["article_id"], copies)
            reports = [
                o["event_date"]
                for o in members
                if o["article_id"] != claim["article_id"]
                and original_of(o["article_id"], copies) != family
                and (o.get("event_date") or {}).get("value")
            ]
            others[claim["id"]] = [d["value"] for d in reports if not d.get("anchored")]
            anchored[claim["id"]] = [d["value"] for d in reports if d.get("anchored")]
    return others, anchored


def copy_event_dates(
    assertions: Sequence[Mapping[str, Any]], claims: Mapping[str, dict], copies: Mapping[str, str]
) -> dict[str, dict[str, list[str]]]:
    """Per copy and claim of it, the event dates its original's claims of the same assertion
    give (what a copy dated anew is read against)."""
    found: dict[str, dict[str, list[str]]] = {}
    for assertion in assertions:
        members = members_of(assertion, claims)
        for claim in members:
            original = copies.get(claim["article_id"])
            if not original:
                continue
            days = [
                o["event_date"]["value"]
                for o in members
                if o["article_id"] == original and (o.get("event_date") or {}).get("value")
            ]
            if days:
                found.setdefault(claim["article_id"], {})[claim["id"]] = days
    return found


def _flags(
    store: Store,
    articles: dict[str, Article],
    readers: Mapping[str, Article],
    copies: Mapping[str, str],
    assertions: list[dict],
    claims: dict[str, dict],
) -> dict[str, list[Flag]]:
    """misdated and stale flags of `articles`, each with its evidence; `readers` are the other
    articles that name the people they name."""
    found: dict[str, list[Flag]] = {}
    others, anchored = other_report_dates(assertions, claims, copies)
    original_days = copy_event_dates(assertions, claims, copies)
    by_article: dict[str, list[dict]] = {}
    for claim in claims.values():
        by_article.setdefault(claim["article_id"], []).append(claim)
    named = {**articles, **readers}
    roles_by_article = person_roles(store, named)
    offices = office_evidence(store, named)
    stated_days = {
        article_id: day
        for article_id, article in named.items()
        if article.published.estimate in TRUSTED_ESTIMATES
        for day in [as_date(article.published.date)]
        if day
    }
    timexes_of: dict[str, list[dict[str, Any]]] = {}
    milestones: dict[str, list[Mention]] = {}

    def read_times(article_ids: Iterable[str]) -> None:
        for article_id in article_ids:
            if article_id in stated_days and article_id not in timexes_of:
                article = named[article_id]
                day = stated_days[article_id]
                timexes_of[article_id] = _find_timexes(article.text, article.language, day)
                milestones[article_id] = milestone_mentions(
                    article.text, article.language, timexes_of[article_id]
                )

    read_times(articles)
    # The other reports' times are read only when an article tells a once-only happening by
    # relative words: nothing else here looks at them.
    if any(m.relative and not m.written for found in milestones.values() for m in found):
        read_times(readers)
    milestone_index = MilestoneIndex(
        {article_id: (stated_days[article_id], found) for article_id, found in milestones.items()}
    )
    for article_id, article in articles.items():
        stated = stated_days.get(article_id)
        if stated is None:
            continue
        timexes = timexes_of[article_id]
        flags: list[Flag] = []
        content = (
            content_date_check(stated, timexes)
            or year_phrase_check(stated, article.text, timexes)
            or plan_date_check(stated, article.text, article.language, timexes)
        )
        if content:
            flags += [Flag("misdated", content, STAGE_NAME), Flag("stale", content, STAGE_NAME)]
        original = copies.get(article_id)
        if original and original in articles and not content:
            copied = copy_date_check(stated, original, as_date(articles[original].published.date))
            if copied:
                flags.append(Flag("stale", copied, STAGE_NAME))
                if any(t["anchored"] for t in timexes):
                    flags.append(Flag("misdated", copied, STAGE_NAME))
        relative = relative_date_check(
            by_article.get(article_id, []), others, anchored, named_days=False
        )
        if relative and not any(f.kind == "misdated" for f in flags):
            flags.append(Flag("misdated", relative, STAGE_NAME))
        family = original_of(article_id, copies)
        roles = (
            role_date_check(stated, roles_by_article.get(article_id, []), named)
            or succession_check(offices, article, stated, named)
            or tenure_check(
                stated,
                roles_by_article.get(article_id, []),
                named,
                lambda other, family=family: original_of(other, copies) == family,
            )
        )
        if roles and not any(f.kind == "misdated" for f in flags):
            flags.append(Flag("misdated", roles, STAGE_NAME))
        once = milestone_check(
            stated, article_id, article.text, milestones[article_id], milestone_index
        )
        if once and not any(f.kind == "misdated" for f in flags):
            flags.append(Flag("misdated", once, STAGE_NAME))
        # A day read from the article's own date landing weeks after the others' (a copy or a
        # report dated anew) is read last: evidence that the content is of another time, which
        # sets a piece apart from its story, goes first.
        if not any(f.kind == "misdated" for f in flags):
            anew = (
                redated_copy_check(
                    stated,
                    as_date(named[original].published.date),
                    by_article.get(article_id, []),
                    original_days.get(article_id, {}),
                )
                if original and original in named
                else None
            ) or relative_date_check(by_article.get(article_id, []), others, anchored)
            if anew:
                flags.append(Flag("misdated", anew, STAGE_NAME))
        if flags:
            found[article_id] = flags
    return found


# Misdated evidence that an article tells of another time than its date (as against a wrong date
# on its story's own events): such a piece is no report of its story's events and is set apart
# from it (storyset.md: "a misdated piece on other events stands apart; a re-dated copy may
# join").
OTHER_TIME_REASONS = frozenset(
    {
        "content dates",
        "relative year contradicts the year written",
        "plan for a time long past",
        "role contradicted",
        "speaks of a person in an office they had left",
        "role held since an earlier year contradicted",
        "once-only happening dated years earlier elsewhere",
    }
)


def stories_in(store: Store, scope: TraceScope) -> dict[str, list[str]]:
    """Each story's articles, of every story or of the scope's."""
    if scope.whole:
        rows = store.query("SELECT article_id, story_id FROM story_articles")
    else:
        rows = rows_with_ids(
            store,
            "SELECT article_id, story_id FROM story_articles WHERE story_id IN ({ids})",
            scope.stories,
        )
    stories: dict[str, list[str]] = {}
    for row in rows:
        stories.setdefault(row["story_id"], []).append(row["article_id"])
    return stories


def _pieces_on_other_events(
    stories: Mapping[str, list[str]], flags: Mapping[str, list[Flag]], copies: Mapping[str, str]
) -> dict[str, dict[str, Any]]:
    """Articles sharing a story with others whose misdated flag says their content is of
    another time, and which copy nothing and nothing copies; with that flag's evidence."""
    shared = {article_id for ids in stories.values() if len(ids) > 1 for article_id in ids}
    copied = set(copies) | set(copies.values())
    found = {}
    for article_id, article_flags in sorted(flags.items()):
        if article_id in copied or article_id not in shared:
            continue
        for flag in article_flags:
            if flag.kind == "misdated" and flag.evidence.get("reason") in OTHER_TIME_REASONS:
                found[article_id] = flag.evidence
                break
    return found


def trace_store(store: Store, changed_ids: Sequence[str]) -> str:
    """Origins and independence of assertions, story events, inferred dates and date flags,
    replacing what this stage stored before: of the whole store, or of what the changed articles
    reach (provenance.scope) when they are only part of it."""
    if not changed_ids and store.query_one("SELECT id FROM story_events LIMIT 1"):
        return "nothing changed"
    scope = trace_scope(store, changed_ids)
    ids = None if scope.whole else scope.articles

    def read_articles() -> dict[str, Article]:
        return {a.id: a for a in list_articles(store, ids)}

    articles = read_articles()
    stories = stories_in(store, scope)
    assertions = export_assertions(
        store, ids=None if scope.whole else assertions_touching(store, scope.articles)
    )
    with store.transaction():
        settled = settle_ambiguous_dates(store, articles, stories)
    articles = read_articles()
    with store.transaction():
        settled += settle_yearless_dates(store, articles, stories)
    articles = read_articles()
    with store.transaction():
        refined = refine_dates(store, articles, assertions, scope) + settled
    articles = read_articles()
    readers = {a.id: a for a in list_articles(store, scope.readers)} if scope.readers else {}
    dates = {a.id: a.published.date for a in articles.values()}
    copies = copy_map(store, dates, scope)
    claims = {c["id"]: c for c in export_claims(store, ids)}
    flags = _flags(store, articles, readers, copies, assertions, claims)
    apart = _pieces_on_other_events(stories, flags, copies)
    if apart:
        # Their claims leave their former stories' assertions too: align again, then trace.
        from storyline.alignment.stage import align_store
        from storyline.stories.stage import set_apart

        with store.transaction():
            for article_id, evidence in apart.items():
                set_apart(store, article_id, evidence)
        align_store(store, list(apart))
        return trace_store(store, changed_ids)
    # An origin is dated by what a text states (its dateline, or 'X reported on June 15'), not
    # by estimates, which are only bounds; and not by a misdated or stale article's own date:
    # what it tells is older or newer.
    trusted = {
        a.id: a.published.date
        for a in articles.values()
        if a.published.estimate in TRUSTED_ESTIMATES and a.id not in flags
    }
    with store.transaction():
        for assertion in assertions:
            members = members_of(assertion, claims)
            when = {
                c["id"]: reported_on(articles[c["article_id"]], c)
                for c in members
                if c["article_id"] in articles
            }
            origin = trace_origin(members, trusted, copies, when)
            independence = independent_origins(members, copies)
            store.execute(
                "UPDATE assertions SET origin_json = ?, independence_json = ?, traced = 1 "
                "WHERE id = ?",
                (_json(origin), _json(independence), assertion["id"]),
            )
        _forget_events(store, scope)
        events = 0
        story_assertions, story_claims = _by_story(stories, assertions, claims)
        for story_id, _ in sorted(stories.items()):
            found = story_events(
                story_id, story_assertions.get(story_id, []), claims, story_claims.get(story_id, [])
            )
            for event in found:
                store.execute(
                    "INSERT INTO story_events (id, story_id, event_date, precision, label, "
                    "assertion_ids_json, evidence_json, stage_version) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING",
                    (
                        event["id"],
                        story_id,
                        event["date"],
                        event["precision"],
                        event["label"],
                        _json(event["assertion_ids"]),
                        _json(event["evidence"]),
                        STAGE_VERSION,
                    ),
                )
                events += 1
        _forget_flags(store, scope)
        for article_id, article_flags in flags.items():
            for flag in article_flags:
                save_flag(store, article_id, flag)
        record_placements(store, scope)
    flagged = sum(len(f) for f in flags.values())
    reach = "" if scope.whole else f" (of {len(scope.articles)} articles the changes reach)"
    return (
        f"{len(assertions)} assertions traced; {events} events; {flagged} date flags; "
        f"{len(refined)} dates inferred{reach}"
    )


def _by_story(
    stories: Mapping[str, list[str]], assertions: Sequence[dict], claims: Mapping[str, dict]
) -> tuple[dict[str, list[dict]], dict[str, list[dict]]]:
    """Per story, the assertions with a claim in one of its articles and its articles' claims,
    each in the order given: read in one pass, not once per story."""
    stories_of: dict[str, list[str]] = {}
    for story_id, members in stories.items():
        for article_id in dict.fromkeys(members):
            stories_of.setdefault(article_id, []).append(story_id)
    by_assertion: dict[str, list[dict]] = {}
    for assertion in assertions:
        touched = {
            story_id
            for claim_id in assertion["claim_ids"]
            for story_id in stories_of.get(claims.get(claim_id, {}).get("article_id"), ())
        }
        for story_id in touched:
            by_assertion.setdefault(story_id, []).append(assertion)
    by_claims: dict[str, list[dict]] = {}
    for claim in claims.values():
        for story_id in stories_of.get(claim["article_id"], ()):
            by_claims.setdefault(story_id, []).append(claim)
    return by_assertion, by_claims


def _forget_events(store: Store, scope: TraceScope) -> None:
    """Drop the events of the scope's stories, and of stories left without articles (a story
    with events loses its last article only by a placement written since: one of `left`)."""
    if scope.whole:
        store.execute("DELETE FROM story_events")
        return
    for placeholders, batch in in_batches(scope.stories):
        store.execute(f"DELETE FROM story_events WHERE story_id IN ({placeholders})", batch)
    for placeholders, batch in in_batches(scope.left - scope.stories):
        store.execute(
            f"DELETE FROM story_events WHERE story_id IN ({placeholders}) AND NOT EXISTS "
            "(SELECT 1 FROM story_articles s WHERE s.story_id = story_events.story_id)",
            batch,
        )


def _forget_flags(store: Store, scope: TraceScope) -> None:
    """Drop this stage's flags on the scope's articles."""
    if scope.whole:
        store.execute("DELETE FROM flags WHERE stage = ?", (STAGE_NAME,))
        return
    for placeholders, batch in in_batches(scope.articles):
        store.execute(
            f"DELETE FROM flags WHERE stage = ? AND article_id IN ({placeholders})",
            [STAGE_NAME, *batch],
        )


def events_of_story(store: Store, story_id: str) -> list[dict[str, Any]]:
    """A story's events as the export contract lists them, oldest first."""
    rows = store.query(
        "SELECT * FROM story_events WHERE story_id = ? ORDER BY event_date IS NULL, event_date, id",
        (story_id,),
    )
    return [
        {
            "id": row["id"],
            "date": row["event_date"],
            "precision": row["precision"],
            "label": row["label"],
            "assertion_ids": json.loads(row["assertion_ids_json"]),
            "evidence": json.loads(row["evidence_json"]),
        }
        for row in rows
    ]


def _article_summary(article: Article) -> dict[str, Any]:
    return {
        "id": article.id,
        "title": article.title,
        "outlet": article.outlet.name,
        "language": article.language,
        "published": article.published.as_dict(),
        "flags": [
            {"kind": f.kind, "evidence": f.evidence, "stage": f.stage} for f in article.flags
        ],
    }


def story_timeline(store: Store, story_id: str) -> dict[str, Any]:
    """A story's events and its reports, each in date order, with the reports' date flags."""
    members = story_article_ids(store, story_id)
    articles = [a for a in (get_article(store, m) for m in members) if a is not None]
    articles.sort(key=lambda a: (a.published.date or "9999", a.id))
    return {
        "story_id": story_id,
        "events": events_of_story(store, story_id),
        "reports": [_article_summary(a) for a in articles],
    }


def role_changes(store: Store, article_ids: Sequence[str]) -> list[dict[str, Any]]:
    """People these articles give a role other reports (in the same language) do not, with the
    reports' dates: a role held years earlier is a sign the content is older than its date."""
    from storyline.alignment.drift import different_roles

    inside = set(article_ids)
    languages = {
        row["id"]: row["language"] for row in store.query("SELECT id, language FROM articles")
    }
    found = []
    for row in store.query("SELECT name, kind, roles_json FROM entities ORDER BY name"):
        if row["kind"] != "person":
            continue
        roles = json.loads(row["roles_json"])
        here = [r for r in roles if r["article_id"] in inside]
        elsewhere = [
            other
            for other in roles
            if other["article_id"] not in inside
            and any(
                languages.get(other["article_id"]) == languages.get(mine["article_id"])
                and different_roles(mine["role"], other["role"])
                for mine in here
            )
        ]
        if here and elsewhere:
            found.append({"entity": row["name"], "here": here, "elsewhere": elsewhere})
    return found


def story_provenance(store: Store, story_id: str) -> dict[str, Any]:
    """Where a story's assertions come from: origin, independent origins, the copy links
    among its articles, and the date flags and inferred dates of its articles."""
    members = story_article_ids(store, story_id)
    member_set = set(members)
    copies = [
        r
        for r in relations_of(store, kinds=list(COPY_KINDS))  # type: ignore[arg-type]
        if r["from"] in member_set or r["to"] in member_set
    ]
    articles = [a for a in (get_article(store, m) for m in members) if a is not None]
    return {
        "story_id": story_id,
        "assertions": [
            {
                "id": a["id"],
                "label": a["label"],
                "origin": a["origin"],
                "independent_origins": (a["independence"] or {}).get("independent_origins"),
                "origins": (a["independence"] or {}).get("origins", []),
                "claims": len(a["claim_ids"]),
            }
            for a in export_assertions(store, story_id)
        ],
        "copies": copies,
        "flags": [
            {"article_id": a.id, "kind": f.kind, "evidence": f.evidence}
            for a in articles
            for f in a.flags
            if f.kind in ("misdated", "stale")
        ],
        "role_changes": role_changes(store, members),
        "inferred_dates": [
            {"article_id": a.id, **a.published.as_dict()}
            for a in articles
            if a.published.estimate == "inferred"
        ],
    }


def provenance_stage() -> Stage:
    """The pipeline stage: origins, independence, story events, inferred dates, date flags."""
    return Stage(
        STAGE_NAME,
        STAGE_VERSION,
        ("assertions", "stories"),
        ("origins", "story_events", "misdated", "stale"),
        finish=trace_store,
    )
