"""Pasted page text: title, clean body and boilerplate, on project-written pages."""

from __future__ import annotations

import pytest

from storyline.ingest.build import build_article
from storyline.ingest.plaintext import extract
from storyline.ingest.run import ingest_paths
from storyline.model import Outlet, RawDocument
from storyline.store.articles import get_article
from storyline.store.readers import article_sentences
from storyline.text.segment import split_sentences
from storyline.text.stage import segment_article

ENGLISH_PAGE = """Harbour talks resume under new mediator

Fishing boats in the old harbour - April 2, 2025 (Coastline Photo)

The two delegations met on Tuesday in the port city and agreed to talk again, officials said.

Share this article

Negotiators from both sides described the meeting as constructive, according to a statement.

Related Stories
1. Earlier talks collapse
2. Ministers trade accusations

Support The Harbour Gazette..
$2 a month keeps us independent..
"""

ARABIC_PAGE = """icon
بث مباشر
استئناف المحادثات في الميناء القديم
2025.04.03 | 09:15 المدينة
استئناف المحادثات في الميناء القديم
صورة أرشيفية - إنترنت
+A
حجم الخط
-A

التقى الوفدان يوم الثلاثاء في المدينة الساحلية واتفقا على مواصلة المحادثات الشهر المقبل.

وقال مصدر مطلع إن الاجتماع كان بناءً وإن الجولة المقبلة ستعقد في العاصمة.

اقرأ أيضاً
انهيار المحادثات السابقة
"""

TURKISH_PAGE = """Limanda görüşmeler yeniden başladı
3 Nisan 2025
Paylaş
İki heyet salı günü liman kentinde bir araya geldi ve görüşmelere devam etmeyi kabul etti.

Yetkililer toplantının yapıcı geçtiğini ve bir sonraki turun başkentte yapılacağını söyledi.

İlgili Haberler
Önceki görüşmeler çöktü
"""


@pytest.mark.parametrize(
    ("page", "title", "first_words", "absent"),
    [
        (
            ENGLISH_PAGE,
            "Harbour talks resume under new mediator",
            "The two delegations",
            ["Share this", "Related", "Support", "Fishing boats", "$2"],
        ),
        (
            ARABIC_PAGE,
            "استئناف المحادثات في الميناء القديم",
            "التقى الوفدان",
            ["icon", "بث مباشر", "حجم الخط", "صورة أرشيفية", "اقرأ أيضاً", "2025.04.03"],
        ),
        (
            TURKISH_PAGE,
            "Limanda görüşmeler yeniden başladı",
            "İki heyet",
            ["Paylaş", "İlgili Haberler", "Önceki görüşmeler", "3 Nisan"],
        ),
    ],
)
def test_plaintext_separates_title_body_and_boilerplate(page, title, first_words, absent):
    extraction = extract(page)
    assert extraction.title == title
    assert not extraction.title_derived
    assert extraction.text.startswith(first_words)
    for fragment in absent:
        assert fragment not in extraction.text
    assert extraction.text.count("\n\n") == 1


def test_plaintext_offsets_point_into_the_original():
    extraction = extract(ENGLISH_PAGE)
    for span in extraction.text_map:
        clean = extraction.text[span.clean_start : span.clean_start + span.length]
        assert ENGLISH_PAGE[span.original_start : span.original_start + span.length] == clean


def test_plaintext_keeps_captions_and_tail_for_later_stages():
    extraction = extract(ENGLISH_PAGE)
    assert extraction.captions == (
        "Fishing boats in the old harbour - April 2, 2025 (Coastline Photo)",
    )
    assert extraction.tail[0] == "Related Stories"
    assert "Support The Harbour Gazette.." in extraction.tail


def test_plaintext_derives_a_title_when_the_page_has_none():
    extraction = extract(
        "The ministry denied that any meeting took place at the port, officials said on Monday. "
        "It added that talks would continue.\n"
    )
    assert extraction.title_derived
    assert extraction.title == "The ministry denied that any meeting took place at the port"


