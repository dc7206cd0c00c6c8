"""Assertions across languages: facts, claim relations, grouping, stances (fictional claims)."""

from __future__ import annotations

import json

import numpy as np
import pytest

from conftest import FIXTURES
from storyline.alignment import assertions
from storyline.alignment.assertions import article_stances, candidate_pairs, group_assertions
from storyline.alignment.facts import claim_facts, compare_facts, event_types, venues
from storyline.alignment.relate import relate_claims


def _claims() -> dict[str, dict]:
    data = json.loads((FIXTURES / "alignment" / "claims.json").read_text(encoding="utf-8"))
    return {claim["id"]: claim for claim in data["claims"]}


CLAIMS = _claims()


def _relate(a: str, b: str, similarity: float):
    first, second = CLAIMS[a], CLAIMS[b]
    return relate_claims(first, second, claim_facts(first), claim_facts(second), similarity)


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "The two ministers met at the port on Tuesday"),
        ("ar", "وقالت الصحيفة إن الوزيرين عقدا اجتماعاً في الميناء"),
        ("tr", "İki bakan limanda gizlice bir araya geldi"),
    ],
)
def test_alignment_event_types_per_language(language, text):
    assert "meeting" in event_types(text, language)


@pytest.mark.parametrize(
    ("language", "text", "venue"),
    [
        ("en", "the ministers met at the port of Lissa on May 14", "Lissa"),
        ("en", "reports of secret Brask talks with the minister", "Brask"),
        ("ar", "التقى الوزيران في ميناء ليسا يوم 14 أيار", "ليسا"),
        ("tr", "Sorel ile Pell'in 14 Mayıs'ta Lissa Limanı'nda görüştüğünü", "Lissa"),
        ("tr", "bakanlar dağ kasabası Brask'ta görüştü", "Brask"),
    ],
)
def test_alignment_venues_per_language(language, text, venue):
    assert venue in venues(text, language)


def test_alignment_venue_is_not_a_nationality_or_a_month():
    assert venues("they met in the Kestan capital", "en") == ()
    assert "Mayıs" not in venues("14 Mayıs'ta Lissa Limanı'nda görüştüler", "tr")


@pytest.mark.parametrize(
    ("a", "b"),
    [("c-en-meet", "c-ar-meet"), ("c-en-meet", "c-tr-meet"), ("c-ar-meet", "c-tr-meet")],
)
def test_alignment_facts_agree_across_scripts(a, b):
    comparison = compare_facts(claim_facts(CLAIMS[a]), claim_facts(CLAIMS[b]))
    assert comparison.conflicts == ()
    assert {"date", "place"} <= set(comparison.agreements) or "date" in comparison.agreements


@pytest.mark.parametrize(
    ("a", "b", "kind", "joins"),
    [
        # The same claim in three languages.
        ("c-en-meet", "c-ar-meet", "same_claim", True),
        ("c-en-meet", "c-tr-meet", "same_claim", True),
        # Denials of the same proposition, one per language: they join it and contradict it.
        ("c-en-meet", "c-en-deny", "contradicts", True),
        ("c-ar-meet", "c-ar-deny", "contradicts", True),
        ("c-tr-meet", "c-tr-deny", "contradicts", True),
        # The same meeting placed elsewhere, or on another day: a contradiction, not the claim.
        ("c-en-meet", "c-en-elsewhere", "contradicts", False),
        ("c-tr-meet", "c-tr-otherday", "contradicts", False),
        ("c-en-meet", "c-tr-otherday", "contradicts", False),
        # A count that changes across languages.
        ("c-ar-conditions", "c-en-conditions", "contradicts", False),
    ],
)
def test_alignment_relation_between_claims(a, b, kind, joins):
    link = _relate(a, b, 0.78)
    assert link is not None
    assert (link.kind, link.joins) == (kind, joins)


