"""A story's timeline, and checks of articles' dates against what they report.

Events are dated happenings: the event dates the claims of an assertion agree on. An article's
stated date is checked against its content (a text headed years after every date it writes,
yet speaking of them as recent, is misdated and stale) and against the other reports of the
same events; an article with only a lower bound on its date gets an inferred date from the
reports it matches.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from typing import Any

from storyline.alignment.facts import event_types
from storyline.ids import short_id

# Content whose latest written date lies more than this before the stated date is old content.
STALE_DAYS = 365
# A copy published this long after its original re-publishes old content: reprints and
# translations of news follow it within days.
STALE_COPY_DAYS = 30
# How far past the matched reports an undated article's own dates may still date it.
INFERENCE_WINDOW_DAYS = 180
# What may stand between a relative year and the year it names ("three years ago, in 2021",
# "geçen yılki 2023", "this year (2024)"): punctuation and one short connecting word.
YEAR_PHRASE_GAP = re.compile(r"^[\s,،:;'’()\-–—]*(?:in|of|ki|yılı|عام|سنة|في)?[\s,،:;'’()\-–—]*$")
# A relative date ('last May', 'two days ago') landing this long after every other report's date
# for the same happening was anchored to the wrong date.
RELATIVE_GAP_DAYS = 365
# ... and for a relative date that names a day ('last night', 'yesterday', 'the 6th of this
# month'): such words are read from the article's own date, so a landing weeks after every other
# report of the happening says the article was dated anew (a copy re-dated, 'last night' kept).
RELATIVE_DAY_GAP_DAYS = 7
# The whole span a relative date names ('last year') ending this long before every other
# report's date: the article tells as past what had not yet happened on its date.
RELATIVE_BEFORE_DAYS = 30
LABEL_CHARACTERS = 120


def as_date(value: str | None) -> date | None:
    """A date from an ISO value of day, month or year precision (month/year: first day)."""
    if not value or value[:4].startswith("X") or not value[:4].isdigit():
        return None
    parts = value[:10].split("-")
    try:
        numbers = [int(p) for p in parts if p.isdigit()]
        return date(numbers[0], *[*numbers[1:], 1, 1][:2])
    except (ValueError, IndexError):
        return None


def _names_a_day(value: str) -> bool:
    """Whether an ISO event date names a day ('2025-04-11', '2025-04-11TNI'), not a month or
    a year."""
    return bool(re.match(r"^\d{4}-\d\d-\d\d", value))


def year_known(event_date: Mapping[str, Any]) -> bool:
    """Whether a claim's event date rests on a written year or a real publication date."""
    value = event_date.get("value") or ""
    if not value[:4].isdigit():
        return False
    return not (
        event_date.get("anchored") and event_date.get("anchor_kind") in ("not_before", None)
    )


def assertion_date(members: Sequence[Mapping[str, Any]]) -> tuple[str, str] | None:
    """The event date most claims of an assertion agree on (affirming claims first)."""
    affirmed = [c for c in members if c.get("polarity") != "denied"] or list(members)
    dates = Counter()
    precision: dict[str, str] = {}
    for claim in affirmed:
        when = claim.get("event_date") or {}
        if when.get("precision") in ("day", "month") and year_known(when):
            value = when["value"][: 10 if when["precision"] == "day" else 7]
            dates[value] += 1
            precision[value] = when["precision"]
    if not dates:
        return None
    value = max(dates, key=lambda v: (dates[v], precision[v] == "day", v))
    return value, precision[value]


def story_events(
    story_id: str,
    assertions: Sequence[Mapping[str, Any]],
    claims_by_id: Mapping[str, Mapping[str, Any]],
    story_claims: Sequence[Mapping[str, Any]],
) -> list[dict[str, Any]]:
    """The dated happenings of a story: from its assertions' agreed event dates, and from
    single claims that date a happening (a meeting, an attack...) no assertion covers."""
    events: dict[str, dict[str, Any]] = {}
    covered: set[str] = set()
    for assertion in sorted(assertions, key=lambda a: -len(a["claim_ids"])):
        denied = set(assertion.get("denied_claim_ids") or [])
        members = [
            {
                **claims_by_id[c],
                "polarity": "denied" if c in denied else claims_by_id[c]["polarity"],
            }
            for c in assertion["claim_ids"]
            if c in claims_by_id
        ]
        found = assertion_date(members)
        covered.update(assertion["claim_ids"])
        if not found:
            continue
        value, precision = found
        event = events.setdefault(
            value,
            {
                "date": value,
                "precision": precision,
                "label": assertion["label"],
                "assertion_ids": [],
                "evidence": {"claims": [], "articles": []},
            },
        )
        event["assertion_ids"].append(assertion["id"])
        _add_evidence(event, members)
    for claim in story_claims:
        when = claim.get("event_date") or {}
        if claim["id"] in covered or when.get("precision") != "day" or not year_known(when):
            continue
        if claim.get("polarity") == "denied" or not event_types(claim["text"], claim["language"]):
            continue
        value = when["value"][:10]
        event = events.setdefault(
            value,
            {
                "date": value,
                "precision": "day",
                "label": _short(claim["text"]),
                "assertion_ids": [],
                "evidence": {"claims": [], "articles": []},
            },
        )
        _add_evidence(event, [claim])
    ordered = sorted(events.values(), key=lambda e: e["date"])
    for event in ordered:
        event["id"] = short_id("ev", story_id, event["date"], event["label"])
        event["story_id"] = story_id
    return ordered


