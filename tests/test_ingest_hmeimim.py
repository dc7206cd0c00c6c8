"""The real corpus: five pasted reports ingest with the right language, clean text and dates."""

from __future__ import annotations

import pytest

from storyline.ingest.run import ingest_paths
from storyline.store.articles import list_articles

BOILERPLATE = [
    "Related Articles",
    "Click here to support",
    "a month makes a difference",
    "Support ",
    "You may also like",
    "About us",
    "Leave a Reply",
    "Your email address",
    "Share it",
    "View Results",
    "Loading",
    "حجم الخط",
    "التغطية الحية",
    "+A",
    "icon",
    "صورة أرشيفية",
    "45574564556454",
    "Military parade at the Russian",
]


@pytest.fixture
def corpus(store, hmeimim):
    report = ingest_paths(store, [hmeimim], progress=False)
    assert report.errors == []
    assert len(report.added) == 5
    return {article.location.rsplit("/", 1)[-1][:3]: article for article in list_articles(store)}


def test_ingest_hmeimim_languages(corpus):
    assert {key: a.language for key, a in corpus.items()} == {
        "000": "en",
        "001": "en",
        "002": "ar",
        "003": "en",
        "004": "en",
    }


@pytest.mark.parametrize("key", ["000", "001", "002", "003", "004"])
def test_ingest_hmeimim_text_is_clean(corpus, key):
    text = corpus[key].text
    for fragment in BOILERPLATE:
        assert fragment not in text, f"{key} keeps {fragment!r}"
    assert len(text) > 800


def test_ingest_hmeimim_keeps_the_body(corpus):
    assert corpus["001"].text.startswith("Turkish military officials held a meeting")
    assert corpus["001"].text.endswith("(referring to resolution 2254).")
    assert corpus["002"].text.startswith("نفى النظام السوري عقد أي لقاءات")
    assert "لقاء بين تركيا والنظام في حميميم" in corpus["002"].text
    assert corpus["003"].text.endswith("in early June.")
    assert corpus["004"].text.endswith("withdraw from the region completely”.")
    assert corpus["002"].title == "النظام السوري ينفي عقد لقاءات مع تركيا في حميميم"
    assert (
        corpus["004"].title
        == "Recent information regarding the meetings between Syrian and Turkish officials"
    )


def test_ingest_hmeimim_arabic_report_date_from_its_dateline(corpus):
    published = corpus["002"].published
    assert (published.date, published.source, published.estimate) == (
        "2024-06-24",
        "dateline",
        "stated",
    )
    assert published.confidence >= 0.8


def test_ingest_hmeimim_date_at_the_top_is_stated(corpus):
    published = corpus["004"].published
    assert (published.date, published.estimate) == ("2026-07-02", "stated")


def test_ingest_hmeimim_year_inferred_from_caption(corpus):
    published = corpus["001"].published
    assert published.date is not None and published.date.startswith("2024-")
    assert (published.source, published.estimate) == ("inferred", "inferred")
    assert published.confidence < 0.6
    assert "caption" in published.evidence


def test_ingest_hmeimim_only_a_lower_bound_without_a_year(corpus):
    published = corpus["003"].published
    assert published.date is None
    assert published.estimate == "lower-bound"
    assert published.not_before is not None and published.not_before > "2022-12"
    assert published.confidence < 0.3


def test_ingest_hmeimim_no_date_is_unknown(corpus):
    published = corpus["000"].published
    assert published.date is None and published.estimate == "unknown"


def test_ingest_hmeimim_outlets_from_text_signatures(corpus):
    assert corpus["003"].outlet.name == "The Cradle"
    assert corpus["003"].outlet.source == "credit"
    assert corpus["002"].outlet.name == "تلفزيون سوريا"
    assert corpus["001"].outlet.name == "Enab Baladi"
    assert corpus["000"].outlet.name is None


def test_ingest_hmeimim_clean_text_maps_back_to_the_original(corpus):
    for article in corpus.values():
        for span in article.text_map:
            clean = article.text[span.clean_start : span.clean_start + span.length]
            original = article.original[span.original_start : span.original_start + span.length]
            assert clean == original.replace("\u00a0", " ")


def test_ingest_hmeimim_twice_adds_nothing(store, hmeimim, corpus):
    again = ingest_paths(store, [hmeimim], progress=False)
    assert again.added == [] and again.new_versions == []
    assert sorted(again.unchanged) == sorted(a.id for a in corpus.values())
