"""Provenance and timeline: origins, independent origins, events, date checks, stored results."""

from __future__ import annotations

import json
from datetime import date

import pytest

from conftest import FIXTURES
from storyline.provenance.origins import independent_origins, original_of, trace_origin
from storyline.provenance.timeline import (
    assertion_date,
    content_date_check,
    copy_date_check,
    inferred_date,
    relative_date_check,
    story_events,
)
from storyline.store.placement_changes import note_placements


def _claims() -> dict[str, dict]:
    data = json.loads((FIXTURES / "alignment" / "claims.json").read_text(encoding="utf-8"))
    return {claim["id"]: claim for claim in data["claims"]}


CLAIMS = _claims()
MEETING = ["c-en-meet", "c-ar-meet", "c-tr-meet", "c-en-deny"]
DATES = {"en-report": "2025-05-18", "ar-report": "2025-05-16", "tr-report": "2025-05-17"}


def _members(ids: list[str]) -> list[dict]:
    return [CLAIMS[i] for i in ids]


def test_provenance_original_of_follows_copies_and_stops_on_cycles():
    copies = {"c": "b", "b": "a"}
    assert original_of("c", copies) == "a"
    assert original_of("a", copies) == "a"
    assert original_of("x", {"x": "y", "y": "x"}) in ("x", "y")


def test_provenance_origin_is_the_earliest_cited_report():
    origin = trace_origin(_members(MEETING), DATES, {}, {"c-en-meet": "2025-05-15"})
    assert origin["claim_id"] == "c-en-meet"
    assert (origin["source"], origin["date"], origin["date_basis"]) == (
        "Harrow Daily",
        "2025-05-15",
        "cited report",
    )


def test_provenance_origin_without_a_report_date_is_the_earliest_article():
    origin = trace_origin(_members(MEETING), DATES, {}, {})
    assert origin["claim_id"] == "c-ar-meet"
    assert (origin["date"], origin["date_basis"]) == ("2025-05-16", "publication")


def test_provenance_origin_skips_copies_for_their_original():
    # The Arabic article is a translation of the English one: the English claim is the origin
    # even though the copy is dated earlier (a misdated copy).
    origin = trace_origin(_members(MEETING), DATES, {"ar-report": "en-report"}, {})
    assert origin["article_id"] in ("en-report", "tr-report")
    assert origin["article_id"] != "ar-report"


def test_provenance_origin_is_never_a_denial_when_the_claim_is_there():
    origin = trace_origin(_members(MEETING), {**DATES, "en-denial": "2025-01-01"}, {}, {})
    assert origin["claim_id"] != "c-en-deny"


def test_provenance_one_cited_source_is_one_origin_across_spellings():
    found = independent_origins(_members(MEETING), {})
    # 'Harrow Daily' and 'Harrow Daily gazetesi': one paper, one origin.
    assert found["independent_origins"] == 1
    assert found["origins"][0]["source"] == "Harrow Daily"


def test_provenance_independent_reports_count_apart_and_copies_collapse():
    own = [
        {**CLAIMS["c-en-meet"], "id": "x1", "article_id": "first", "attribution": []},
        {**CLAIMS["c-en-meet"], "id": "x2", "article_id": "second", "attribution": []},
        {**CLAIMS["c-en-meet"], "id": "x3", "article_id": "reprint", "attribution": []},
    ]
    found = independent_origins(own, {"reprint": "first"})
    assert found["independent_origins"] == 2
    assert found["copies"] == ["reprint"]