def test_plaintext_drops_lines_repeated_across_a_site():
    page = (
        "Title of the piece here\n\nA long paragraph of text that is about the talks and more.\n\n"
        "Weekly digest from our desk\n\n"
        "Another long paragraph about the talks that continues here.\n"
    )
    kept = extract(page)
    assert "Weekly digest from our desk" in kept.text
    dropped = extract(page, site_lines={"weekly digest from our desk"})
    assert "Weekly digest from our desk" not in dropped.text


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        (
            "ar",
            "وقال د. أحمد سالم إن الاجتماع عقد في الميناء. "
            'وأضاف قال: "لن نتراجع عن شروطنا". ثم غادر.',
            [
                "وقال د. أحمد سالم إن الاجتماع عقد في الميناء.",
                'وأضاف قال: "لن نتراجع عن شروطنا".',
                "ثم غادر.",
            ],
        ),
        (
            "en",
            "Dr. Ana Reed said the delegation arrived on Monday. It left.\n\n"
            'He said: "We will return."',
            [
                "Dr. Ana Reed said the delegation arrived on Monday.",
                "It left.",
                'He said: "We will return."',
            ],
        ),
        (
            "tr",
            "Prof. Dr. Ayşe Kaya toplantının yapıldığını söyledi. Bakanlık yalanladı.",
            ["Prof. Dr. Ayşe Kaya toplantının yapıldığını söyledi.", "Bakanlık yalanladı."],
        ),
    ],
)
def test_plaintext_sentences_with_offsets(language, text, expected):
    sentences = split_sentences(text, language)
    assert [s.text for s in sentences] == expected
    for sentence in sentences:
        assert text[sentence.start : sentence.end] == sentence.text


def test_plaintext_text_stage_stores_sentences_once(sqlite_store, tmp_path):
    page = tmp_path / "page.txt"
    page.write_text(ENGLISH_PAGE, encoding="utf-8")
    [article_id] = ingest_paths(sqlite_store, [page], progress=False).added
    assert (
        segment_article(sqlite_store, article_id) == segment_article(sqlite_store, article_id) == 2
    )
    article = get_article(sqlite_store, article_id)
    for sentence in article_sentences(sqlite_store, article_id):
        assert article.text[sentence.start : sentence.end] == sentence.text


def test_plaintext_masthead_names_the_outlet_only_when_confirmed():
    body = "The two delegations met on Tuesday in the port city and agreed to talk again.\n"
    page = f"Harbour Gazette\nHome\nWorld\n\nTalks resume in the port city\n\n{body}"
    assert _outlet_of(page).name == "Harbour Gazette"
    assert _outlet_of(f"Ana Reed\nShare\n\nTalks resume in the port city\n\n{body}").name is None
    assert _outlet_of(f"Talks resume in the port city\nHome\n\n{body}").name is None
    arabic = (
        "شبكة الساحل\nالرئيسية\nأخبار\n\nاستئناف المحادثات في الميناء\n\n"
        + ARABIC_PAGE.split("-A\n")[1]
    )
    assert _outlet_of(arabic).name == "شبكة الساحل"


def _outlet_of(page: str) -> Outlet:
    return build_article(RawDocument(location="page.txt", original=page, kind="text")).outlet


@pytest.mark.parametrize(
    ("masthead", "headline"),
    [
        ("KPA — Kelmar Press Agency", "Ferry strike halts crossings to the islands"),
        ("TKA - Tuzla Kıyı Ajansı", "Feribot grevi adalara seferleri durdurdu"),
        ("kelmarhaber.net - Bütün haberler burada", "Feribot grevi adalara seferleri durdurdu"),
        ("Harbour Union | Press Office", "Statement on the ferry strike at Kelmar port"),
        ("نبض الساحل | أخبار محلية", "إضراب العبارات يوقف الرحلات إلى الجزر"),
    ],
)
def test_plaintext_headline_is_not_a_masthead_spelt_out(masthead, headline):
    body = (
        "توقفت الرحلات يوم الثلاثاء بعد أن أضرب الطواقم عن العمل، "
        "بحسب ما قالت الشركة المشغلة في بيان."
        if any("\u0600" <= ch <= "\u06ff" for ch in headline)
        else "The crossings stopped on Tuesday after the crews walked out, the operator said in a "
        "statement issued at noon."
    )
    page = f"{masthead}\n\n{headline}\n\n4 March 2026\n\n{body}\n"
    assert extract(page).title == headline
