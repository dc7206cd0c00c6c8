"""Corrections through the workbench: the JSON API, its cross-site and token guards, and the
plain HTML forms in headless Chromium, over a copy of the analysed demo corpus."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from playwright.sync_api import Page, expect

from demo_store import demo_copy
from storyline.export import build_export
from storyline.store import open_store
from storyline.web import create_app
from web_corpus import served

pytestmark = pytest.mark.slow
HOSTILE_REASON = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">'


def _article_ids(db: Path) -> dict[str, str]:
    with open_store(db) as store:
        return {Path(a["path"]).stem: a["id"] for a in build_export(store)["articles"]}


@pytest.fixture
def demo_db(tmp_path: Path) -> Path:
    return demo_copy(tmp_path / "demo.db")


def test_web_corrections_json_round_trip_and_undo(demo_db: Path) -> None:
    ids = _article_ids(demo_db)
    with TestClient(create_app(str(demo_db))) as client:
        made = client.post(
            "/corrections.json",
            json={"kind": "outlet", "args": [ids["en-05"], "The Coastline Monitor"], "by": "eve"},
        )
        assert made.status_code == 200, made.text
        correction = made.json()["correction"]
        assert correction["machine_value"]["name"] == "Eastgate Times"
        article = client.get(f"/articles/{ids['en-05']}.json").json()["article"]
        assert article["outlet"] == "The Coastline Monitor"
        assert article["corrections"][0]["by"] == "eve"
        listed = client.get("/corrections.json").json()["corrections"]
        assert listed[0]["where"] == f"/articles/{ids['en-05']}"
        bad = client.post("/corrections.json", json={"kind": "polarity", "args": ["c-none", "x"]})
        assert bad.status_code == 400 and bad.json()["ok"] is False
        undone = client.post(f"/corrections/{correction['id']}/undo.json", json={})
        assert undone.json()["correction"]["state"] == "undone"
        article = client.get(f"/articles/{ids['en-05']}.json").json()["article"]
        assert article["outlet"] == "Eastgate Times"


def test_web_corrections_refuse_cross_site_posts_and_forms_without_token(demo_db: Path) -> None:
    ids = _article_ids(demo_db)
    with TestClient(create_app(str(demo_db))) as client:
        page = client.get(f"/articles/{ids['en-01']}")
        csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', page.text).group(1)
        form = {"csrf": csrf, "kind": "title", "arg": [ids["en-01"], "Forged"], "next": "/"}
        for headers in ({"Origin": "https://evil.example"}, {"Sec-Fetch-Site": "cross-site"}):
            refused = client.post("/corrections", data=form, headers=headers)
            assert refused.status_code == 403, headers
        assert client.post("/corrections", data={**form, "csrf": "0" * 64}).status_code == 403
        as_text = client.post(
            "/corrections.json",
            content='{"kind": "title", "args": ["x", "y"]}',
            headers={"Content-Type": "text/plain"},
        )
        assert as_text.status_code == 403
        with open_store(demo_db) as store:
            assert not store.query("SELECT id FROM corrections")
        accepted = client.post("/corrections", data=form, follow_redirects=False)
        assert accepted.status_code == 303 and accepted.headers["location"] == "/"


def test_web_corrections_off_loopback_need_the_token(demo_db: Path) -> None:
    ids = _article_ids(demo_db)
    body = {"kind": "title", "args": [ids["en-01"], "With the token"]}
    with TestClient(create_app(str(demo_db), token="s3cret")) as client:
        assert client.post("/corrections.json", json=body).status_code == 401
        allowed = client.post(
            "/corrections.json", json=body, headers={"Authorization": "Bearer s3cret"}
        )
        assert allowed.status_code == 200


def test_web_corrections_hostile_reason_is_escaped(demo_db: Path) -> None:
    ids = _article_ids(demo_db)
    with TestClient(create_app(str(demo_db))) as client:
        client.post(
            "/corrections.json",
            json={"kind": "title", "args": [ids["en-01"], "</title><script>x()</script>"]}
            | {"reason": HOSTILE_REASON},
        )
        for path in ("/corrections", f"/articles/{ids['en-01']}"):
            html = client.get(path).text
            assert "<script>window.__pwned" not in html and "<script>x()" not in html
        assert "&lt;script&gt;window.__pwned" in client.get("/corrections").text


@pytest.fixture
def live(demo_db: Path) -> Iterator[str]:
    with served(demo_db) as url:
        yield url


def test_web_browser_corrects_a_title_moves_an_article_and_undoes(
    page: Page, live: str, demo_db: Path
) -> None:
    ids = _article_ids(demo_db)
    page.goto(f"{live}/articles/{ids['en-01']}")
    title_field = page.locator("dd", has=page.locator("form[data-kind='title']"))
    title_field.locator("summary").click()
    title_field.get_by_label("new title").fill("Ministers met at Kalvo, say sources")
    title_field.get_by_label("reason").fill(HOSTILE_REASON)
    title_field.get_by_label("your name").fill("fran")
    title_field.get_by_role("button", name="Correct title").click()
    expect(page.locator("h1")).to_have_text("Ministers met at Kalvo, say sources")
    expect(page.locator("#corrections")).to_contain_text("fran")
    expect(page.locator("#corrections")).to_contain_text("<script>window.__pwned = 1</script>")
    assert page.evaluate("window.__pwned") is None

    # Move the sports report into the meeting story from the story page's form.
    story_id = page.locator("a", has_text="its story").get_attribute("href").rsplit("/", 1)[-1]
    page.goto(f"{live}/articles/{ids['ar-02']}")
    page.locator("summary", has_text="move").click()
    page.get_by_label("story", exact=True).select_option(story_id)
    page.get_by_role("button", name="Move to story").click()
    expect(page.locator("p.meta .corrected")).to_contain_text("corrected by analyst")
    page.goto(f"{live}/stories/{story_id}")
    expect(page.locator("#articles")).to_contain_text("نادي سيرمان")

    page.goto(f"{live}/corrections")
    expect(page.locator("tr.correction")).to_have_count(2)
    page.locator("tr.correction", has_text="title").get_by_role(
        "button", name=re.compile("undo")
    ).click()
    expect(page.locator("tr.correction-undone")).to_have_count(1)
    page.goto(f"{live}/articles/{ids['en-01']}")
    expect(page.locator("h1")).to_contain_text("Report: Tarsel and Veldra ministers met")


def _csrf(html: str) -> str:
    return re.search(r'name="csrf" value="([0-9a-f]+)"', html).group(1)


def test_web_corrections_story_and_compare_forms(demo_db: Path) -> None:
    with open_store(demo_db) as store:
        document = build_export(store)
    ids = {Path(a["path"]).stem: a["id"] for a in document["articles"]}
    stories = {a: s["id"] for s in document["stories"] for a in s["article_ids"]}
    meeting, ardesh = stories[ids["en-01"]], stories[ids["en-06"]]
    with TestClient(create_app(str(demo_db))) as client:
        page = client.get(f"/stories/{meeting}").text
        assertion = re.search(r'<option value="(as-[0-9a-f]+)"', page).group(1)
        stance = {"kind": "stance", "arg": [assertion, ids["en-02"], "unrelated"]}
        answer = client.post("/corrections", data={"csrf": _csrf(page), **stance})
        assert answer.status_code == 200
        matrix = client.get(f"/stories/{meeting}.json").json()["matrix"]
        column = [a["id"] for a in matrix["articles"]].index(ids["en-02"])
        row = next(r for r in matrix["rows"] if r["id"] == assertion)
        assert row["cells"][column]["stance"] == "unrelated"
        assert row["cells"][column]["corrections"][0]["field"] == "stance"

        merged = client.post(
            f"/stories/{ardesh}/merge",
            data={"csrf": _csrf(page), "into": meeting, "reason": "one matter"},
            follow_redirects=False,
        )
        assert merged.headers["location"] == f"/stories/{meeting}"
        members = client.get(f"/stories/{meeting}.json").json()["story"]["article_ids"]
        assert {ids["en-06"], ids["tr-02"]} <= set(members)

        compare = client.get(f"/compare/{ids['en-02']}/{ids['ar-01']}").text
        assert 'value="remove"' in compare
        removal = {
            "kind": "relation",
            "arg": ["remove", "translation_of", ids["en-02"], ids["ar-01"]],
        }
        client.post("/corrections", data={"csrf": _csrf(compare), **removal})
        links = client.get(f"/compare/{ids['en-02']}/{ids['ar-01']}.json").json()["links"]
        assert links == []
        history = client.get("/corrections.json").json()["corrections"]
        assert [c["field"] for c in history] == ["relation", "story", "story", "stance"]