def test_alignment_fact_contradiction_names_what_differs():
    place = _relate("c-en-meet", "c-en-elsewhere", 0.76)
    assert place.evidence["conflicts"] == [
        {"aspect": "place", "from_value": "Lissa", "to_value": "Brask"}
    ]
    date = _relate("c-tr-meet", "c-tr-otherday", 0.76)
    assert [c["aspect"] for c in date.evidence["conflicts"]] == ["date"]
    count = _relate("c-ar-conditions", "c-en-conditions", 0.78)
    assert count.evidence["conflicts"][0]["from_value"] == "3"
    assert count.evidence["conflicts"][0]["to_value"] == "4"


def test_alignment_another_place_and_another_day_is_another_happening():
    assert _relate("c-en-elsewhere", "c-tr-otherday", 0.79) is None


def test_alignment_unrelated_claims_stay_apart():
    assert _relate("c-en-meet", "c-en-cup", 0.53) is None
    # Alike wording is not enough when the facts name other kinds of event.
    assert _relate("c-en-cup", "c-en-meet", 0.7) is None


def test_alignment_similarity_alone_decides_nothing_below_the_floor():
    assert _relate("c-en-meet", "c-tr-meet", 0.4) is None


def test_alignment_stance_classifier_is_one_signal():
    first, second = CLAIMS["c-en-meet"], CLAIMS["c-en-elsewhere"]
    asked = []

    def agree(a, b):
        asked.append((a["id"], b["id"]))
        return {"label": "agree", "scores": {"agree": 0.9, "disagree": 0.05, "discuss": 0.05}}

    # Clashing facts decide before the classifier is asked.
    link = relate_claims(first, second, claim_facts(first), claim_facts(second), 0.76, agree)
    assert link.kind == "contradicts" and asked == []
    # Two claims citing one paper, too unlike in wording to be the same claim: its word counts.
    first, second = CLAIMS["c-tr-conditions"], CLAIMS["c-ar-conditions"]
    link = relate_claims(first, second, claim_facts(first), claim_facts(second), 0.69, agree)
    assert link.kind == "supports" and not link.joins
    assert asked == [("c-tr-conditions", "c-ar-conditions")]
    assert link.evidence["classifier"]["label"] == "agree"


@pytest.mark.slow
def test_alignment_stance_signal_uses_the_shipped_classifier():
    from storyline.alignment.stage import stance_signal

    signal = stance_signal(limit=1)
    verdict = signal(CLAIMS["c-en-meet"], CLAIMS["c-en-deny"])
    if signal.problem:
        pytest.skip(f"the shipped stance classifier cannot be loaded: {signal.problem}")
    assert verdict["label"] in ("agree", "disagree", "discuss", "unrelated")
    assert set(verdict["scores"]) and abs(sum(verdict["scores"].values()) - 1) < 0.01
    # Its calls are capped: the classifier is slow.
    assert signal(CLAIMS["c-en-meet"], CLAIMS["c-tr-deny"]) is None


def test_alignment_hedged_report_is_not_support():
    members = [CLAIMS["c-en-meet"], CLAIMS["c-ar-meet"], CLAIMS["c-tr-meet"], CLAIMS["c-en-deny"]]
    stances = {s["article_id"]: s for s in article_stances(members)}
    assert stances["en-report"]["stance"] == "reports-without-endorsing"
    assert not stances["en-report"]["hedged"]
    for article in ("ar-report", "tr-report"):
        assert stances[article]["stance"] == "reports-without-endorsing"
        assert stances[article]["hedged"]
    assert stances["en-denial"]["stance"] == "denies"
    assert stances["en-denial"]["denied_by"] == [
        [{"name": "Morvan's foreign ministry", "kind": "institution", "role": None}]
    ]


def test_alignment_own_assertion_supports():
    own = {**CLAIMS["c-en-meet"], "modality": "asserted", "attribution": []}
    assert article_stances([own])[0]["stance"] == "supports"


