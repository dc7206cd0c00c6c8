"""The story index saved with the store: written, reopened without a rebuild, brought up to date
from the store, rebuilt (with the same stories) when missing, damaged or foreign; re-running
analyze changes nothing."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from demo_store import copy_db
from stories_support import STORIES_FIXTURES, analyse
from storyline.embeddings.stage import store_encoder
from storyline.ingest.run import ingest_paths
from storyline.pipeline import analyze_paths
from storyline.store import open_store
from storyline.store.base import Store
from storyline.stories import story_of
from storyline.stories.clustering import ClusterParams, StoryClusterer
from storyline.stories.features import ArticleProfile, day_number, lexical_keys
from storyline.stories.profiles import StoredClustering, StoredKeyCounts, index_state, save_profile
from storyline.stories.saved_index import index_location, open_saved_index, save_index
from storyline.stories.stage import STAGE_VERSION, place_articles

ARRESTS = ["arrest-corvath.txt", "arrest-corvath-2.txt", "arrest-mirelle.txt"]


def _opened(store: Store) -> StoryClusterer:
    """A clusterer over the store's saved index, as the stage opens it but with the hand-set
    scores (no learned pair function, so no encoder is loaded)."""
    return StoryClusterer(
        ClusterParams(),
        index=open_saved_index(store, STAGE_VERSION),
        frequencies=StoredKeyCounts(store),
        source=StoredClustering(store),
    )


def _profiles(store: Store, names: list[str]) -> list[ArticleProfile]:
    """Fixture articles ingested, with profiles of synthetic vectors (the Corvath reports
    close together) stored as the stage stores them."""
    ingest_paths(store, [str(STORIES_FIXTURES / name) for name in names], progress=False)
    rng = np.random.default_rng(11)
    shared = rng.normal(size=store_encoder().dim)
    profiles = []
    for name in names:
        row = store.query_one(
            "SELECT id, title, text, content_hash, published_date FROM articles "
            "WHERE location LIKE ?",
            (f"%{name}",),
        )
        assert row is not None
        spread = 0.05 if "corvath" in name else 2.0
        vector = shared + spread * rng.normal(size=len(shared))
        profile = ArticleProfile(
            row["id"],
            (vector / np.linalg.norm(vector)).astype(np.float32),
            lexical_keys(f"{row['title']}\n{row['text']}", "en"),
            day_number(row["published_date"]),
            "en",
        )
        save_profile(store, profile, row["content_hash"])
        profiles.append(profile)
    return profiles


def _header(store: Store) -> Path:
    location = index_location(store, index_state(store)[0])
    assert location is not None
    return location.with_name(f"{location.name}.json")


def _nearest(store: Store, profile: ArticleProfile) -> list[str]:
    return [article_id for article_id, _ in _opened(store).neighbours(profile.vector, 3)]


@pytest.fixture
def placed(store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Three articles placed through a saved index, on each backend (PostgreSQL's index lives
    in the cache folder)."""
    monkeypatch.setenv("STORYLINE_CACHE_DIR", str(tmp_path / "cache"))
    profiles = _profiles(store, ARRESTS)
    clusterer = _opened(store)
    assert clusterer.index.rebuilt == "no index file yet"
    place_articles(store, clusterer, profiles)
    assert save_index(store, clusterer.index, STAGE_VERSION)
    return store, profiles


def test_stories_index_written_and_reopened_without_rebuild(placed) -> None:
    store, profiles = placed
    header = json.loads(_header(store).read_text(encoding="utf-8"))
    assert sorted(header["ids"]) == sorted(p.article_id for p in profiles)
    assert _header(store).with_name(header["base"]).is_file()
    for _ in range(2):
        reopened = open_saved_index(store, STAGE_VERSION)
        assert reopened.rebuilt is None and reopened.mapped and reopened.behind == 0
    corvath, corvath_2, _ = profiles
    assert set(_nearest(store, corvath)[:2]) == {corvath.article_id, corvath_2.article_id}
    assert story_of(store, corvath.article_id) == story_of(store, corvath_2.article_id)