def test_provenance_an_agency_passing_on_one_source_is_that_source_s_origin():
    def claim(claim_id: str, article: str, *chain: tuple[str, str]) -> dict:
        links = [{"name": name, "kind": kind} for name, kind in chain]
        return {**CLAIMS["c-en-meet"], "id": claim_id, "article_id": article, "attribution": links}

    agency = ("Velmor Press Agency", "outlet")
    director = ("Ana Sorel", "person")
    members = [
        claim("d1", "wire", agency, director),
        claim("d2", "daily", ("Harrow Daily", "outlet"), agency),
        claim("d3", "weekly", ("Tessel Weekly", "outlet"), director),
    ]
    found = independent_origins(members, {})
    assert found["independent_origins"] == 1
    assert found["origins"][0]["via"] == ["Velmor Press Agency"]
    # Passing on two people, the agency is an origin of its own.
    members.append(claim("d4", "wire", agency, ("Ilan Moss", "person")))
    assert independent_origins(members, {})["independent_origins"] == 3


def test_provenance_assertion_date_is_what_its_claims_agree_on():
    assert assertion_date(_members(MEETING)) == ("2025-05-14", "day")
    unknown_year = {
        **CLAIMS["c-en-meet"],
        "event_date": {"value": "XXXX-05-14", "precision": "day"},
    }
    assert assertion_date([unknown_year]) is None


def test_provenance_story_events_from_assertions_and_dated_happenings():
    assertion = {"id": "as-1", "label": "Sorel met Pell at Lissa", "claim_ids": MEETING}
    claims = dict(CLAIMS)
    events = story_events("s-1", [assertion], claims, list(claims.values()))
    by_date = {e["date"]: e for e in events}
    assert by_date["2025-05-14"]["assertion_ids"] == ["as-1"]
    assert set(by_date["2025-05-14"]["evidence"]["articles"]) >= {"en-report", "tr-report"}
    # A claim of a meeting on another day, in no assertion, is its own event.
    assert by_date["2025-05-20"]["assertion_ids"] == []
    assert [e["date"] for e in events] == sorted(e["date"] for e in events)
    assert all(e["id"].startswith("ev-") for e in events)


def _timex(value, text, anchored=False, precision="day"):
    return {"value": value, "text": text, "anchored": anchored, "precision": precision}


def test_provenance_old_content_under_a_new_date_is_misdated():
    evidence = content_date_check(
        date(2025, 3, 5),
        [
            _timex("2023-03-09", "March 9, 2023"),
            _timex("2023-03-08", "Wednesday, March 8, 2023"),
            _timex("2021-03", "March 2021", precision="month"),
            _timex("2025-03-05", "on Wednesday", anchored=True),
        ],
    )
    assert evidence["latest_written_date"] == "2023-03-09"
    assert evidence["gap_days"] == 727
    assert evidence["relative_expressions"] == [{"text": "on Wednesday", "lands_on": "2025-03-05"}]


def test_provenance_background_dates_do_not_make_a_report_old():
    # A current report recalling what happened years ago (by month or year) is not misdated.
    assert (
        content_date_check(
            date(2025, 3, 4),
            [
                _timex("2021-03", "March 2021", precision="month"),
                _timex("2025-02-26", "February 26", anchored=True),
            ],
        )
        is None
    )
    # Nor is a text whose written days are recent.
    assert (
        content_date_check(
            date(2025, 3, 4),
            [_timex("2025-01-18", "January 18, 2025"), _timex("2025-03-02", "Sunday", True)],
        )
        is None
    )


def test_provenance_copy_of_an_old_report_is_stale():
    evidence = copy_date_check(date(2025, 3, 5), "a-old", date(2023, 3, 9))
    assert (evidence["original"], evidence["gap_days"]) == ("a-old", 727)
    assert copy_date_check(date(2025, 3, 5), "a-new", date(2025, 3, 4)) is None


def test_provenance_relative_dates_landing_after_every_other_report():
    claim = {
        "id": "late",
        "event_date": {
            "value": "2026-05",
            "precision": "month",
            "text": "last May",
            "anchored": True,
            "anchor_kind": "published",
        },
    }
    evidence = relative_date_check([claim], {"late": ["2022-05-10", "2022-05-12"]})
    assert evidence["landings"][0]["lands_on"] == "2026-05"
    assert relative_date_check([claim], {"late": ["2026-05-03"]}) is None


