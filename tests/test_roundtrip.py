"""Property tests: what goes into the store and out through the export comes back exactly."""

from __future__ import annotations

import codecs
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline.export import build_export, to_csv, to_json, to_jsonl
from storyline.ids import content_hash, short_id
from storyline.ingest.run import ingest_paths
from storyline.model import Article, Outlet, PublishedDate, TextSpan
from storyline.store import open_store
from storyline.store.articles import get_article, list_articles, save_article

TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    min_size=1,
    max_size=300,
)
DATES = st.one_of(st.none(), st.dates().map(lambda d: d.isoformat()))


@st.composite
def articles(draw) -> Article:
    original = draw(TEXT)
    fingerprint = content_hash(original)
    date = draw(DATES)
    return Article(
        id=short_id("a", fingerprint),
        location=draw(TEXT),
        url=draw(st.one_of(st.none(), st.just("https://example.org/news/1"))),
        outlet=Outlet(draw(st.one_of(st.none(), TEXT)), "record", 0.8, draw(TEXT)),
        title=draw(TEXT),
        language=draw(st.sampled_from(["en", "ar", "tr", "und"])),
        language_confidence=draw(st.floats(0, 1)),
        published=PublishedDate(
            date=date,
            precision="day",
            source="record" if date else "none",
            confidence=round(draw(st.floats(0, 1)), 3),
            estimate="stated" if date else "unknown",
            not_before=draw(DATES),
            evidence=draw(TEXT),
        ),
        text=original,
        original=original,
        text_map=(TextSpan(0, 0, len(original)),),
        content_hash=fingerprint,
        boilerplate=tuple(draw(st.lists(TEXT, max_size=3))),
    )


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(article=articles())
def test_roundtrip_store_keeps_every_field(tmp_path_factory, article):
    with open_store(tmp_path_factory.mktemp("db") / "s.db") as store:
        save_article(store, article)
        assert get_article(store, article.id) == article


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(batch=st.lists(articles(), min_size=1, max_size=4, unique_by=lambda a: a.content_hash))
def test_roundtrip_export_carries_text_and_metadata(tmp_path_factory, batch):
    batch = list({a.location: a for a in batch}.values())
    with open_store(tmp_path_factory.mktemp("db") / "s.db") as store:
        for article in batch:
            save_article(store, article)
        document = build_export(store)
    exported = {record["id"]: record for record in document["articles"]}
    assert set(exported) == {a.id for a in batch}
    for article in batch:
        record = json.loads(json.dumps(exported[article.id]))
        assert record["text"] == article.text
        assert record["title"] == article.title
        assert record["outlet"] == article.outlet.name
        assert record["language"] == article.language
        assert record["published"] == json.loads(json.dumps(article.published.as_dict()))
        assert (record["path"] or record["url"]) in (article.location, article.url)
    lines = [json.loads(line) for line in to_jsonl(document).split("\n") if line]
    assert sorted(line["id"] for line in lines if line["type"] == "article") == sorted(exported)
    assert to_csv(document["articles"]).count("\n") >= len(batch) + 1


PARAGRAPH = (
    st.text(
        alphabet=st.characters(whitelist_categories=("L", "N", "P"), whitelist_characters=" "),
        min_size=1,
        max_size=120,
    )
    .map(str.strip)
    .filter(bool)
)
OUTLET_NAME = st.from_regex(r"[A-Z][a-z]{2,10}( [A-Z][a-z]{2,10}){0,2}", fullmatch=True)


@st.composite
def records(draw) -> dict[str, str]:
    return {
        "title": draw(PARAGRAPH),
        "text": "\n\n".join(draw(st.lists(PARAGRAPH, min_size=1, max_size=4))),
        "url": f"https://news.example/{draw(st.integers(0, 10**9))}",
        "date": draw(st.dates()).isoformat(),
        "outlet": draw(OUTLET_NAME),
        "language": draw(st.sampled_from(["en", "ar", "tr"])),
    }


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(batch=st.lists(records(), min_size=1, max_size=3, unique_by=lambda r: r["url"]))
def test_roundtrip_ingest_store_export_keeps_records_exactly(tmp_path_factory, batch):
    folder = tmp_path_factory.mktemp("records")
    source = folder / "batch.jsonl"
    source.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in batch), encoding="utf-8")
    with open_store(folder / "s.db") as store:
        report = ingest_paths(store, [source], progress=False)
        document = build_export(store)
    assert report.errors == []
    exported = {record["url"]: record for record in json.loads(to_json(document))["articles"]}
    for record in batch:
        article = exported[record["url"]]
        assert article["text"] == record["text"]
        assert (article["title"], article["outlet"], article["language"]) == (
            record["title"],
            record["outlet"],
            record["language"],
        )
        assert (article["published"]["date"], article["published"]["source"]) == (
            record["date"],
            "record",
        )


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    data=st.binary(min_size=0, max_size=400),
    name=st.sampled_from(["a.txt", "b.html", "c.jsonl", "d.warc.gz", "e"]),
)
def test_roundtrip_ingest_never_crashes_on_any_bytes(tmp_path_factory, data, name):
    folder = tmp_path_factory.mktemp("bytes")
    path = folder / name
    path.write_bytes(data)
    with open_store(folder / "s.db") as store:
        report = ingest_paths(store, [path], progress=False)
        stored = list_articles(store)
    assert len(report.article_ids) + len(report.errors) >= 1
    assert all(str(path) in str(error) for error in report.errors)
    try:
        decoded = None if data.startswith(codecs.BOM_UTF8) else data.decode("utf-8")
    except UnicodeDecodeError:
        decoded = None
    for article in stored:
        if article.kind == "text" and decoded is not None:
            assert article.original == decoded