def test_alignment_article_with_claim_and_denial_lists_both_voices():
    members = [CLAIMS["c-ar-meet"], CLAIMS["c-ar-deny"]]
    (stance,) = article_stances(members)
    assert stance["stance"] == "reports-without-endorsing" and stance["hedged"]
    assert [v["stance"] for v in stance["voices"]] == ["reports-without-endorsing", "denies"]


@pytest.fixture(scope="module")
def encoded(tmp_path_factory):
    from storyline.alignment.stage import encode_claim_texts
    from storyline.store import open_store

    claims = list(CLAIMS.values())
    with open_store(tmp_path_factory.mktemp("vectors") / "vectors.db") as store:
        return claims, encode_claim_texts(store, [c["text"] for c in claims])


@pytest.mark.slow
def test_alignment_candidates_are_each_claims_nearest(encoded):
    claims, vectors = encoded
    pairs = candidate_pairs(vectors, neighbours=3, minimum=0.0)
    # Three neighbours each: fewer pairs than all pairs.
    assert len(pairs) < len(claims) * (len(claims) - 1) // 2
    assert all(i < j for i, j, _ in pairs)


def test_alignment_candidates_are_the_same_on_every_run():
    # A multi-threaded HNSW graph differs from build to build, and so would the claims compared.
    vectors = np.random.default_rng(7).normal(size=(400, 32)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    exact = assertions._exact_neighbours(vectors, 6)
    brute = np.argsort(-(vectors @ vectors.T), axis=1)[:, :6]
    assert (exact == brute).all()
    indexed = assertions._indexed_neighbours(vectors, 6)
    assert (indexed == assertions._indexed_neighbours(vectors, 6)).all()
    found = sum(len(set(a) & set(b)) for a, b in zip(indexed, exact, strict=True))
    assert found >= 0.95 * exact.size


def test_alignment_neighbours_keep_equal_scores_in_row_order():
    # The nearest rows come without sorting whole rows, yet exactly as a stable sort gives them,
    # ties included (repeated claims score alike).
    rng = np.random.default_rng(11)
    vectors = np.round(rng.normal(size=(300, 4)), 0).astype(np.float32)
    vectors[rng.integers(0, 300, size=120)] = vectors[3]
    for take in (1, 5, 17, 300):
        scores = vectors[:50] @ vectors.T
        expected = np.argsort(-scores, axis=1, kind="stable")[:, :take]
        assert (assertions._first_by_score(scores, take) == expected).all()


@pytest.mark.slow
def test_alignment_groups_one_assertion_across_languages(encoded):
    claims, vectors = encoded
    grouping = group_assertions(claims, vectors)
    meeting = next(a for a in grouping.assertions if "c-en-meet" in a["claim_ids"])
    assert set(meeting["claim_ids"]) == {
        "c-en-meet",
        "c-ar-meet",
        "c-tr-meet",
        "c-en-deny",
        "c-ar-deny",
        "c-tr-deny",
    }
    assert {c for c, p in meeting["polarities"].items() if p == "denied"} == {
        "c-en-deny",
        "c-ar-deny",
        "c-tr-deny",
    }
    assert meeting["label"].startswith("Morvan's Foreign Minister Ilan Sorel met")
    stances = {s["article_id"]: (s["stance"], s["hedged"]) for s in meeting["stances"]}
    assert stances["en-report"] == ("reports-without-endorsing", False)
    assert stances["tr-report"] == ("reports-without-endorsing", True)
    assert stances["en-denial"] == ("denies", False)
    contradicts = {(r.from_id, r.to_id) for r in grouping.relations if r.kind == "contradicts"}
    for denial, claim in [
        ("c-en-deny", "c-en-meet"),
        ("c-ar-deny", "c-ar-meet"),
        ("c-tr-deny", "c-tr-meet"),
    ]:
        assert (denial, claim) in contradicts


@pytest.mark.slow
def test_alignment_contradicting_claims_are_other_assertions(encoded):
    claims, vectors = encoded
    grouping = group_assertions(claims, vectors)
    grouped = {c for a in grouping.assertions for c in a["claim_ids"]}
    assert not grouped & {"c-en-elsewhere", "c-tr-otherday", "c-en-cup"}
    contradicts = {
        frozenset((r.from_id, r.to_id)) for r in grouping.relations if r.kind == "contradicts"
    }
    assert frozenset(("c-en-meet", "c-en-elsewhere")) in contradicts
    assert frozenset(("c-tr-meet", "c-tr-otherday")) in contradicts
    assert frozenset(("c-ar-conditions", "c-en-conditions")) in contradicts
    assert not any("c-en-cup" in pair for pair in contradicts)


@pytest.mark.slow
def test_alignment_grouping_is_stable(encoded):
    claims, vectors = encoded
    first = group_assertions(claims, vectors)
    second = group_assertions(list(reversed(claims)), vectors[::-1])
    assert [a["id"] for a in first.assertions] == [a["id"] for a in second.assertions]


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """The shipped demo corpus, analysed: its expected.json is the ground truth."""
    from importlib import resources

    from storyline.pipeline import analyze_paths
    from storyline.store import open_store
    from storyline.store.articles import list_articles

    folder = resources.files("storyline") / "demo"
    expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    store = open_store(tmp_path_factory.mktemp("demo") / "demo.db")
    analyze_paths(store, [str(folder / "corpus")], progress=False)
    articles = {a.location.rsplit("/", 1)[-1].removesuffix(".txt"): a for a in list_articles(store)}
    yield store, articles, expected
    store.close()


def _assertion_of(store, article, fragment: str) -> dict:
    from storyline.alignment import export_assertions
    from storyline.claims import article_claims

    claim = next(c for c in article_claims(store, article.id) if fragment in c["text"])
    return next(a for a in export_assertions(store) if claim["id"] in a["claim_ids"])


@pytest.mark.slow
def test_alignment_demo_assertion_stances_match_the_ground_truth(demo):
    store, articles, expected = demo
    truth = expected["assertions"][0]
    assertion = _assertion_of(
        store, articles["en-01"], "held a secret meeting at the port of Kalvo"
    )
    stances = {s["article_id"]: s for s in assertion["stances"]}
    for key, stance in truth["stances"].items():
        assert stances[articles[key].id]["stance"] == stance, key
    # The hedges of the Arabic ('زعمت'), Turkish ('iddia etti') and English ('claimed') texts.
    for key in ("ar-01", "tr-01", "en-02"):
        assert stances[articles[key].id]["hedged"], key
    # The foreign ministry's denial is part of the assertion in every language.
    denials = {s["article_id"] for s in assertion["stances"] if s["denied_by"]}
    assert {articles[k].id for k in ("en-01", "ar-01", "en-02", "tr-01")} <= denials
    assert truth["origin"]["source"] == assertion["origin"]["source"]
    assert assertion["origin"]["date"] == truth["origin"]["date"]
    assert assertion["independence"]["independent_origins"] == 1


@pytest.mark.slow
def test_alignment_demo_other_meeting_is_another_assertion(demo):
    store, articles, expected = demo
    kalvo = _assertion_of(store, articles["en-01"], "held a secret meeting at the port of Kalvo")
    sarnak = _assertion_of(store, articles["tr-02"], "Sarnak")
    assert kalvo["id"] != sarnak["id"]
    stances = {s["article_id"]: s["stance"] for s in sarnak["stances"]}
    for key, stance in expected["assertions"][1]["stances"].items():
        assert stances[articles[key].id] == stance, key


@pytest.mark.slow
def test_alignment_demo_drift_matches_the_ground_truth(demo):
    from storyline.alignment import drift_between

    store, articles, expected = demo
    found = drift_between(store, articles["ar-01"].id, articles["en-02"].id)
    changes = {(f["evidence"]["aspect"], f["evidence"]["from_value"]) for f in found}
    for relation in expected["relations"]:
        if relation["kind"] != "drift":
            continue
        evidence = relation["evidence"]
        if evidence["aspect"] == "omission":
            dropped = [f for f in found if f["evidence"].get("direction") == "dropped"]
            assert any("خلال أسابيع" in f["evidence"]["from_value"] for f in dropped)
        else:
            assert (evidence["aspect"], evidence["from_value"]) in changes
            match = next(f for f in found if f["evidence"]["aspect"] == evidence["aspect"])
            assert match["evidence"]["to_value"] == evidence["to_value"]


@pytest.mark.slow
def test_alignment_demo_date_flags_match_the_ground_truth(demo):
    _, articles, expected = demo
    for key, truth in expected["articles"].items():
        kinds = {f.kind for f in articles[key].flags if f.stage == "provenance"}
        assert kinds == {k for k in truth["flags"] if k in ("misdated", "stale")}, key
    misdated = next(f for f in articles["en-05"].flags if f.kind == "misdated")
    assert misdated.evidence["latest_written_date"] == "2023-03-09"


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "Security at the port of Lissa was tightened for hours before the meeting"),
        ("tr", "Lissa Limanı'nda görüşmeden saatler önce güvenlik önlemleri artırıldı"),
        ("ar", "شددت السلطات الإجراءات الأمنية في ميناء ليسا قبل ساعات من الاجتماع"),
    ],
)
def test_alignment_other_words_about_the_same_happening_support(language, text):
    corroborating = {
        "id": f"c-{language}-security",
        "article_id": f"{language}-security",
        "text": text,
        "span": [0, len(text)],
        "language": language,
        "attribution": [],
        "modality": "asserted",
        "polarity": "affirmed",
        "event_date": None,
        "entities": [],
        "numbers": [],
    }
    claim = CLAIMS["c-en-meet"]
    link = relate_claims(claim, corroborating, claim_facts(claim), claim_facts(corroborating), 0.6)
    assert (link.kind, link.joins, link.evidence["reason"]) == ("supports", False, "shared facts")
    # In the same article it is part of the same report, not a second voice.
    same_article = {**corroborating, "article_id": claim["article_id"]}
    assert (
        relate_claims(claim, same_article, claim_facts(claim), claim_facts(same_article), 0.6)
        is None
    )