def test_stories_index_takes_a_new_article_from_the_store(sqlite_store: Store) -> None:
    """One more placed article is read from the store on open: no rebuild, no file written."""
    first, *rest = _profiles(sqlite_store, [*ARRESTS, "harbour-original.txt"])
    clusterer = _opened(sqlite_store)
    place_articles(sqlite_store, clusterer, rest[:3])
    save_index(sqlite_store, clusterer.index, STAGE_VERSION)
    header = _header(sqlite_store).read_bytes()
    stray = _header(sqlite_store).with_name("test.db.stories-99-deadbeef.usearch")
    stray.write_bytes(b"left by a crash before its header was written")

    clusterer = _opened(sqlite_store)
    assert clusterer.index.rebuilt is None
    place_articles(sqlite_store, clusterer, [first])
    assert not save_index(sqlite_store, clusterer.index, STAGE_VERSION)
    assert _header(sqlite_store).read_bytes() == header

    reopened = open_saved_index(sqlite_store, STAGE_VERSION)
    assert reopened.rebuilt is None and reopened.behind == 1
    assert reopened.search(first.vector, 1)[0][0] == first.article_id
    reopened.fold()
    assert save_index(sqlite_store, reopened, STAGE_VERSION)
    assert not stray.exists()
    assert open_saved_index(sqlite_store, STAGE_VERSION).behind == 0


def test_stories_index_rolled_back_placement_is_not_held(sqlite_store: Store) -> None:
    """A placement whose transaction fails leaves the store's marks, hence the index, as
    they were."""
    *kept, late = _profiles(sqlite_store, [*ARRESTS, "harbour-original.txt"])
    clusterer = _opened(sqlite_store)
    place_articles(sqlite_store, clusterer, kept)
    save_index(sqlite_store, clusterer.index, STAGE_VERSION)
    with pytest.raises(RuntimeError), sqlite_store.transaction():
        place_articles(sqlite_store, _opened(sqlite_store), [late])
        raise RuntimeError("the process dies before committing")
    reopened = open_saved_index(sqlite_store, STAGE_VERSION)
    assert reopened.rebuilt is None and reopened.behind == 0
    assert late.article_id not in [found for found, _ in reopened.search(late.vector, 5)]


def _delete_header(header: Path, store: Store) -> None:
    header.unlink()


def _truncate_base(header: Path, store: Store) -> None:
    base = header.with_name(json.loads(header.read_text())["base"])
    base.write_bytes(base.read_bytes()[:200])


def _overwrite_base(header: Path, store: Store) -> None:
    base = header.with_name(json.loads(header.read_text())["base"])
    data = bytearray(base.read_bytes())
    data[100:4000] = bytes(3900)
    base.write_bytes(bytes(data))


def _foreign_header(header: Path, store: Store) -> None:
    saved = json.loads(header.read_text())
    header.write_text(json.dumps({**saved, "token": "another-store"}))


def _store_changed_behind_it(header: Path, store: Store) -> None:
    """A profile the index holds is gone from the store, which the stage never does."""
    with store.transaction():
        store.execute(
            "DELETE FROM story_profiles WHERE article_id = "
            "(SELECT MIN(article_id) FROM story_profiles)"
        )


