"""Who held which office when: the cues that someone has left a role, in three languages.

Every person here is invented.
"""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from storyline.model import Article, Outlet, PublishedDate
from storyline.provenance.roles import in_office, left_office


def _article(text: str, language: str) -> Article:
    return Article(
        id="a-1",
        location="page.txt",
        url=None,
        outlet=Outlet(),
        title="",
        language=language,
        language_confidence=1.0,
        published=PublishedDate(),
        text=text,
        original=text,
        text_map=(),
        content_hash="h",
    )


SUCCESSION_EN = (
    "Varga, a former central banker, became governor in 2021, succeeding Ilan Moss, "
    "who left at the end of his second term."
)
REPLACED_BY = (
    "The talks were led by former interior minister Omar Dask, before he was removed in a "
    "reshuffle and succeeded by the current minister, Lena Perrin."
)
SUCCESSION_AR = "وتولى فارغا منصبه في عام 2021 خلفاً لإيلان موس."
SUCCESSION_TR = "Varga, 2021'de görev süresini tamamlayan eski başkan İlan Moss'un yerine gelmişti."


@pytest.mark.parametrize(
    ("text", "language", "person", "left"),
    [
        (SUCCESSION_EN, "en", "Ilan Moss", True),
        (SUCCESSION_EN, "en", "Teo Varga", False),
        (REPLACED_BY, "en", "Omar Dask", True),
        (REPLACED_BY, "en", "Lena Perrin", False),
        (
            "The board removed Dan Orrel in 2024. He was succeeded by former sprinter Mira Tull.",
            "en",
            "Mira Tull",
            False,
        ),
        (
            "Rear Admiral Ivo Sand, who retired in 2021, spoke at the ceremony.",
            "en",
            "Ivo Sand",
            True,
        ),
        ("Foreign Minister Ivo Sand met the delegation on Monday.", "en", "Ivo Sand", False),
        (SUCCESSION_AR, "ar", "إيلان موس", True),
        (SUCCESSION_AR, "ar", "تيو فارغا", False),
        (SUCCESSION_TR, "tr", "İlan Moss", True),
        (SUCCESSION_TR, "tr", "Teo Varga", False),
    ],
)
def test_roles_left_office_reads_who_left_and_who_took_over(text, language, person, left):
    assert bool(left_office(_article(text, language), [person])) is left


@pytest.mark.parametrize(
    ("text", "language", "person", "titled"),
    [
        ("Navy commander Rear Admiral Ivo Sand met the delegation.", "en", "Ivo Sand", True),
        ("İçişleri Bakanı Lale Tan açıklama yaptı.", "tr", "Lale Tan", True),
        # The title is the successor's: the earlier holder is named as her father and founder.
        (
            "Yönetim Kurulu Başkanı Ece Kaya'nın 2022'de babası ve kurucu Orhan Kaya'dan "
            "görevi devraldığı şirket yanıt vermedi.",
            "tr",
            "Orhan Kaya",
            False,
        ),
        (
            "Board chair Ada Lind, who took over from her father, founder Per Lind, in 2022, "
            "did not comment.",
            "en",
            "Per Lind",
            False,
        ),
    ],
)
def test_roles_a_title_belongs_to_the_name_right_after_it(text, language, person, titled):
    assert bool(in_office(_article(text, language), [person])) is titled


def test_roles_a_surname_after_a_known_strangers_given_name_is_theirs():
    # No capitals in Arabic: the given name of another person of the store tells the relative.
    text = "وقالت رئيسة مجلس الإدارة إيجه قايا، التي خلفت والدها أورهان قايا، إن الشركة لم تدفع."
    article = _article(text, "ar")
    assert in_office(article, ["أورهان قايا"])
    assert not in_office(article, ["أورهان قايا"], strangers=frozenset({"ايجه"}))


def _named_the_long_way(text: str, names: list[str]) -> list[tuple[str, int]]:
    """Every token naming the person, read token by token against each surname."""
    from storyline.provenance.roles import SENTENCE, _surnames, _token_keys

    surnames = _surnames(names)
    found = []
    for sentence in SENTENCE.findall(text):
        for index, token in enumerate(sentence.split()):
            word, skeleton_key = _token_keys(token)
            if skeleton_key in surnames or any(
                word == s or (word.endswith(s) and len(word) - len(s) <= 2) for s in surnames
            ):
                found.append((sentence.strip(), index))
    return found