def test_provenance_a_named_day_landing_weeks_after_every_other_report():
    # A copy dated two weeks after the flood keeps the original's 'last night': its day lands
    # two weeks after the day every other report gives; a day or two later is a late report.
    claim = {
        "id": "night",
        "event_date": {
            "value": "2025-04-27",
            "precision": "day",
            "text": "last night",
            "anchored": True,
            "anchor_kind": "published",
        },
    }
    evidence = relative_date_check([claim], {"night": ["2025-04-11", "2025-04-11"]})
    assert evidence["landings"][0]["lands_on"] == "2025-04-27"
    assert relative_date_check([claim], {"night": ["2025-04-24"]}) is None
    assert (
        relative_date_check([claim], {"night": ["2025-04-11"]}, {"night": ["2025-04-26"]}) is None
    )
    # Days the other reports tell without their year ('11 Nisan Cuma') place it as well; a
    # month they name does not.
    assert relative_date_check([claim], {}, {"night": ["2025-04-11", "2025-04-10"]}) is not None
    assert relative_date_check([claim], {}, {"night": ["2025-04"]}) is None


def test_provenance_a_copy_dated_anew_keeps_its_originals_last_night():
    from storyline.provenance.timeline import redated_copy_check

    claim = {
        "id": "night",
        "event_date": {
            "value": "2025-04-27TNI",
            "precision": "day",
            "text": "last night",
            "anchored": True,
            "anchor_kind": "published",
        },
    }
    original = {"night": ["2025-04-11"]}
    evidence = redated_copy_check(date(2025, 4, 28), date(2025, 4, 14), [claim], original)
    assert evidence["reason"] == "copy dated anew"
    # A copy of the next day, or one stating another day outright, is no new date.
    assert redated_copy_check(date(2025, 4, 15), date(2025, 4, 14), [claim], original) is None
    written = {**claim, "event_date": {**claim["event_date"], "anchored": False}}
    assert redated_copy_check(date(2025, 4, 28), date(2025, 4, 14), [written], original) is None


def test_provenance_relative_span_ending_before_every_other_report():
    # 'last year's recall' in a report dated March 2025, where the other reports date the
    # recall June 2025: the report tells as past what had not happened on its date.
    claim = {
        "id": "early",
        "event_date": {
            "value": "2024",
            "precision": "year",
            "range": ["2024-01-01", "2024-12-31"],
            "text": "last year",
            "anchored": True,
            "anchor_kind": "published",
        },
    }
    evidence = relative_date_check([claim], {}, {"early": ["2025-06-03"]})
    assert evidence["landings"][0]["other_reports"] == ["2025-06-03"]
    # Within a month of the span's end is no evidence, nor is a relative date of theirs alone
    # evidence that this report was dated anew.
    assert relative_date_check([claim], {}, {"early": ["2025-01-20"]}) is None
    late = {**claim, "event_date": {**claim["event_date"], "value": "2027", "range": None}}
    assert relative_date_check([late], {}, {"early": ["2025-06-03"]}) is None


def test_provenance_lower_bound_date_is_inferred_from_matched_reports():
    article = {"date": None, "estimate": "lower-bound", "not_before": "2022-12"}
    matches = [
        {"article_id": "a-1", "published": "2024-06-17", "assertion_id": "as-1"},
        {"article_id": "a-2", "published": "2024-06-24", "assertion_id": "as-1"},
    ]
    found = inferred_date(article, ["2024-06-11", "2024-06-15"], matches)
    assert found["date"] == "2024-06-15"
    assert found["evidence"]["matched"][0]["article_id"] == "a-1"
    # Nothing matched, nothing inferred.
    assert inferred_date(article, ["2024-06-15"], []) is None


def test_provenance_inferred_date_never_precedes_the_lower_bound():
    article = {"date": None, "estimate": "lower-bound", "not_before": "2025-03-10"}
    matches = [{"article_id": "a-1", "published": "2025-03-11", "assertion_id": "as-1"}]
    assert inferred_date(article, ["2025-01-19"], matches)["date"] == "2025-03-10"