@pytest.mark.parametrize(
    ("damage", "reason"),
    [
        (_delete_header, "no index file yet"),
        (_truncate_base, "does not match its header"),
        (_overwrite_base, "does not match its header"),
        (_foreign_header, "another store"),
        (_store_changed_behind_it, "where the store marks"),
    ],
)
def test_stories_index_missing_damaged_or_foreign_is_rebuilt(
    sqlite_store: Store, damage, reason: str
) -> None:
    profiles = _profiles(sqlite_store, ARRESTS)
    clusterer = _opened(sqlite_store)
    place_articles(sqlite_store, clusterer, profiles)
    save_index(sqlite_store, clusterer.index, STAGE_VERSION)
    before = {p.article_id: _nearest(sqlite_store, p) for p in profiles}
    marked = {
        row["article_id"]
        for row in sqlite_store.query("SELECT article_id FROM story_profiles WHERE indexed > 0")
    }

    damage(_header(sqlite_store), sqlite_store)
    rebuilt = open_saved_index(sqlite_store, STAGE_VERSION)
    assert rebuilt.rebuilt is not None and reason in rebuilt.rebuilt
    assert open_saved_index(sqlite_store, STAGE_VERSION).rebuilt is None
    if damage is _store_changed_behind_it:
        marked = {
            row["article_id"]
            for row in sqlite_store.query("SELECT article_id FROM story_profiles WHERE indexed > 0")
        }
    for profile in profiles:
        expected = [found for found in before[profile.article_id] if found in marked]
        assert _nearest(sqlite_store, profile)[: len(expected)] == expected


# -- the stage and the commands, with the packaged encoders --------------------------------------
def _stories(store: Store) -> dict[str, str]:
    rows = store.query(
        "SELECT a.location, s.story_id FROM story_articles s JOIN articles a ON a.id = s.article_id"
    )
    return {Path(row["location"]).name: row["story_id"] for row in rows}


def _snapshot(store: Store, header: Path) -> dict[str, object]:
    tables = {
        table: store.query(f"SELECT * FROM {table} ORDER BY 1, 2")
        for table in (
            "story_articles",
            "stories",
            "relations",
            "flags",
            "claims",
            "assertions",
            "stances",
            "story_events",
            "story_profiles",
            "story_index_state",
            "story_key_counts",
        )
    }
    files = sorted(path.name for path in header.parent.glob(f"{header.name[:-5]}*"))
    return {**tables, "header": header.read_bytes(), "files": files}


@pytest.mark.slow
def test_stories_index_analyze_twice_changes_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ARRESTS:
        shutil.copy(STORIES_FIXTURES / name, folder / name)
    with open_store(tmp_path / "news.db") as store:
        first = analyze_paths(store, [folder], progress=False)
        assert not first.failed, first.stages.errors
        header = _header(store)
        before = _snapshot(store, header)
        again = analyze_paths(store, [folder], progress=False)
        assert not again.failed and not again.ingest.added
        assert _snapshot(store, header) == before


@pytest.mark.slow
def test_stories_index_rebuilt_or_kept_gives_the_same_stories(tmp_path: Path) -> None:
    """The same articles arriving at a store whose index is kept, one whose index file was
    deleted, and one whose file was overwritten: the same stories, and only the last two
    rebuild."""
    kept = tmp_path / "kept.db"
    with open_store(kept) as store:
        analyse(
            store,
            [STORIES_FIXTURES / "arrest-corvath.txt", STORIES_FIXTURES / "arrest-mirelle.txt"],
        )
        before = _stories(store)
        header = _header(store)
    deleted = copy_db(kept, tmp_path / "deleted.db")
    overwritten = copy_db(kept, tmp_path / "overwritten.db")
    saved = json.loads(header.read_text())
    base = tmp_path / saved["base"].replace("kept.db", "overwritten.db")
    base.write_bytes(b"\0" * (tmp_path / saved["base"]).stat().st_size)
    (tmp_path / "overwritten.db.stories.json").write_text(json.dumps({**saved, "base": base.name}))

    found = {}
    for path, rebuilt in ((kept, None), (deleted, "no index"), (overwritten, "does not match")):
        with open_store(path) as store:
            assert _stories(store) == before
            reason = open_saved_index(store, STAGE_VERSION).rebuilt
            assert reason is None if rebuilt is None else rebuilt in str(reason)
            analyse(store, [STORIES_FIXTURES / "arrest-corvath-2.txt"])
            found[path.stem] = _stories(store)
    assert found["kept"] == found["deleted"] == found["overwritten"]
    assert found["kept"]["arrest-corvath-2.txt"] == found["kept"]["arrest-corvath.txt"]
    assert found["kept"]["arrest-mirelle.txt"] == before["arrest-mirelle.txt"]
