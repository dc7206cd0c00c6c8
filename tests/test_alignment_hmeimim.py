"""Assertions, stances, contradiction, drift and provenance on the real Hmeimim corpus."""

from __future__ import annotations

import pytest

from conftest import shared_path
from storyline.alignment import drift_between, export_assertions
from storyline.claims import article_claims
from storyline.pipeline import analyze_paths
from storyline.relations import relations_of
from storyline.store import open_store
from storyline.store.articles import list_articles

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    store = open_store(tmp_path_factory.mktemp("alignment") / "hmeimim.db")
    analyze_paths(store, [shared_path("corpus", "hmeimim")], progress=False)
    articles = {a.location.rsplit("/", 1)[-1][:3]: a for a in list_articles(store)}
    yield store, articles
    store.close()


def _meeting(corpus) -> dict:
    """The assertion holding the Enab Baladi claim that the meeting took place at the base."""
    store, articles = corpus
    claim = next(
        c for c in article_claims(store, articles["001"].id) if "took place at Hmeimim" in c["text"]
    )
    return next(a for a in export_assertions(store) if claim["id"] in a["claim_ids"])


def _stance(assertion: dict, article) -> dict:
    return next(s for s in assertion["stances"] if s["article_id"] == article.id)


def test_alignment_hmeimim_meeting_reported_by_two_reports(corpus):
    _, articles = corpus
    meeting = _meeting(corpus)
    for key in ("001", "003"):
        stance = _stance(meeting, articles[key])
        assert stance["stance"] in ("supports", "reports-without-endorsing")
        assert not stance["hedged"]


def test_alignment_hmeimim_arabic_report_is_hedged(corpus):
    _, articles = corpus
    stance = _stance(_meeting(corpus), articles["002"])
    assert (stance["stance"], stance["hedged"]) == ("reports-without-endorsing", True)
    hedged = [v for v in stance["voices"] if v["modality"] == "hedged"]
    assert hedged and hedged[0]["stance"] == "reports-without-endorsing"


@pytest.mark.parametrize(("key", "newspaper"), [("002", "الوطن"), ("000", "Al-Watan")])
def test_alignment_hmeimim_denied_by_the_newspaper_sources(corpus, key, newspaper):
    _, articles = corpus
    stance = _stance(_meeting(corpus), articles[key])
    chains = [[link["name"] for link in chain] for chain in stance["denied_by"]]
    assert any(newspaper in chain for chain in chains)
    if key == "000":
        assert stance["stance"] == "denies"


def test_alignment_hmeimim_denial_contradicts_the_claim(corpus):
    store, articles = corpus
    meeting = _meeting(corpus)
    denials = set(meeting["denied_claim_ids"])
    affirmed = set(meeting["claim_ids"]) - denials
    contradicts = relations_of(store, kinds=["contradicts"])
    linked = {(r["from"], r["to"]) for r in contradicts}
    watan = [
        c["id"]
        for c in article_claims(store, articles["000"].id)
        if c["id"] in denials and any(link["name"] == "Al-Watan" for link in c["attribution"])
    ]
    assert watan
    assert any((denial, claim) in linked for denial in watan for claim in affirmed)


def test_alignment_hmeimim_drift_between_rendering_and_report(corpus):
    store, articles = corpus
    found = drift_between(store, articles["002"].id, articles["000"].id)
    changes = {
        (f["evidence"]["aspect"], f["evidence"]["from_value"], f["evidence"]["to_value"])
        for f in found
    }
    assert ("number", "3", "4") in changes
    assert ("source", "Star", "Aydinlik") in changes
    number = next(f for f in found if f["evidence"]["aspect"] == "number")
    assert number["evidence"]["to_text"] == "four conditions"
    text = articles["000"].text
    start, end = number["evidence"]["to_span"]
    assert text[start:end] == "four conditions"


def test_alignment_hmeimim_meeting_has_one_cited_origin(corpus):
    origin = _meeting(corpus)["origin"]
    assert origin["source"] in ("Aydınlık", "Aydinilik", "(Aydınlık)", "Aydinlik")
    assert origin["date"] == "2024-06-15"


def test_alignment_hmeimim_meeting_is_an_event_on_its_day(corpus):
    store, _ = corpus
    meeting = _meeting(corpus)
    rows = store.query("SELECT event_date, assertion_ids_json FROM story_events")
    assert any(
        row["event_date"] == "2024-06-11" and meeting["id"] in row["assertion_ids_json"]
        for row in rows
    )


def test_alignment_hmeimim_lower_bound_date_is_refined(corpus):
    _, articles = corpus
    published = articles["003"].published
    assert published.estimate == "inferred"
    assert published.date.startswith("2024-06")
    assert "matches" in published.evidence


def test_alignment_hmeimim_role_held_earlier_is_shown_as_evidence(corpus):
    from storyline.provenance import story_provenance

    store, articles = corpus
    story_id = store.query_one(
        "SELECT story_id FROM story_articles WHERE article_id = ?", (articles["004"].id,)
    )["story_id"]
    changes = story_provenance(store, story_id)["role_changes"]
    fidan = next(c for c in changes if c["entity"] == "Hakan Fidan")
    assert [r["role"] for r in fidan["here"]] == ["head of the Turkish intelligence service"]
    assert any("Foreign Minister" in r["role"] for r in fidan["elsewhere"])


def test_alignment_hmeimim_export_lists_assertions(corpus):
    from storyline.export import build_export

    store, _ = corpus
    document = build_export(store)
    assert document["assertions"]
    for assertion in document["assertions"]:
        assert {"id", "label", "claim_ids", "origin", "stances"} <= set(assertion)
        assert all({"article_id", "stance"} <= set(s) for s in assertion["stances"])
    kinds = {r["kind"] for r in document["relations"]}
    assert {"same_claim", "contradicts", "drift"} <= kinds