@pytest.mark.slow
def test_provenance_stage_stores_and_reads_back(store):
    """Alignment then provenance over stored claims, on SQLite and PostgreSQL."""
    from storyline.alignment.stage import align_store, assertion_matrix, export_assertions
    from storyline.provenance.stage import story_timeline, trace_store

    _seed(store)
    note = align_store(store, ["en-report"], use_classifier=False)
    assert "assertions" in note
    trace_store(store, ["en-report"])
    assertions = export_assertions(store)
    meeting = next(a for a in assertions if "c-en-meet" in a["claim_ids"])
    assert set(meeting["denied_claim_ids"]) >= {"c-en-deny", "c-ar-deny", "c-tr-deny"}
    assert meeting["origin"]["source"] == "Harrow Daily"
    assert meeting["independence"]["independent_origins"] == 1
    assert meeting["story_id"] == "s-lissa"
    matrix = assertion_matrix(store, "s-lissa")
    row = next(r for r in matrix["assertions"] if r["id"] == meeting["id"])
    cells = {c["article_id"]: c for c in row["cells"]}
    assert cells["en-denial"]["stance"] == "denies"
    assert cells["tr-report"]["hedged"]
    assert cells["en-sport"]["stance"] == "unrelated"
    timeline = story_timeline(store, "s-lissa")
    assert "2025-05-14" in [e["date"] for e in timeline["events"]]
    # Running again changes nothing.
    before = (export_assertions(store), store.query("SELECT * FROM story_events ORDER BY id"))
    align_store(store, ["en-report"], use_classifier=False)
    trace_store(store, ["en-report"])
    after = (export_assertions(store), store.query("SELECT * FROM story_events ORDER BY id"))
    assert before == after


def _seed(store) -> None:
    """Articles, a story and the fixture claims, written as the earlier stages would."""
    articles = sorted({c["article_id"] for c in CLAIMS.values()})
    with store.transaction():
        store.execute(
            "INSERT INTO stories (id, title, created_at, updated_at) VALUES (?, ?, ?, ?)",
            ("s-lissa", "Lissa", "2025-05-20", "2025-05-20"),
        )
        for article_id in articles:
            published = {
                "date": DATES.get(article_id, "2025-05-19"),
                "precision": "day",
                "source": "dateline",
                "confidence": 0.9,
                "estimate": "stated",
                "not_before": None,
                "evidence": "",
            }
            store.execute(
                "INSERT INTO articles (id, location, url, kind, title, language, "
                "language_confidence, outlet, outlet_json, published_date, published_json, text, "
                "original, text_map_json, boilerplate_json, content_hash, version, ingested_at) "
                "VALUES (?, ?, NULL, 'text', ?, ?, 1.0, NULL, ?, ?, ?, ?, ?, '[]', '[]', ?, 1, ?)",
                (
                    article_id,
                    f"{article_id}.txt",
                    article_id,
                    article_id[:2],
                    json.dumps({"name": None, "source": "none", "confidence": 0.0, "evidence": ""}),
                    published["date"],
                    json.dumps(published),
                    " " * 400,
                    " " * 400,
                    article_id,
                    "2025-05-20",
                ),
            )
            store.execute(
                "INSERT INTO story_articles (article_id, story_id, score, evidence_json) "
                "VALUES (?, ?, 1.0, '{}')",
                (article_id, "s-lissa"),
            )
            note_placements(store, [article_id])
        for claim in CLAIMS.values():
            store.execute(
                "INSERT INTO claims (id, article_id, sentence_idx, start_offset, end_offset, "
                "text, language, attribution_json, modality, polarity, quote, speaker, "
                "event_date_json, entities_json, numbers_json, stage, stage_version) "
                "VALUES (?, ?, 0, ?, ?, ?, ?, ?, ?, ?, 'none', NULL, ?, ?, ?, 'claims', '1')",
                (
                    claim["id"],
                    claim["article_id"],
                    claim["span"][0],
                    claim["span"][1],
                    claim["text"],
                    claim["language"],
                    json.dumps(claim["attribution"], ensure_ascii=False),
                    claim["modality"],
                    claim["polarity"],
                    json.dumps(claim["event_date"], ensure_ascii=False),
                    json.dumps(claim["entities"], ensure_ascii=False),
                    json.dumps(claim["numbers"], ensure_ascii=False),
                ),
            )