@pytest.mark.parametrize(
    ("text", "language", "person"),
    [
        (SUCCESSION_EN, "en", "Ilan Moss"),
        (SUCCESSION_AR, "ar", "إيلان موس"),
        (SUCCESSION_AR, "ar", "Ilan Moss"),
        (SUCCESSION_TR, "tr", "İlan Moss"),
        ("Mossad and Moss. Vemoss spoke; Moss'un ekibi, وموس and ولموس.", "tr", "Ilan Moss"),
    ],
)
def test_roles_words_index_finds_every_token_naming_the_person(text, language, person):
    from storyline.provenance.roles import _surnames, article_words

    words = article_words(_article(text, language))
    found = [(words.sentences[at][0], index) for at, index in words.naming(_surnames([person]))]
    assert found == _named_the_long_way(text, [person])


def test_roles_office_evidence_reads_each_person_in_the_articles_naming_them(tmp_path):
    from storyline.provenance.roles import office_evidence
    from storyline.store import open_store

    texts = {
        "a-1": "Foreign Minister Ivo Sand met the delegation on Monday.",
        "a-2": "Former foreign minister Ivo Sand, who retired in 2021, was not at the talks.",
        "a-3": "The delegation met Lena Perrin on Monday.",
    }
    articles = {
        article_id: replace(_article(text, "en"), id=article_id)
        for article_id, text in texts.items()
    }
    with open_store(tmp_path / "roles.db") as store, store.transaction():
        for name in ("Ivo Sand", "Lena Perrin"):
            store.execute(
                "INSERT INTO entities (id, name, kind, aliases_json, roles_json) "
                "VALUES (?, ?, 'person', ?, '[]')",
                (name, name, json.dumps([[name, "person"]])),
            )
        offices = office_evidence(store, articles)
    assert set(offices.titled) == {"Ivo Sand"} and list(offices.titled["Ivo Sand"]) == ["a-1"]
    assert list(offices.left["Ivo Sand"]) == ["a-2"]


@pytest.mark.parametrize(
    ("says", "stale"),
    [
        ("Noa Vell took office in 2022 after her predecessor Ivo Sand stepped down.", True),
        ("Noa Vell took office today after her predecessor Ivo Sand stepped down.", False),
        # 'Former' a calling, not an office: no leaving to date.
        ("Under former IMF economist Ivo Sand the bank raised rates eight times in 2022.", False),
    ],
)
def test_roles_a_later_report_dating_the_leaving_years_back_makes_a_title_stale(says, stale):
    """A report dated a day after the article that dates the minister's leaving years before it
    shows the article's 'Foreign Minister' stale; one that tells of a leaving of its own day
    does not."""
    from dataclasses import replace
    from datetime import date

    from storyline.provenance.roles import office_evidence_from, succession_check

    article = replace(
        _article("Foreign Minister Ivo Sand said on Thursday the two men must leave.", "en"),
        published=PublishedDate(date="2026-02-16", estimate="stated"),
    )
    later = replace(
        _article(says, "en"),
        id="a-2",
        published=PublishedDate(date="2026-02-17", estimate="stated"),
    )
    articles = {article.id: article, later.id: later}
    offices = office_evidence_from([["Ivo Sand"]], articles)
    assert bool(succession_check(offices, article, date(2026, 2, 16), articles)) is stale


@pytest.mark.parametrize(
    ("role_here", "stale"),
    [("Deputy Governor", True), ("Governor", False), ("governor", False)],
)
def test_roles_a_title_below_one_held_since_years_back_is_stale(role_here, stale):
    """A report of the same days says Ivo Sand has been governor since 2024: an article of 2026
    calling him deputy governor tells of an earlier time; one calling him governor does not."""
    from dataclasses import replace
    from datetime import date

    from storyline.provenance.roles import tenure_check

    article = replace(
        _article(f"{role_here} Ivo Sand told a news conference the banks had passed.", "en"),
        published=PublishedDate(date="2026-03-09", estimate="stated"),
    )
    other = replace(
        _article(
            "The meeting was chaired by Governor Ivo Sand, who has led the bank since 2024.", "en"
        ),
        id="a-2",
        published=PublishedDate(date="2026-03-09", estimate="stated"),
    )
    roles = [
        {
            "person": "Ivo Sand",
            "role": role_here,
            "others": [{"article_id": "a-2", "role": "Governor"}],
        }
    ]
    articles = {article.id: article, other.id: other}
    found = tenure_check(date(2026, 3, 9), roles, articles, lambda other_id: False)
    assert bool(found) is stale
    assert not tenure_check(date(2026, 3, 9), roles, articles, lambda other_id: True)
