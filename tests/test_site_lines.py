"""Site lines: the store keeps, per folded short boilerplate line, how many articles carry it,
and an ingest over those counts extracts what it extracted when it read every article."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from storyline.ingest.readers import read_inputs
from storyline.ingest.run import SiteLines, build_items, ingest_paths
from storyline.store.base import Store
from storyline.store.site_lines import site_line_counts, site_line_keys

# A line the Ferrow Gazette closes its pages with, and sets between paragraphs in later ones.
FURNITURE = "Ferrow Gazette harbour edition"


def _page(number: int, furniture_inside: bool) -> str:
    inside = f"{FURNITURE}\n\n" if furniture_inside else ""
    return (
        f"Ferrow ferry timetable changes for week {number}\n\n"
        f"The ferry company said on Monday that crossing {number} would leave an hour earlier.\n\n"
        f"{inside}Passengers were told to check the notice boards at the quay, a clerk said.\n\n"
        f"{FURNITURE}\n"
    )


def _write(folder: Path, numbers: range, furniture_inside: bool) -> list[Path]:
    folder.mkdir(exist_ok=True)
    paths = []
    for number in numbers:
        path = folder / f"ferry-{number}.txt"
        path.write_text(_page(number, furniture_inside), encoding="utf-8")
        paths.append(path)
    return paths


def _counted_from_articles(store: Store) -> Counter[str]:
    counts: Counter[str] = Counter()
    for row in store.query("SELECT boilerplate_json FROM articles"):
        counts.update(site_line_keys(json.loads(row["boilerplate_json"])))
    return counts


def test_site_lines_counts_follow_saves_and_ingest_reads_them_as_it_found_them(
    store: Store, tmp_path: Path
) -> None:
    ingest_paths(store, _write(tmp_path / "early", range(1, 2), False), progress=False)
    assert site_line_counts(store) == _counted_from_articles(store)
    assert site_line_counts(store)[site_line_keys([FURNITURE]).pop()] == 1
    # Two pages that close with the line and also carry it between paragraphs: the first
    # one's save raises the stored count, which the second must not see (the run counts the
    # first page itself), as when every article was read at the start.
    later = _write(tmp_path / "later", range(2, 4), True)
    expected = [
        (built.article.text, built.article.boilerplate)
        for built in build_items(read_inputs(later), SiteLines(site_line_counts(store)))
        if built.article
    ]
    report = ingest_paths(store, later, progress=False)
    stored = [
        (row["text"], tuple(json.loads(row["boilerplate_json"])))
        for article_id in report.added
        for row in store.query("SELECT * FROM articles WHERE id = ?", (article_id,))
    ]
    assert stored == expected
    assert FURNITURE in stored[0][0] and FURNITURE in stored[1][0]
    assert site_line_counts(store) == _counted_from_articles(store)
    # A new version of a page moves its counts; the lines no article carries any more go.
    (tmp_path / "early" / "ferry-1.txt").write_text(
        "Ferrow ferry timetable restored\n\nThe ferry company said on Friday that every "
        "crossing would keep its old time, a spokeswoman said.\n",
        encoding="utf-8",
    )
    assert ingest_paths(store, [tmp_path / "early"], progress=False).new_versions
    assert site_line_counts(store) == _counted_from_articles(store)


def test_site_lines_are_counted_from_the_articles_in_a_store_older_than_the_counts(
    store: Store, tmp_path: Path
) -> None:
    ingest_paths(store, _write(tmp_path / "pages", range(1, 5), False), progress=False)
    expected = _counted_from_articles(store)
    with store.transaction():
        store.execute("DELETE FROM site_line_counts")
        store.execute("DELETE FROM site_line_state")
    assert site_line_counts(store) == expected
    assert SiteLines.from_store(store).known() == {
        line for line, count in expected.items() if count >= 3
    }
