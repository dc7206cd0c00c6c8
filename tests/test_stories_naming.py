"""Stories by the names they tell of (stories.naming): headline names and designators in the
three scripts, joining a larger story on them, and what keeps a look-alike out."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from stories_support import STORIES_FIXTURES, analyse
from storyline.ingest.run import ingest_paths
from storyline.store import open_store
from storyline.store.articles import get_article
from storyline.stories import story_of
from storyline.stories.clustering import ClusterParams, StoryClusterer
from storyline.stories.features import ArticleProfile, day_number, lexical_keys
from storyline.stories.naming import (
    DESIGNATOR,
    HEADLINE,
    NAME_IN_TEXT,
    TITLED,
    designator_conflicts,
    designators,
    name_keys,
    named_join,
)
from storyline.stories.stage import join_by_names, place_articles


def _profile(
    name: str,
    title: str,
    text: str,
    language: str,
    day: str | None,
    outlet: str = "",
    vector: np.ndarray | None = None,
) -> ArticleProfile:
    lead = " ".join(text.split("\n")[:2])
    keys = lexical_keys(f"{title}\n{text}", language)
    keys.update(name_keys(title, text, lead, language, outlet))
    if vector is None:
        vector = np.ones(8)
    return ArticleProfile(name, vector / np.linalg.norm(vector), keys, day_number(day), language)


def _typed(profile: ArticleProfile, prefix: str) -> set[str]:
    return {key[1:] for key in profile.keys if key.startswith(prefix)}


# The story: a newspaper's report on a ferry that sank, its English rendering, an Arabic one.
REPORT = _profile(
    "report",
    "Batan feribotta kapasite iddiası: 150 kişilik gemide 212 yolcu",
    "Çamlıkıyı Liman Başkanı Ertuğrul Sayan, Kumadası açıklarında batan Yıldız Ekspres 3 "
    "feribotunun yolcu listesinde 212 isim olduğunu söyledi.\n"
    "Feribotu işleten Mavi Hat Denizcilik açıklama yapmadı.",
    "tr",
    "2024-06-09",
    "Poyraz TV",
)
RENDERING = _profile(
    "rendering",
    "The Yildiz Ekspres 3 sinking: manifest and licence",
    "The ferry Yildiz Ekspres 3 sank off Kumadasi island on the crossing from Camlikiyi.\n"
    "The Camlikiyi harbour master, Ertugrul Sayan, said the list carried 212 names. "
    "The operator, Mavi Hat Denizcilik, rejected the figures.",
    "en",
    "2024-06-10",
)
ARABIC = _profile(
    "arabic",
    'العبارة "يلدز إكسبريس ٣" كانت تحمل ٢١٢ راكباً',
    "قال رئيس ميناء تشاملقيي أرطغرل سايان إن العبارة يلدز إكسبريس ٣ غرقت قبالة كوماداسي.",
    "ar",
    "2024-06-11",
)
STORY = [REPORT, RENDERING, ARABIC]


def test_naming_headline_names_drop_suffixes_outlets_and_calendar_words() -> None:
    profile = _profile(
        "x",
        "Sarpınar yangını: mahalleler boşaltılıyor",
        "Jandarma ekipleri Sarpınar'ın evlerini 28 Temmuz gecesi boşalttı, dedi Dağyolu Haber.\n"
        "Engineers at Orbitra's plant and Kızılyamaç Valiliği said nothing on Monday.",
        "tr",
        "2025-07-29",
        "Dağyolu Haber",
    )
    headline = _typed(profile, HEADLINE)
    assert {"sarpinar", "orbitra", "kizilyamac", "valiligi"} <= headline
    # The title's first word is a name because the text writes it as one; the outlet's own
    # words, months and weekdays are no protagonists.
    assert not headline & {"dagyolu", "haber", "temmuz", "monday", "jandarma"}
    assert "sarpinar" in _typed(profile, NAME_IN_TEXT)


def test_naming_designators_compare_across_scripts() -> None:
    assert designators("Kumadası hattında Yıldız Ekspres 1 karaya oturdu") == {"KSBRS 1"}
    assert designators("العبارة يلدز إكسبريس ٣ غرقت") == designators("The Yildiz Ekspres 3 sank")
    assert designators('"نورس-١" يبث أولى صوره') == designators("Nawras-1 sends images")
    # A score, a month's year and a count after a lower-case noun are no designators.
    assert designators("Akçayurt FK 3-2 kazandı, 3 Ekim 2024, ölü sayısı 6") == set()
    assert designators("The Philadelphia 76ers won 2.5 points") == set()
    assert designators("Divers reached the Yildiz Ekspres 3.") == {"KSBRS 3"}


def test_naming_designator_conflicts_only_where_the_story_never_numbers_so() -> None:
    story = {DESIGNATOR + "KSBRS 3", DESIGNATOR + "NRS 2"}
    assert designator_conflicts({DESIGNATOR + "KSBRS 1"}, story) == ["KSBRS 1"]
    assert designator_conflicts({DESIGNATOR + "KSBRS 3"}, story) == []
    assert designator_conflicts({DESIGNATOR + "KSBRS 1"}, story | {DESIGNATOR + "KSBRS 1"}) == []
    assert designator_conflicts({DESIGNATOR + "BLK 7"}, story) == []


def test_naming_a_reply_that_names_the_story_joins_it() -> None:
    reply = _profile(
        "reply",
        "Mavi Hat'tan açıklama: sefer kayıtlarımız ortada",
        "Yıldız Ekspres 3'ü işleten Mavi Hat Denizcilik, Liman Başkanı Sayan'ın açıkladığı "
        "rakamları reddetti.\nŞirket, Kumadası seferinin ruhsata uygun yapıldığını bildirdi.",
        "tr",
        "2024-06-10",
        "Çamlıkıyı Haber",
    )
    found = named_join(reply, STORY)
    assert found is not None and {"mavi", "denizcilik", "sayan"} <= set(found.shared)
    arabic_reply = _profile(
        "arabic-reply",
        "الشركة المشغلة لعبارة يلدز إكسبريس ترفض الأرقام",
        "رفضت شركة مافي هات أرقام رئيس ميناء تشاملقيي.",
        "ar",
        "2024-06-10",
    )
    found = named_join(arabic_reply, STORY)
    assert found is not None and "يلدز" in found.shared


def test_naming_an_arabic_headline_spells_a_name_in_two_words() -> None:
    """'Sarıkaya' is written 'ساري كايا': neither word alone is consonants enough to match a
    name, the two read as one do."""
    story = [
        _profile(
            "report",
            "Hakem Orhan Sarıkaya gözaltına alındı",
            "Bahis soruşturmasında hakem Orhan Sarıkaya ile iki kişi gözaltına alındı.",
            "tr",
            "2025-03-01",
        ),
        _profile(
            "arabic",
            "اعتقال الحكم ساري كايا",
            "اعتقلت الشرطة الحكم أورهان ساري كايا في تحقيق المراهنات.",
            "ar",
            "2025-03-01",
        ),
    ]
    statement = _profile(
        "statement",
        "نادي الميدان: لم نتواصل مع أحد",
        "قال نادي الميدان إنه لم يتواصل مع الحكم ساري كايا أو مع أي جهة.",
        "ar",
        "2025-03-02",
    )
    assert "ساري كايا" in _typed(statement, HEADLINE)
    found = named_join(statement, story)
    assert found is not None and found.shared == ("ساري كايا",)
    # One of the two words alone names no one.
    other = _profile(
        "other",
        "نادي الميدان: لم نتواصل مع أحد",
        "قال نادي الميدان إن مديره ساري لم يتواصل مع أي جهة.",
        "ar",
        "2025-03-02",
    )
    assert named_join(other, story) is None


def test_naming_a_story_members_outlet_is_no_shared_name() -> None:
    """An Arabic headline word that only matches the masthead of a story member ('الميدان', the
    square, and the channel of that name) does not join the article to the story."""
    story = [
        _profile(
            "report",
            "Selvi Ekspresi raydan çıktı",
            "Selvi Ekspresi raydan çıktı; haberi Al-Maydan kanalı da verdi.",
            "tr",
            "2025-04-19",
        ),
        _profile(
            "channel",
            "خروج قطار سلفي إكسبرس عن القضبان",
            "نقلت قناة الميدان خروج القطار عن القضبان.",
            "ar",
            "2025-04-19",
        ),
    ]
    freight = _profile(
        "freight",
        "خروج قطار شحن عن القضبان في الميدان",
        "خرجت عربات قطار شحن عن القضبان في الميدان.",
        "ar",
        "2025-04-20",
    )
    assert named_join(freight, story) is not None
    assert named_join(freight, story, ["Selvi Haber", "قناة الميدان"]) is None


def test_naming_a_statement_is_not_another_event_for_its_spokespeople() -> None:
    """A ministry's statement names the story's places and its own spokesperson: the titled
    names it brings count neither for nor against the story; the same spokesperson named
    without a title is a protagonist the story lacks."""
    statement = _profile(
        "statement",
        "Bakanlık: Kumadası seferleri ruhsatlıydı",
        "Ulaştırma Bakanlığı Sözcüsü Ferda Yalçınkaya, Yıldız Ekspres 3 feribotunun Kumadası "
        "seferinin ruhsatlı olduğunu söyledi.\n"
        "Mavi Hat Denizcilik açıklamayı destekledi; Vali Tarık Öncel de konuştu.",
        "tr",
        "2024-06-10",
    )
    assert {"ferda", "yalcinkaya", "sozcusu", "tarik", "oncel"} <= _typed(statement, TITLED)
    assert named_join(statement, STORY) is not None
    untitled = _profile(
        "untitled",
        "Kumadası seferleri ruhsatlıydı",
        "Ferda Yalçınkaya, Yıldız Ekspres 3 feribotunun Kumadası seferinin ruhsatlı olduğunu "
        "söyledi.\nTarık Öncel ve Nuri Bayraktepe de Orhangazi Limanı'nda konuştu.",
        "tr",
        "2024-06-10",
    )
    assert named_join(untitled, STORY) is None


def test_naming_look_alikes_stay_out() -> None:
    other_ferry = _profile(
        "aground",
        "Kumadası hattında Yıldız Ekspres 1 karaya oturdu",
        "Çamlıkıyı – Kumadası hattında sefer yapan Yıldız Ekspres 1 feribotu sığlığa oturdu.\n"
        "Mavi Hat Denizcilik açıklama yapacağını bildirdi.",
        "tr",
        "2024-06-12",
    )
    assert named_join(other_ferry, STORY) is None
    other_protagonists = _profile(
        "other",
        "Sahil Güvenlik Derviş Limanı'nda tatbikat yaptı",
        "Sahil Güvenlik ekipleri Derviş Limanı açıklarında Selvi Ada ve Kireçburnu "
        "arasında tatbikat yaptı.\nTatbikata Kumadası Belediyesi de katıldı.",
        "tr",
        "2024-06-10",
    )
    assert named_join(other_protagonists, STORY) is None
    other_years = _profile(
        "years",
        "Mavi Hat Denizcilik yeni sefer başlattı",
        "Mavi Hat Denizcilik, 2019 yılında kurulan Kumadası hattına 2021 yazında Yıldız Ekspres "
        "seferleri ekledi.\nLiman Başkanı Sayan hattı açtı.",
        "tr",
        "2024-06-12",
    )
    assert named_join(other_years, STORY) is None
    weeks_later = _profile(
        "later",
        "Mavi Hat'tan açıklama",
        "Mavi Hat Denizcilik, Liman Başkanı Sayan'ın rakamlarını reddetti.",
        "tr",
        "2024-07-20",
    )
    assert named_join(weeks_later, STORY) is None


@pytest.mark.parametrize("number, joins", [("3", True), ("1", False)])
def test_naming_clusterer_keeps_another_numbered_thing_out(number: str, joins: bool) -> None:
    """Two texts alike in every word but the number of the ship: the one with the story's
    number joins it, the other starts its own story."""
    clusterer = StoryClusterer(ClusterParams(threshold=0.3))
    vector = np.random.default_rng(5).normal(size=16)
    first = _profile(
        "a", "Yıldız Ekspres 3 battı", "Kumadası açıklarında.", "tr", None, vector=vector
    )
    clusterer.place(first, "s-a")
    second = _profile(
        "b", f"Yıldız Ekspres {number} battı", "Kumadası açıklarında.", "tr", None, vector=vector
    )
    placed = clusterer.place(second, "s-b")[0]
    assert (placed.story_id == "s-a") is joins


# -- the stage on a small corpus -------------------------------------------------------------
FERRY = ["ferry-wire", "ferry-report", "ferry-report-en", "ferry-reply", "ferry-aground"]


def test_naming_join_by_names_moves_lone_reports_into_the_larger_story(sqlite_store) -> None:
    """With nothing joined by content, the wire and the reply, each alone, join the story of
    the report and its English account on the names they tell of; the other ship's grounding
    stays alone, and a second pass moves nothing."""
    ingest_paths(sqlite_store, [str(STORIES_FIXTURES / f"{n}.txt") for n in FERRY], progress=False)
    rows = sqlite_store.query("SELECT id, location FROM articles")
    ids = {Path(row["location"]).stem: row["id"] for row in rows}
    rng = np.random.default_rng(11)
    profiles = {}
    for name, article_id in ids.items():
        article = get_article(sqlite_store, article_id)
        assert article is not None
        lead = " ".join(article.text.strip().split("\n\n")[:2])
        keys = lexical_keys(f"{article.title}\n{article.text}", article.language)
        keys.update(
            name_keys(
                article.title, article.text, lead, article.language, article.outlet.name or ""
            )
        )
        vector = rng.normal(size=16)
        profiles[name] = ArticleProfile(
            article_id,
            vector / np.linalg.norm(vector),
            keys,
            day_number(article.published.date),
            article.language,
        )
    clusterer = StoryClusterer(ClusterParams(threshold=2.0))  # nothing joins by content
    place_articles(sqlite_store, clusterer, [profiles[name] for name in FERRY])
    report, account = ids["ferry-report"], ids["ferry-report-en"]
    clusterer.remove(account)
    clusterer.add(profiles["ferry-report-en"], clusterer.story_by_article[report])
    with sqlite_store.transaction():
        sqlite_store.execute(
            "UPDATE story_articles SET story_id = ? WHERE article_id = ?",
            (clusterer.story_by_article[report], account),
        )
    moved = join_by_names(sqlite_store, clusterer, list(ids.values()))
    assert set(moved) == {ids["ferry-wire"], ids["ferry-reply"]}
    story = story_of(sqlite_store, report)
    assert story_of(sqlite_store, ids["ferry-wire"]) == story
    assert story_of(sqlite_store, ids["ferry-aground"]) != story
    assert join_by_names(sqlite_store, clusterer, list(ids.values())) == []


@pytest.mark.slow
def test_naming_stage_joins_the_reply_and_keeps_the_other_ship_apart(tmp_path: Path) -> None:
    """A ferry sinking told by the first wire, a report on the passenger list, its English
    account and the operator's reply land in one story; the grounding of another ship of the
    line, three days later and in the same words, does not."""
    files = FERRY
    with open_store(tmp_path / "ferry.db") as store:
        names = analyse(store, [STORIES_FIXTURES / f"{name}.txt" for name in files])
        stories = {
            Path(name).stem: story_of(store, article_id) for name, article_id in names.items()
        }
    story = stories["ferry-report"]
    assert all(stories[name] == story for name in files[:4]), stories
    assert stories["ferry-aground"] != story