def _claim_record(claim_id: str, article: str, text: str, polarity: str) -> dict:
    return {
        "id": claim_id,
        "article_id": article,
        "text": text,
        "language": "en",
        "polarity": polarity,
        "modality": "reported",
        "attribution": [],
        "entities": [],
    }


def _recall_report() -> dict:
    return _claim_record(
        "c-report",
        "a-1",
        "Brightwell Foods recalled its Sunmeadow cereal after metal shards were found",
        "affirmed",
    )


def test_alignment_denial_naming_the_same_thing_contradicts_it():
    report = _recall_report()
    denial = _claim_record(
        "c-denial", "a-2", "metal shards had been found in its Sunmeadow cereal", "denied"
    )
    facts = claim_facts(report), claim_facts(denial)
    assert "names" in compare_facts(*facts).agreements
    link = relate_claims(report, denial, *facts, 0.7)
    assert (link.kind, link.joins, link.evidence["tie"]) == ("contradicts", True, "names")
    # Wording this far apart is another matter, though the name is the same.
    assert relate_claims(report, denial, *facts, 0.6) is None


def test_alignment_denial_naming_something_else_stays_apart():
    report = _recall_report()
    denial = _claim_record(
        "c-denial", "a-2", "metal shards had been found in its Dawnfield oats", "denied"
    )
    assert relate_claims(report, denial, claim_facts(report), claim_facts(denial), 0.7) is None


