"""The workbench in headless Chromium over the analysed Hmeimim store: story list → story →
denial in the matrix → its attribution chain; translation side by side with drift; inert markup."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from web_corpus import HOSTILE, analysed_db, article_id, served, story_of

pytestmark = pytest.mark.slow
SHOTS = Path(__file__).resolve().parents[1] / "test-output"


@pytest.fixture(scope="module")
def live() -> Iterator[str]:
    """The workbench served over HTTP on a free loopback port for the module's tests."""
    with served(analysed_db()) as url:
        yield url


def _shot(page: Page, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_web_browser_story_matrix_opens_the_denial_chain(page: Page, live: str) -> None:
    story = story_of("002_")
    page.goto(live + "/stories")
    expect(page.locator("table.stories")).to_be_visible()
    _shot(page, "stories")
    page.locator(f"table.stories a[href='/stories/{story['id']}']").click()
    expect(page.locator("h1")).to_have_text(story["title"] or story["id"])
    expect(page.locator("svg.timeline circle")).to_have_count(len(story["article_ids"]))
    expect(page.locator("svg.provenance")).to_be_visible()
    expect(page.locator("svg.chart rect").first).to_be_visible()

    headers = page.locator("table.matrix thead th.col a")
    hrefs = [headers.nth(i).get_attribute("href") for i in range(headers.count())]
    english = hrefs.index(f"/articles/{article_id('000_')}")
    arabic = hrefs.index(f"/articles/{article_id('002_')}")
    # Column n of the articles is child n + 2 of a row: the assertion's header comes first.
    english_denies = f"td.stance-denies:nth-child({english + 2})"
    contested = page.locator("table.matrix tbody tr.contested").filter(
        has=page.locator(english_denies)
    )
    expect(contested).not_to_have_count(0)
    panel = page.locator(".cell-panel .cell-detail.open")
    expect(panel).to_have_count(0)
    denials = panel.locator(".voice-denies .chain")
    # The English rendering denies more than one assertion: open each denial until the one
    # whose chain runs through Al-Watan's sources.
    for position in range(contested.count()):
        row = contested.nth(position)
        denial = row.locator(english_denies)
        denial.locator("a.cell-link").click()
        expect(denial).to_have_class(re.compile("chosen"))
        expect(panel).to_have_count(1)
        if denials.filter(has_text="Al-Watan").count():
            break
    expect(denials.filter(has_text="Al-Watan")).to_have_count(1)
    _shot(page, "story-matrix-denial")

    hedged = row.locator(f"td.stance-hedged:nth-child({arabic + 2})")
    expect(hedged.locator(".also-denied")).to_be_visible()
    hedged.locator("a.cell-link").click()
    expect(panel).to_have_count(1)
    expect(panel.locator(".voice-hedged")).not_to_have_count(0)
    expect(denials.filter(has_text="الوطن").first).to_be_visible()

    timeline = page.locator("svg.timeline")
    page.locator(".zoom-in").click()
    expect(timeline).to_have_attribute("data-scale", "2")
    expect(timeline).to_have_attribute("data-offset", "0.25")
    page.locator(".pan-left").click()
    expect(timeline).to_have_attribute("data-offset", "0.125")
    _shot(page, "story-matrix-arabic")


def test_web_browser_compare_highlights_drift_in_both_texts(page: Page, live: str) -> None:
    english, arabic = article_id("000_"), article_id("002_")
    page.goto(f"{live}/stories/{story_of('002_')['id']}")
    page.locator(f"ul.comparisons a.compare[href='/compare/{english}/{arabic}']").click()
    expect(page.locator("table.aligned")).to_be_visible()
    expect(page.locator("table.drift-list tbody tr").filter(has_text="number")).not_to_have_count(0)
    expect(page.locator("table.drift-list tbody tr").filter(has_text="source")).not_to_have_count(0)
    rows = page.locator("table.aligned tbody tr")
    both = rows.filter(has=page.locator("td:nth-child(1) mark.drift")).filter(
        has=page.locator("td:nth-child(2) mark.drift")
    )
    expect(both.first).to_be_visible()
    expect(page.locator("table.aligned td:nth-child(2)").first).to_have_attribute("lang", "ar")
    _shot(page, "compare-drift")


def test_web_browser_article_shows_highlights_and_field_sources(page: Page, live: str) -> None:
    page.goto(f"{live}/articles/{article_id('002_')}")
    text = page.locator(".article-text")
    expect(text).to_have_attribute("lang", "ar")
    expect(text.locator(".hl.claim").first).to_be_visible()
    expect(page.locator("dl.provenance-fields")).to_contain_text("dateline")
    claim = text.locator(".hl.claim").first
    claim_id = claim.get_attribute("data-claim")
    claim.click()
    expect(page.locator(f"#claim-{claim_id}")).to_have_attribute("open", "")
    _shot(page, "article-arabic")


def test_web_browser_hostile_article_is_inert(page: Page, live: str) -> None:
    dialogs: list[str] = []
    errors: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.goto(f"{live}/articles/{article_id('hostile')}")
    text = page.locator(".article-text")
    expect(text).to_contain_text("<script>alert('x')</script>")
    expect(text).to_contain_text('<img src="x" onerror="alert(1)">')
    assert text.locator("script, img").count() == 0
    page.wait_for_timeout(300)
    assert dialogs == [] and errors == []
    assert HOSTILE.split("<")[0].strip() in text.inner_text()
    _shot(page, "article-hostile")