def _add_evidence(event: dict[str, Any], claims: Sequence[Mapping[str, Any]]) -> None:
    for claim in claims:
        if claim["id"] not in event["evidence"]["claims"]:
            event["evidence"]["claims"].append(claim["id"])
        if claim["article_id"] not in event["evidence"]["articles"]:
            event["evidence"]["articles"].append(claim["article_id"])


def _short(text: str) -> str:
    text = " ".join(text.split())
    text = text[:1].upper() + text[1:]
    if len(text) > LABEL_CHARACTERS:
        text = text[: LABEL_CHARACTERS - 1].rsplit(" ", 1)[0] + "…"
    return text


def content_date_check(stated: date, timexes: Sequence[Mapping[str, Any]]) -> dict[str, Any] | None:
    """Evidence that a text is older than its stated date, or None.

    It fires when every day the text writes out with its year lies more than STALE_DAYS
    before the stated date, while the text also speaks in relative terms ('on Wednesday', 'two
    years ago'): relative words only make sense from the text's own, older, date.
    `timexes` are dicts with value, precision, anchored and text (storyline.timex).
    """
    written = []
    relative = []
    for timex in timexes:
        value = as_date(timex.get("value"))
        if value is None:
            continue
        if timex.get("anchored"):
            relative.append({"text": timex.get("text"), "lands_on": timex.get("value")})
        elif timex.get("precision") == "day" and value <= stated:
            # A day written with its year dates a report's news; background is written by
            # month or year ('cut ties in March 2021').
            written.append((value, timex))
    if not written or not relative:
        return None
    latest, latest_timex = max(written, key=lambda item: item[0])
    gap = (stated - latest).days
    if gap <= STALE_DAYS:
        return None
    return {
        "reason": "content dates",
        "stated": stated.isoformat(),
        "latest_written_date": latest.isoformat(),
        "latest_written_text": latest_timex.get("text"),
        "gap_days": gap,
        "written_dates": sorted({t.get("text") for _, t in written}),
        "relative_expressions": relative,
    }


def year_phrase_check(
    stated: date, text: str, timexes: Sequence[Mapping[str, Any]]
) -> dict[str, Any] | None:
    """Evidence that a text was written in another year than its stated date: a relative year
    read from the stated date ('last year', 'geçen yıl', 'العام المقبل') right beside the year
    it names ('last year's 2023 elections') lands on another year than the one written.
    `timexes` are dicts with value, anchored, start and end, found with the stated date."""
    relative = [t for t in timexes if t.get("anchored") and str(t.get("value", ""))[:4].isdigit()]
    written = [
        t for t in timexes if not t.get("anchored") and str(t.get("value", ""))[:4].isdigit()
    ]
    clashes = []
    for near in relative:
        for named in written:
            first, second = sorted((near, named), key=lambda t: t["start"])
            gap = text[first["end"] : second["start"]]
            if first["end"] > second["start"] or not YEAR_PHRASE_GAP.match(gap):
                continue
            if str(near["value"])[:4] != str(named["value"])[:4]:
                clashes.append(
                    {
                        "text": text[first["start"] : second["end"]],
                        "relative_lands_on": str(near["value"])[:4],
                        "year_written": str(named["value"])[:4],
                    }
                )
    if not clashes:
        return None
    return {
        "reason": "relative year contradicts the year written",
        "stated": stated.isoformat(),
        "phrases": clashes,
    }


def copy_date_check(
    stated: date, original_id: str, original_date: date | None
) -> dict[str, Any] | None:
    """Evidence that a copy re-publishes old content: its original is long older."""
    if original_date is None:
        return None
    gap = (stated - original_date).days
    if gap <= STALE_COPY_DAYS:
        return None
    return {
        "reason": "earlier copy",
        "stated": stated.isoformat(),
        "original": original_id,
        "original_date": original_date.isoformat(),
        "gap_days": gap,
    }


def redated_copy_check(
    stated: date,
    original_date: date | None,
    claims: Sequence[Mapping[str, Any]],
    original_days: Mapping[str, Sequence[str]],
) -> dict[str, Any] | None:
    """Evidence that a copy was dated anew: published over a week after its original, it tells
    a happening by a day read from its own date ('last night') that lands as far after the day
    the original gives the same happening. A copy that changes a date it states outright is
    drift, not a new date: only days read from the copy's date count. `original_days` maps a
    claim id to the event dates the original's claims of its assertion give."""
    if original_date is None or (stated - original_date).days <= RELATIVE_DAY_GAP_DAYS:
        return None
    landings = []
    for claim in claims:
        when = claim.get("event_date") or {}
        if not when.get("anchored") or when.get("precision") != "day" or not year_known(when):
            continue
        landed = as_date(when.get("value"))
        theirs = [d for d in (as_date(v) for v in original_days.get(claim["id"], [])) if d]
        if landed and theirs and (landed - max(theirs)).days > RELATIVE_DAY_GAP_DAYS:
            landings.append(
                {
                    "claim_id": claim["id"],
                    "text": when.get("text"),
                    "lands_on": when.get("value"),
                    "original_gives": sorted(d.isoformat() for d in theirs),
                }
            )
    if not landings:
        return None
    return {
        "reason": "copy dated anew",
        "stated": stated.isoformat(),
        "original_date": original_date.isoformat(),
        "landings": landings,
    }