def _record(claim_id: str, article: str, text: str, source: str, polarity: str = "affirmed"):
    return {
        "id": claim_id,
        "article_id": article,
        "text": text,
        "language": "en",
        "attribution": [{"name": source, "kind": "institution", "role": None}],
        "modality": "reported",
        "polarity": polarity,
        "event_date": None,
        "entities": [],
        "numbers": [],
    }


def _pointer_story():
    """Two reports that the Harrowgate Militia set a depot on fire, three of closed roads, and
    the militia's denial of 'the reports', worded so that nothing ties it to either."""
    claims = [
        _record("c-fire-a", "a", "The Harrowgate Militia set fire to the Dunmere depot", "police"),
        _record("c-fire-b", "b", "The Harrowgate Militia burned down the Dunmere depot", "police"),
        _record("c-roads-a", "a", "Roads around the depot stayed closed", "the council"),
        _record("c-roads-c", "c", "Roads near the depot remained closed", "the council"),
        _record("c-roads-d", "d", "The roads by the depot stayed shut", "the council"),
        _record(
            "c-deny",
            "e",
            "The Harrowgate Militia rejected what it called fabricated reports",
            "Harrowgate Militia",
            "denied",
        ),
    ]
    basis = np.eye(4, dtype=np.float32)
    rows = [basis[0], basis[0] + 0.05 * basis[3], basis[1], basis[1] + 0.04 * basis[3]]
    rows += [basis[1] + 0.03 * basis[3], basis[2]]
    vectors = np.stack([row / np.linalg.norm(row) for row in rows])
    return claims, vectors


