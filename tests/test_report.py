"""The self-contained report of the Hmeimim story: one HTML file that works with the network
off, or Markdown; written through `storyline report`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from playwright.sync_api import Page, Route, expect

from conftest import shared_path
from storyline.cli import main
from storyline.errors import StorylineError
from storyline.report import write_report
from storyline.store import open_store
from web_corpus import analysed_db, article_id, story_of

pytestmark = pytest.mark.slow
SHOTS = Path(__file__).resolve().parents[1] / "test-output"


def _report(out: Path, *options: str) -> None:
    story = story_of("002_")["id"]
    result = CliRunner().invoke(
        main, ["report", story, "--db", str(analysed_db()), "--out", str(out), *options]
    )
    assert result.exit_code == 0, result.output


def test_report_html_renders_with_network_off(tmp_path: Path, page: Page) -> None:
    out = tmp_path / "story.html"
    _report(out)
    html = out.read_text(encoding="utf-8")
    assert "<link" not in html and 'src="' not in html and "http" not in html.split("<body")[0]
    requested: list[str] = []

    def offline(route: Route) -> None:
        requested.append(route.request.url)
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            route.abort()

    page.context.route("**/*", offline)
    page.goto(out.as_uri())
    story = story_of("002_")
    expect(page.locator("svg.timeline circle")).to_have_count(len(story["article_ids"]))
    expect(page.locator("svg.provenance")).to_be_visible()
    expect(page.locator("svg.chart rect").first).to_be_visible()
    denial = page.locator("table.matrix td.stance-denies a.cell-link").first
    denial.click()
    expect(page.locator(".cell-detail.open .chain").first).to_be_visible()
    page.locator(".zoom-in").click()
    expect(page.locator("svg.timeline")).to_have_attribute("data-scale", "2")
    assert requested == [out.as_uri()]
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "report-offline.png"), full_page=True)


def test_report_keeps_article_markup_inert(tmp_path: Path, page: Page) -> None:
    out = tmp_path / "hostile.html"
    story = story_of("hostile")["id"]
    result = CliRunner().invoke(
        main, ["report", story, "--db", str(analysed_db()), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html
    assert "<script>alert" not in html and "<img" not in html
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(out.as_uri())
    page.locator(".report-claims summary").first.click()
    expect(page.locator(".report-claims").first).to_contain_text("<script>alert('x')</script>")
    assert page.locator("main script, main img").count() == 0
    page.wait_for_timeout(300)
    assert dialogs == []


def test_report_markdown_has_matrix_and_chains(tmp_path: Path) -> None:
    out = tmp_path / "story.md"
    _report(out, "--format", "md")
    text = out.read_text(encoding="utf-8")
    assert "## Assertions × articles" in text
    assert any(line.startswith("| ") and "| denies |" in line for line in text.splitlines())
    assert "الوطن" in text
    assert "translation_of" in text
    assert f"`{article_id('002_')}`" in text


def test_report_unknown_story_names_the_story(tmp_path: Path) -> None:
    with open_store(analysed_db()) as store, pytest.raises(StorylineError, match="no-such-story"):
        write_report(store, "no-such-story", tmp_path / "x.html")
    assert not (tmp_path / "x.html").exists()
    result = CliRunner().invoke(
        main, ["report", "no-such-story", "--db", str(analysed_db()), "--out", str(tmp_path / "y")]
    )
    assert result.exit_code == 2 and "no-such-story" in result.output


def test_report_analyze_writes_one_report_per_story(tmp_path: Path) -> None:
    """`analyze --report DIR` (what `make demo` runs) ends with one self-contained file per
    story and says where each is; re-analysing the same corpus changes nothing."""
    folder = tmp_path / "reports"
    result = CliRunner().invoke(
        main,
        [
            "analyze",
            str(shared_path("corpus", "hmeimim")),
            "--db",
            str(analysed_db()),
            "--report",
            str(folder),
            "--json",
            "-q",
        ],
    )
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)
    assert summary["ingest"]["added"] == [] and len(summary["ingest"]["unchanged"]) == 5
    written = sorted(folder.iterdir())
    assert [str(path) for path in written] == sorted(summary["reports"])
    assert folder / f"{story_of('002_')['id']}.html" in written
    html = (folder / f"{story_of('002_')['id']}.html").read_text(encoding="utf-8")
    assert "<link" not in html and "الوطن" in html