def relative_date_check(
    claims: Sequence[Mapping[str, Any]],
    others: Mapping[str, Sequence[str]],
    anchored: Mapping[str, Sequence[str]] | None = None,
    named_days: bool = True,
) -> dict[str, Any] | None:
    """Evidence that relative dates anchored to an article's stated date land far from every
    other report of the same happenings: after all of them (an old report dated anew), or,
    the whole span they name, before all of them ('last year's recall' in a report dated the
    year of the recall). `others` maps a claim id to the event dates other articles give for
    the same assertion; `anchored` the dates they give relative to their own dates, which tell
    when the happening was at the latest but not that an old report was dated anew. With
    `named_days`, a relative date naming a day is read against the days the others name, a week
    apart."""
    landings = []
    for claim in claims:
        when = claim.get("event_date") or {}
        if not when.get("anchored") or not year_known(when):
            continue
        landed = as_date(when.get("value"))
        span_end = as_date((when.get("range") or [None, None])[1]) or landed
        reported = [d for d in (as_date(v) for v in others.get(claim["id"], [])) if d]
        anchored_values = [v for v in (anchored or {}).get(claim["id"], []) if as_date(v)]
        relative = [d for d in (as_date(v) for v in anchored_values) if d]
        if not landed or not span_end or not (reported or relative):
            continue
        # Another report placing the happening near where this one lands, by its own relative
        # words, agrees with it: a written date far from both is of something else ('a 2001
        # dissertation').
        if named_days and when.get("precision") == "day":
            # A day told by another report from its own date ('11 Nisan Cuma', 'yesterday')
            # places the happening as well as one written with its year: what a day landing
            # weeks after it is read against.
            gap_days = RELATIVE_DAY_GAP_DAYS
            days = [
                d for value, d in zip(anchored_values, relative, strict=True) if _names_a_day(value)
            ]
            agreed = any(abs((landed - d).days) <= gap_days for d in relative)
            latest = max(reported + days) if reported or days else None
            after = not agreed and latest is not None and (landed - latest).days > gap_days
        else:
            agreed = any(abs((landed - d).days) <= RELATIVE_GAP_DAYS for d in relative)
            after = (
                bool(reported) and not agreed and (landed - max(reported)).days > RELATIVE_GAP_DAYS
            )
        before = (min(reported + relative) - span_end).days > RELATIVE_BEFORE_DAYS
        if after or before:
            landings.append(
                {
                    "claim_id": claim["id"],
                    "text": when.get("text"),
                    "lands_on": when.get("value"),
                    "other_reports": sorted(d.isoformat() for d in reported + relative),
                }
            )
    if not landings:
        return None
    return {"reason": "relative dates", "landings": landings}


def inferred_date(
    article: Mapping[str, Any],
    own_dates: Sequence[str],
    matches: Sequence[Mapping[str, Any]],
) -> dict[str, Any] | None:
    """A date for an article known only by a lower bound, from the reports it matches.

    `matches` are {article_id, published, assertion_id, event_date} of dated reports sharing
    an assertion with it; `own_dates` the day dates its own claims give once resolved in the
    matched reports' year. The inferred date is the latest of those and the lower bound: the
    article cannot predate what it reports.
    """
    dated = [m for m in matches if as_date(m.get("published"))]
    if not dated:
        return None
    lower = as_date(article.get("not_before"))
    candidates = [d for d in (as_date(v) for v in own_dates) if d]
    earliest_match = min(as_date(m["published"]) for m in dated)  # type: ignore[type-var]
    window = timedelta(days=INFERENCE_WINDOW_DAYS)
    candidates = [d for d in candidates if d <= earliest_match + window]
    basis = "the latest date it states, read in the matched reports' year"
    if lower:
        candidates.append(lower)
    if not candidates:
        candidates = [earliest_match]
        basis = "the earliest matched report's date (it states no date of its own)"
    best = max(candidates)
    if lower and best < lower:
        return None
    if lower and best == lower and lower not in candidates[:-1]:
        basis = f"its lower bound {lower.isoformat()}, which no later date it states passes"
    return {
        "date": best.isoformat(),
        "precision": "day",
        "confidence": 0.5,
        "evidence": {
            "reason": "matched reports",
            "basis": basis,
            "not_before": article.get("not_before"),
            "own_dates": list(own_dates),
            "matched": [dict(m) for m in dated],
        },
    }