def test_alignment_denial_of_the_reports_joins_what_its_story_reports():
    claims, vectors = _pointer_story()
    grouping = group_assertions(claims, vectors, stories=dict.fromkeys("abcde", "s-1"))
    fire = next(a for a in grouping.assertions if "c-fire-a" in a["claim_ids"])
    # Of what the story reports, the denier's own name picks the fire over the roads.
    assert "c-deny" in fire["claim_ids"]
    assert {s["article_id"]: s["stance"] for s in fire["stances"]}["e"] == "denies"
    contradicts = {(r.from_id, r.to_id) for r in grouping.relations if r.kind == "contradicts"}
    assert {("c-deny", "c-fire-a"), ("c-deny", "c-fire-b")} <= contradicts
    roads = next(a for a in grouping.assertions if "c-roads-a" in a["claim_ids"])
    assert "c-deny" not in roads["claim_ids"]


def test_alignment_denial_of_the_reports_outside_a_story_needs_a_shared_name():
    claims, vectors = _pointer_story()
    # Without a story, the militia's denial still finds the reports that name the militia.
    grouping = group_assertions(claims, vectors)
    fire = next(a for a in grouping.assertions if "c-fire-a" in a["claim_ids"])
    assert "c-deny" in fire["claim_ids"]
    # A party that no report names denies nothing they carry.
    claims[-1] = {
        **claims[-1],
        "text": "The Vell Brigade rejected what it called fabricated reports",
        "attribution": [{"name": "Vell Brigade", "kind": "institution", "role": None}],
    }
    grouping = group_assertions(claims, vectors)
    assert not any("c-deny" in a["claim_ids"] for a in grouping.assertions)


def test_alignment_a_denial_does_not_deny_that_nobody_answered():
    silent = "The port authority did not respond to a request for comment"
    claims = [
        _record("c-silent-e", "e", silent, "Harbour Daily"),
        _record("c-silent-f", "f", silent, "Coast Wire"),
        _record("c-deny", "e", "the reports", "Harrowgate Militia", "denied"),
    ]
    basis = np.eye(3, dtype=np.float32)
    vectors = np.stack([basis[0], basis[0], basis[2]])
    grouping = group_assertions(claims, vectors)
    assert not any("c-deny" in a["claim_ids"] for a in grouping.assertions)


def _told(claim_id: str, article: str, outlet: str, text: str, *credited: str) -> dict:
    """A claim of an article published by `outlet`, crediting the named outlets in its chain."""
    links = [{"name": outlet, "kind": "outlet", "role": None, "implicit": True}]
    links += [{"name": name, "kind": "outlet", "role": None} for name in credited]
    return {**_record(claim_id, article, text, outlet), "attribution": links}