@pytest.mark.slow
def test_provenance_cli_commands_print_json(tmp_path):
    from click.testing import CliRunner

    from storyline.alignment.stage import align_store
    from storyline.cli import main
    from storyline.provenance.stage import trace_store
    from storyline.store import open_store

    db = str(tmp_path / "cli.db")
    with open_store(db) as store:
        _seed(store)
        align_store(store, ["en-report"], use_classifier=False)
        trace_store(store, ["en-report"])
    runner = CliRunner()
    matrix = json.loads(runner.invoke(main, ["assertions", "s-lissa", "--db", db, "--json"]).output)
    assert {a["id"] for a in matrix["articles"]} >= {"en-report", "ar-report", "tr-report"}
    assert any(c["stance"] == "denies" for row in matrix["assertions"] for c in row["cells"])
    text = runner.invoke(main, ["assertions", "s-lissa", "--db", db])
    assert text.exit_code == 0 and "x" in text.output
    timeline = json.loads(runner.invoke(main, ["timeline", "s-lissa", "--db", db, "--json"]).output)
    assert timeline["events"] and timeline["reports"]
    provenance = runner.invoke(main, ["provenance", "s-lissa", "--db", db, "--json"])
    assert json.loads(provenance.output)["assertions"]
    drift = runner.invoke(main, ["drift", "ar-report", "en-translation", "--db", db, "--json"])
    assert drift.exit_code == 0 and isinstance(json.loads(drift.output), list)
    missing = runner.invoke(main, ["assertions", "s-nowhere", "--db", db])
    assert missing.exit_code == 2 and "no story" in missing.output


def _undate(store, article_id: str) -> None:
    """The article as if its page stated no date."""
    undated = {"date": None, "source": "none", "estimate": "unknown", "evidence": ""}
    store.execute(
        "UPDATE articles SET published_json = ?, published_date = NULL WHERE id = ?",
        (json.dumps(undated), article_id),
    )


def _state_day_without_year(store, article_id: str, stated_day: str, weekday: int | None) -> None:
    published = {
        "date": None,
        "source": "dateline",
        "estimate": "unknown",
        "evidence": f"year-less dateline '{stated_day[5:]}'",
        "stated_day": stated_day,
        "stated_weekday": weekday,
    }
    store.execute(
        "UPDATE articles SET published_json = ?, published_date = NULL WHERE id = ?",
        (json.dumps(published), article_id),
    )


@pytest.mark.parametrize(
    ("stated_day", "weekday", "expected", "estimate"),
    [
        # A Saturday near the story's May 2025 reports: 17 May 2025.
        ("XXXX-05-17", 5, "2025-05-17", "stated"),
        # 30 December is nearer in 2024, but only in 2025 a Tuesday.
        ("XXXX-12-30", 1, "2025-12-30", "stated"),
        # No weekday: the year that puts the day nearest the story's reports.
        ("XXXX-12-30", None, "2024-12-30", "inferred"),
    ],
)
def test_provenance_yearless_day_dated_by_its_story(store, stated_day, weekday, expected, estimate):
    from storyline.provenance.scope import whole_store
    from storyline.provenance.stage import settle_yearless_dates, stories_in
    from storyline.store.articles import get_article, list_articles

    _seed(store)
    with store.transaction():
        _state_day_without_year(store, "tr-report", stated_day, weekday)
    articles = {a.id: a for a in list_articles(store)}
    with store.transaction():
        assert settle_yearless_dates(store, articles, stories_in(store, whole_store(store))) == [
            "tr-report"
        ]
    published = get_article(store, "tr-report").published
    assert (published.date, published.estimate, published.stated_day) == (
        expected,
        estimate,
        stated_day,
    )
    assert published.confidence < 0.9
    assert "story's other reports" in published.evidence
    # Settling again changes nothing.
    articles = {a.id: a for a in list_articles(store)}
    with store.transaction():
        assert settle_yearless_dates(store, articles, stories_in(store, whole_store(store))) == []


