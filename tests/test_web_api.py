"""The workbench's JSON twins, errors, token guard and headers, over the analysed Hmeimim store."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from storyline.cli import main
from storyline.errors import ConfigError
from storyline.web import create_app, serve
from web_corpus import analysed_db, article_id, story_of

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with TestClient(create_app(str(analysed_db()))) as test_client:
        yield test_client


def _names(claim: dict[str, Any]) -> str:
    return " › ".join(str(link.get("name")) for link in claim.get("attribution") or [])


def test_web_stories_json_lists_the_meeting_story(client: TestClient) -> None:
    data = client.get("/stories.json").json()
    assert data["ok"] is True and data["notice"] is None
    assert sum("hmeimim" in (a["path"] or "") for a in data["articles"]) == 5
    story = next(s for s in data["stories"] if s["id"] == story_of("002_")["id"])
    members = {article_id(m) for m in ("000_", "001_", "002_", "003_")}
    assert members <= set(story["article_ids"])
    assert article_id("004_") not in story["article_ids"]
    assert story["size"] == len(story["article_ids"])
    assert {"ar", "en"} <= set(story["languages"])
    assert story["date_span"][0] <= story["date_span"][1]
    assert story["contested"] >= 1


def test_web_article_json_says_where_each_field_came_from(client: TestClient) -> None:
    aid = article_id("002_")
    data = client.get(f"/articles/{aid}.json").json()
    article = data["article"]
    assert article["language"] == "ar"
    assert article["published"]["date"] == "2024-06-24"
    assert article["published"]["source"] == "dateline"
    assert set(article["outlet_source"]) == {"source", "confidence", "evidence"}
    assert "".join(s["text"] for s in data["highlights"]) == article["text"]
    marked = {kind for s in data["highlights"] for kind in s["kinds"]}
    assert {"claim", "source"} <= marked
    assert any(c["polarity"] == "denied" for c in data["claims"])
    assert data["story_id"] == story_of("002_")["id"]
    assert client.get(f"/articles/{aid[:10]}.json").json()["article"]["id"] == aid


def test_web_story_json_matrix_shows_the_denial_and_its_chain(client: TestClient) -> None:
    data = client.get(f"/stories/{story_of('002_')['id']}.json").json()
    columns = [a["id"] for a in data["matrix"]["articles"]]
    arabic, english = columns.index(article_id("002_")), columns.index(article_id("000_"))
    rows = [row for row in data["matrix"]["rows"] if row["contested"]]

    def denial_chains(row: dict[str, Any], column: int) -> list[str]:
        cell = row["cells"][column] or {"claims": []}
        return [_names(c) for c in cell["claims"] if c["voice"] == "denies"]

    denied = [
        row
        for row in rows
        if (row["cells"][english] or {}).get("kind") == "denies"
        and any("Al-Watan" in chain for chain in denial_chains(row, english))
    ]
    assert denied, "no contested assertion denied by Al-Watan's sources in the English rendering"
    row = denied[0]
    # The Arabic report carries the meeting claim with a hedge, and its denial.
    assert row["cells"][arabic]["kind"] == "hedged"
    assert any("الوطن" in chain for chain in denial_chains(row, arabic))
    supporters = [c for c in row["cells"] if c and c["kind"] in ("supports", "reports")]
    assert len(supporters) >= 2
    edges = {(e["source"], e["target"], e["kind"]) for e in data["provenance"]["edges"]}
    assert (article_id("002_"), article_id("000_"), "translation_of") in edges
    assert any(e["kind"] == "origin" for e in data["provenance"]["edges"])
    drift = [f for f in data["flags"] if f["kind"] == "drift"]
    assert {"number", "source"} <= {e["aspect"] for f in drift for e in f["evidence"]}
    pairs = {(c["left"]["id"], c["right"]["id"]) for c in data["comparisons"]}
    assert (article_id("000_"), article_id("002_")) in pairs
    assert len(data["story"]["events"]) >= 1
    per_day = {(d["date"], d["language"]): d["count"] for d in data["reports_per_day"]}
    assert 1 <= sum(per_day.values()) <= data["story"]["size"]
    assert per_day[("2024-06-24", "ar")] == 1


def test_web_compare_json_aligns_and_marks_drift(client: TestClient) -> None:
    left, right = article_id("000_"), article_id("002_")
    data = client.get(f"/compare/{left}/{right}.json").json()
    assert (data["left"]["language"], data["right"]["language"]) == ("en", "ar")
    assert len(data["pairs"]) >= 5 and data["notice"] is None
    aspects = {d["evidence"]["aspect"] for d in data["drift"]}
    assert {"number", "source"} <= aspects
    both = [
        p
        for p in data["pairs"]
        if any(s["drift"] for s in p["left_segments"])
        and any(s["drift"] for s in p["right_segments"])
    ]
    assert both, "no aligned pair with drift marked on both sides"


@pytest.mark.parametrize(
    ("path", "status", "words"),
    [
        ("/stories/no-such-story.json", 404, "no story"),
        ("/articles/no-such-article.json", 404, "no article"),
        ("/compare/no-such/other.json", 404, "no article"),
        ("/search.json", 422, "q"),
        ("/nothing-here.json", 404, "no such page"),
    ],
)
def test_web_json_errors_are_ok_false(client: TestClient, path: str, status: int, words: str):
    response = client.get(path)
    assert response.status_code == status
    body = response.json()
    assert body["ok"] is False and words in body["error"]


def test_web_html_errors_are_readable_pages(client: TestClient) -> None:
    response = client.get("/stories/no-such-story")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "no story &#39;no-such-story&#39;" in response.text


def test_web_search_json_finds_words_stories_and_resolved_names(client: TestClient) -> None:
    found = client.get("/search.json", params={"q": "حميميم"}).json()
    hit = next(h for h in found["hits"] if h["article_id"] == article_id("002_"))
    assert hit["story_id"] == story_of("002_")["id"]
    assert story_of("002_")["id"] in {s["id"] for s in found["stories"]}
    start, end = hit["match"]
    assert "حميميم" in hit["snippet"][start:end]

    def hits(query: str) -> set[str]:
        return {
            h["article_id"] for h in client.get("/search.json", params={"q": query}).json()["hits"]
        }

    # A source in another script, and a source in another spelling, through the claims stage's
    # resolved names: the English rendering cites Al-Watan, the reprint spells it 'Aydinilik'.
    assert article_id("000_") in hits("الوطن")
    assert article_id("003_") in hits("Aydınlık")


def test_web_openapi_documents_the_json_twins(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()["paths"]
    for path, operations in schema.items():
        for method, operation in operations.items():
            assert "`" in operation["description"], f"{method} {path} does not say what it does"
    paths = set(schema)
    assert paths == {
        "/stories.json",
        "/stories/{story_id}.json",
        "/articles/{article_id}.json",
        "/compare/{left_id}/{right_id}.json",
        "/search.json",
        "/corrections.json",
        "/corrections/{correction_id}/undo.json",
    }


def test_web_every_response_carries_csp(client: TestClient) -> None:
    for path in ("/stories", "/stories.json", "/static/workbench.js", "/nothing"):
        policy = client.get(path).headers["content-security-policy"]
        assert "script-src 'self'" in policy and "default-src 'none'" in policy


def test_web_article_markup_renders_as_text(client: TestClient) -> None:
    html = client.get(f"/articles/{article_id('hostile')}").text
    assert "<script>alert" not in html and "<img" not in html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html
    assert "onerror=&#34;alert(1)&#34;" in html


def test_web_token_guards_every_request() -> None:
    with TestClient(create_app(str(analysed_db()), token="s3cret")) as guarded:
        refused = guarded.get("/stories.json")
        assert refused.status_code == 401 and refused.json()["ok"] is False
        assert guarded.get("/stories").headers["content-type"].startswith("text/html")
        assert guarded.get("/static/workbench.css").status_code == 401
        assert guarded.get("/openapi.json").status_code == 401
        assert guarded.get("/stories", headers={"Authorization": "Bearer nope"}).status_code == 401
        assert guarded.get("/stories.json", headers={"Authorization": "Bearer s3cret"}).json()["ok"]
        assert guarded.get("/stories?token=s3cret").status_code == 200
        # The cookie set from ?token= lets the page's own links and assets through.
        assert guarded.get("/static/workbench.css").status_code == 200


def test_web_serve_refuses_other_hosts_without_token(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("STORYLINE_TOKEN", raising=False)
    with pytest.raises(ConfigError, match="--token"):
        serve(str(analysed_db()), host="0.0.0.0", port=0)
    result = CliRunner().invoke(main, ["serve", "--db", str(analysed_db()), "--host", "0.0.0.0"])
    assert result.exit_code == 2 and "--token" in result.output


def test_web_pages_write_no_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(analysed_db(), data / "store.db")
    elsewhere = tmp_path / "cwd"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    left, right = article_id("000_"), article_id("002_")
    paths = [
        "/",
        f"/stories/{story_of('002_')['id']}",
        f"/articles/{left}",
        f"/compare/{left}/{right}",
        "/search?q=Hmeimim",
        "/openapi.json",
        "/static/../../store.db",
        "/nothing",
    ]
    with TestClient(create_app(str(data / "store.db"))) as pages:
        for path in paths:
            pages.get(path)
            pages.get(path + ".json")
    assert os.listdir(elsewhere) == []
    leftovers = {p.name for p in data.iterdir()} - {"store.db", "store.db-wal", "store.db-shm"}
    assert leftovers == set()