def test_alignment_a_claim_passing_on_another_outlet_s_report_is_that_claim():
    original = _told(
        "c-own", "a-1", "Tessel Weekly", "Inspectors found mould in the Corvane granary stock"
    )
    credited = _told(
        "c-credit", "a-2", "Harrow Daily", "Mould was found in granary stock", "Tessel Weekly"
    )
    named = _told(
        "c-named",
        "a-3",
        "Velmor Post",
        "The Tessel Weekly site had written that mould was found in the granary",
    )
    for other in (credited, named):
        link = relate_claims(original, other, claim_facts(original), claim_facts(other), 0.64)
        assert (link.kind, link.joins, link.evidence["reason"]) == ("same_claim", True, "cites")
        assert link.evidence["citing"] == other["id"]
    # The same words crediting no one, or the outlet naming itself, are no citation.
    plain = _told("c-plain", "a-4", "Velmor Post", "Mould was found in granary stock")
    own = _told("c-self", "a-5", "Tessel Weekly", "Mould was found in stock", "Tessel Weekly")
    for other in (plain, own):
        link = relate_claims(original, other, claim_facts(original), claim_facts(other), 0.64)
        assert link is None or not link.joins


def test_alignment_one_word_of_an_outlet_s_name_is_no_citation():
    # 'Corvane' names a place as well as the first word of the 'Corvane News Agency'.
    agency = _told("c-agency", "a-1", "Corvane News Agency", "Mould was found in the granary")
    other = _told("c-other", "a-2", "Harrow Daily", "Corvane inspectors found mould in granaries")
    assert relate_claims(agency, other, claim_facts(agency), claim_facts(other), 0.64) is None


def test_alignment_a_citing_claim_joins_only_its_closest_claim_of_the_cited_article():
    claims = [
        _told("c-own-1", "a-1", "Tessel Weekly", "Inspectors found mould in the granary stock"),
        _told("c-own-2", "a-1", "Tessel Weekly", "The granary will stay shut for a week"),
        _told("c-credit", "a-2", "Harrow Daily", "Mould was found at the granary", "Tessel Weekly"),
    ]
    basis = np.eye(3, dtype=np.float32)
    rows = [basis[0], basis[1], 0.85 * basis[0] + 0.5 * basis[1] + 0.2 * basis[2]]
    vectors = np.stack([row / np.linalg.norm(row) for row in rows])
    grouping = group_assertions(claims, vectors)
    assert [sorted(a["claim_ids"]) for a in grouping.assertions] == [["c-credit", "c-own-1"]]


def test_alignment_a_named_party_s_denial_joins_what_its_story_reports_of_the_same_name():
    report = "Blight was found in mandarins from the Corvane plain"
    claims = [
        _record("c-a", "a", report, "inspectors"),
        _record("c-b", "b", "Inspectors found blight in Corvane mandarins", "inspectors"),
        _record("c-roads", "c", "Roads to the port stayed closed", "the council"),
        _record("c-roads-2", "d", "The port roads remained shut", "the council"),
        _record(
            "c-deny",
            "e",
            "None of the 1,240 samples from the Corvane orchards carried the disease",
            "the ministry",
            "denied",
        ),
    ]
    basis = np.eye(3, dtype=np.float32)
    rows = [basis[0], basis[0] + 0.1 * basis[2], basis[1], basis[1] + 0.1 * basis[2]]
    rows.append(0.6 * basis[0] + 0.8 * basis[2])
    vectors = np.stack([row / np.linalg.norm(row) for row in rows])
    grouping = group_assertions(claims, vectors, stories=dict.fromkeys("abcde", "s-1"))
    blight = next(a for a in grouping.assertions if "c-a" in a["claim_ids"])
    # The denial shares no wording close enough to be linked, but names what the story reports.
    assert "c-deny" in blight["claim_ids"]
    assert {s["article_id"]: s["stance"] for s in blight["stances"]}["e"] == "denies"
    roads = next(a for a in grouping.assertions if "c-roads" in a["claim_ids"])
    assert "c-deny" not in roads["claim_ids"]