def test_provenance_inferred_date_not_before_the_report_it_copies(store):
    from storyline.provenance.scope import whole_store
    from storyline.provenance.stage import refine_dates
    from storyline.relations import Relation, replace_relations
    from storyline.store.articles import get_article, list_articles

    _seed(store)
    with store.transaction():
        _undate(store, "tr-report")
    replace_relations(store, "test", "1", [Relation("reprint_of", "tr-report", "en-report", 0.9)])
    articles = {a.id: a for a in list_articles(store)}
    meeting = {"id": "as-meet", "claim_ids": ["c-en-meet", "c-ar-meet", "c-tr-meet"]}
    with store.transaction():
        assert refine_dates(store, articles, [meeting], whole_store(store)) == ["tr-report"]
    published = get_article(store, "tr-report").published
    # en-report, which it reprints, is dated 18 May; ar-report, which it also matches, 16 May.
    assert (published.date, published.not_before, published.estimate) == (
        "2025-05-18",
        "2025-05-18",
        "inferred",
    )
    assert "copies or cites" in published.evidence


def test_claims_finish_dates_undated_reports_of_the_changed_articles_stories(store):
    """An undated report's claims take their year from its story when a changed article is in
    that story; a change elsewhere leaves them be."""
    from storyline.claims.stage import finish_claims

    _seed(store)
    with store.transaction():
        _undate(store, "tr-report")
        store.execute(
            "INSERT INTO stories (id, title, created_at, updated_at) "
            "VALUES ('s-far', 'far', '2025-01-01', '2025-01-01')"
        )
        store.execute("UPDATE story_articles SET story_id = 's-far' WHERE article_id = 'en-sport'")

    def anchors() -> set[str | None]:
        rows = store.query("SELECT event_date_json FROM claims WHERE article_id = 'tr-report'")
        return {(json.loads(r["event_date_json"]) or {}).get("anchor_kind") for r in rows}

    finish_claims(store, ["en-sport"])
    assert "refined" not in anchors()
    finish_claims(store, ["en-report"])
    assert "refined" in anchors()


def test_provenance_an_assertion_an_article_only_denies_does_not_date_it(store):
    from storyline.provenance.scope import whole_store
    from storyline.provenance.stage import refine_dates
    from storyline.store.articles import get_article, list_articles

    _seed(store)
    with store.transaction():
        _undate(store, "en-denial")
    articles = {a.id: a for a in list_articles(store)}
    # The denial answers the reports: when they appeared says nothing of when it did.
    meeting = {"id": "as-meet", "claim_ids": ["c-en-meet", "c-ar-meet", "c-en-deny"]}
    with store.transaction():
        assert refine_dates(store, articles, [meeting], whole_store(store)) == []
    assert get_article(store, "en-denial").published.date is None


def _told(claim_id: str, article: str, outlet: str, text: str, *credited: str) -> dict:
    links = [{"name": outlet, "kind": "outlet", "role": None, "implicit": True}]
    links += [{"name": name, "kind": "outlet", "role": None} for name in credited]
    return {
        **CLAIMS["c-en-meet"],
        "id": claim_id,
        "article_id": article,
        "text": text,
        "attribution": links,
    }


def test_provenance_a_report_passed_on_is_neither_origin_nor_a_second_origin():
    members = [
        _told("t1", "weekly", "Tessel Weekly", "Inspectors found mould in the granary stock"),
        _told("t2", "daily", "Harrow Daily", "Mould was found in granary stock", "Tessel Weekly"),
        _told("t3", "post", "Velmor Post", "The Harrow Daily wrote that mould was found there"),
    ]
    # All three carry one date: the claims passing the report on cannot be its origin.
    dates = dict.fromkeys(("weekly", "daily", "post"), "2025-05-16")
    origin = trace_origin(members, dates, {}, {})
    assert (origin["claim_id"], origin["chain"][0]["name"]) == ("t1", "Tessel Weekly")
    found = independent_origins(members, {})
    assert found["independent_origins"] == 1
    assert sorted(found["origins"][0]["claim_ids"]) == ["t1", "t2", "t3"]


def test_provenance_a_paper_crediting_itself_is_its_own_telling():
    # 'seen by the Echo', in the Tessel Echo itself: the paper credits no one,
    # so its claims and those of the report it ran are one origin.
    members = [
        _told("e1", "echo", "Tessel Echo", "Mould was found in the granary stock", "Echo"),
        _told("e2", "echo", "Tessel Echo", "The granary stock was found mouldy"),
    ]
    found = independent_origins(members, {})
    assert found["independent_origins"] == 1


def test_provenance_a_claim_passing_a_report_on_is_not_read_for_relative_dates():
    from storyline.provenance.stage import other_report_dates

    def dated(claim: dict, value: str, anchored: bool) -> dict:
        return {**claim, "event_date": {"value": value, "anchored": anchored}}

    # The daily passes on the weekly's account of an earlier warning ('last October'); it joined
    # the assertion by whom it credits, so the flood's date says nothing of when it wrote.
    members = [
        dated(
            _told("w1", "weekly", "Tessel Weekly", "The dyke gave way on Friday"),
            "2025-02-14",
            False,
        ),
        dated(_told("w2", "post", "Velmor Post", "The dyke broke on Friday"), "2025-02-14", False),
        dated(
            _told(
                "w3",
                "daily",
                "Harrow Daily",
                "A report warned of cracks last October",
                "Tessel Weekly",
            ),
            "2024-10",
            True,
        ),
    ]
    claims = {claim["id"]: claim for claim in members}
    assertion = {"id": "as-dyke", "claim_ids": list(claims)}
    others, anchored = other_report_dates([assertion], claims, {})
    assert "w3" not in others and "w3" not in anchored
    assert others["w2"] == ["2025-02-14"]
    assert anchored["w1"] == ["2024-10"]


def test_provenance_relative_dates_other_reports_place_alike_are_no_evidence():
    # 'on Tuesday, 3 December' lands where the other reports' own relative words put the
    # meeting; a '2001 dissertation' one of them dates is of something else.
    claim = {
        "id": "meet",
        "event_date": {
            "value": "2026-12-01",
            "precision": "day",
            "text": "Tuesday, 1 December",
            "anchored": True,
            "anchor_kind": "published",
        },
    }
    assert relative_date_check([claim], {"meet": ["2003-01-01"]}, {"meet": ["2026-12-01"]}) is None
    assert relative_date_check([claim], {"meet": ["2003-01-01"]}, {}) is not None


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # Told as past two days after the first report: the undated article is later still.
        ("On 13 March the port authority said the quay was safe.", "2031-03-13"),
        # A day still to come dates nothing.
        ("On 13 March the port authority will say whether the quay is safe.", None),
    ],
)
def test_provenance_an_undated_article_s_days_past_its_anchor_told_as_past(sentence, expected):
    from storyline.model import Article, Outlet, PublishedDate
    from storyline.provenance.stage import reported_on

    article = Article(
        id="a-undated",
        location="a.txt",
        url=None,
        outlet=Outlet(),
        title="",
        language="en",
        language_confidence=1.0,
        published=PublishedDate(),
        text=sentence,
        original=sentence,
        text_map=(),
        content_hash="x",
    )
    claim = {"span": [0, len(sentence) - 1], "event_date": {}}
    assert reported_on(article, claim, date(2031, 3, 11), undated=True) == expected
    # Read against a known date the anchor stands for, a later day is cut.
    assert reported_on(article, claim, date(2031, 3, 11)) is None
