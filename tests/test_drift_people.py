"""Drift in who: names matched across scripts, renamed people, changed roles and cited sources."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from storyline.alignment.drift import cited_source_drift
from storyline.alignment.offices import different_offices, offices, source_fields
from storyline.alignment.people import (
    first_role,
    mentions,
    name_changes,
    respelled_people,
    role_changes,
)
from storyline.alignment.sources import named_source_change, outlet_change, same_outlet
from storyline.alignment.transliteration import near, renamed, transliterated


def _claim(
    text: str,
    language: str,
    entities: list[tuple[str, str]] = (),  # type: ignore[assignment]
    sources: list[tuple[str, str]] = (),  # type: ignore[assignment]
) -> dict[str, Any]:
    return {
        "id": f"c-{abs(hash(text)) % 10**8}",
        "article_id": f"a-{language}",
        "text": text,
        "span": [0, len(text)],
        "language": language,
        "entities": [{"text": name, "kind": kind} for name, kind in entities],
        "attribution": [{"name": "Own Outlet", "kind": "outlet", "implicit": True}]
        + [{"name": name, "kind": kind} for name, kind in sources],
        "numbers": [],
    }


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Karim Haddad", "كريم حداد"),
        ("Nuri Özdağ", "Nuri Ozdag"),
        ("Münir Cabbar", "منير جبار"),
        ("Tulin al-Sabbagh", "تولين الصبّاغ"),
        ("Gerrit Ledgeway", "غيريت ليدجواي"),
    ],
)
def test_transliteration_matches_one_name_across_scripts(a: str, b: str) -> None:
    assert transliterated(a, b)


def test_transliteration_tells_a_renamed_person_and_a_misspelt_name() -> None:
    assert renamed("سلمى قاسم", "Lina Qasim")
    assert not renamed("Salma Qasim", "سلمى قاسم")
    assert near("Torvax Holding", "تورفاس")
    assert not near("Torvax", "Delmora")


@pytest.mark.parametrize(
    ("a", "language_a", "b", "language_b", "differ"),
    [
        ("director of the crossing", "en", "İçişleri Bakan Yardımcısı", "tr", True),
        ("رئيسة وحدة الرقابة", "ar", "deputy minister", "en", True),
        ("نائب وزير", "ar", "Bakan Yardımcısı", "tr", False),
        ("foreign minister", "en", "Dışişleri Bakanı", "tr", False),
        ("Liman Başkanı", "tr", "ship's captain", "en", True),
        # A deputy is not the office it stands in for.
        ("Deputy Transport Minister", "en", "وزير النقل", "ar", True),
        ("Bölge Müdürü", "tr", "نائب المدير العام", "ar", True),
        ("shift engineer", "en", "Maden Müdürü", "tr", True),
    ],
)
def test_offices_compare_roles_across_languages(
    a: str, language_a: str, b: str, language_b: str, differ: bool
) -> None:
    assert different_offices(offices(a, language_a), offices(b, language_b)) is differ


def test_a_role_is_read_around_a_name_in_either_script() -> None:
    original = "وقال مدير الميناء كريم حداد إن السفينة غادرت. وأضاف حداد أن الطاقم بخير."
    rendering = "Deputy Transport Minister Karim Haddad said the ship had left."
    found = role_changes(original, rendering, "ar", "en", ["Karim Haddad"])
    assert [(f["aspect"], f["from_value"], f["to_value"]) for f in found] == [
        ("role", "مدير الميناء", "Deputy Transport Minister")
    ]
    same = "Port director Karim Haddad said the ship had left."
    assert not role_changes(original, same, "ar", "en", ["Karim Haddad"])


def test_a_role_is_read_past_titles_worn_before_the_name() -> None:
    original = "The thesis of the academy's director, Professor Karim Haddad, was reviewed."
    rendering = "راجعت اللجنة أطروحة نائب مدير الأكاديمية الأستاذ الدكتور كريم حداد."
    found = role_changes(original, rendering, "en", "ar", ["Karim Haddad"])
    assert [(f["from_value"], f["to_value"]) for f in found] == [
        ("director", "نائب مدير الأكاديمية الأستاذ الدكتور")
    ]


@pytest.mark.parametrize(
    ("a", "language_a", "b", "language_b"),
    [
        ("مصدر في خفر السواحل", "ar", "Liman Başkanlığı'ndan bir yetkili", "tr"),
        ("one of the museum guards", "en", "a police spokesman", "en"),
        ("مصادر في المطار", "ar", "a civil aviation authority official", "en"),
    ],
)
def test_cited_sources_of_different_services_name_disjoint_fields(
    a: str, language_a: str, b: str, language_b: str
) -> None:
    fields_a, fields_b = source_fields(a, language_a), source_fields(b, language_b)
    assert fields_a and fields_b and not fields_a & fields_b


def test_a_mention_needs_a_long_word_or_two_words_of_the_name() -> None:
    assert mentions("Samir Qandil", "قال قنديل إن")
    assert not mentions("Lin Bo", "قال لبنى إن")


def test_a_person_put_in_place_of_another_is_a_changed_entity() -> None:
    original = _claim(
        "Oruç Demirel, the club's director, paid the referee Ferhat Tunalı",
        "en",
        [("Oruç Demirel", "person"), ("Ferhat Tunalı", "person")],
    )
    rendering = _claim(
        "دفع أوروتش دميرل للحكم سنان كيليتش",
        "ar",
        [("أوروتش دميرل", "person"), ("سنان كيليتش", "organization")],
    )
    people = ["Oruç Demirel", "Ferhat Tunalı", "Sinan Kılıç"]
    found = name_changes(original, rendering, people)
    assert [(f["from_value"], f["to_value"]) for f in found] == [("Ferhat Tunalı", "سنان كيليتش")]
    kept = _claim("دفع أوروتش دميرل للحكم فرحات تونالي", "ar", [("فرحات تونالي", "person")])
    assert not name_changes(original, kept, people)


def test_a_cited_outlet_replaced_by_another_is_a_changed_source() -> None:
    original = _claim(
        "Prices rose 12 per cent, the Herald reported", "en", [], [("Herald", "outlet")]
    )
    rendering = _claim("ارتفعت الأسعار 12 في المئة، بحسب وكالة فالكون للأنباء", "ar")
    assert outlet_change(original, rendering) == {
        "aspect": "source",
        "from_value": "Herald",
        "to_value": "فالكون للأنباء",
    }
    same = _claim("ارتفعت الأسعار 12 في المئة، بحسب صحيفة هيرالد", "ar")
    assert outlet_change(original, same) is None
    assert same_outlet("Falcon News Agency", "فالكون للأنباء")


def test_a_named_source_told_as_an_unnamed_one_is_a_changed_source() -> None:
    original = _claim(
        "The deal was signed on Monday", "en", [], [("Minister Idris Salem", "person")]
    )
    rendering = _claim("وُقّع الاتفاق يوم الاثنين", "ar", [], [("مصدر في الوزارة", "unnamed")])
    change = named_source_change(original, rendering)
    assert change and change["from_value"] == "Minister Idris Salem"
    described = _claim("وُقّع الاتفاق", "ar", [], [("مصدر مقرب من إدريس سالم", "unnamed")])
    assert named_source_change(original, described) is None


def test_likest_passages_citing_sources_of_fields_that_share_nothing_changed_source() -> None:
    named = _claim("Delta Pipeline Company (DPC) will build the line", "en")
    original = _claim("The line runs 900 km", "en", [], [("two DPC officials", "unnamed")])
    rendering = _claim("Hat 900 kilometre", "tr", [], [("Bakanlık kaynakları", "unnamed")])
    company = _claim("Hattı DPC inşa edecek", "tr", [], [("DPC yöneticisi", "unnamed")])
    similarity = np.array([[0.2, 0.8], [0.9, 0.1]])  # rendering claims x original claims
    found = cited_source_drift([named, original], [rendering, company], similarity)
    assert [(f["from_value"], f["to_value"]) for f, _ in found] == [
        ("two DPC officials", "Bakanlık kaynakları")
    ]
    unlike = np.array([[0.2, 0.6], [0.9, 0.1]])
    assert not cited_source_drift([named, original], [rendering, company], unlike)


def test_a_name_spelt_otherwise_throughout_a_rendering_is_a_changed_entity() -> None:
    original = "Two workers, Deniz Arslan and Paolo Vicente, were freed. Vicente is 36."
    rendering = "İki işçi, Deniz Arslan ve Paolo Vicenze, serbest bırakıldı."
    people = ["Deniz Arslan", "Paolo Vicente", "Paolo Vicenze"]
    found = respelled_people(original, rendering, people)
    assert [(f["from_value"], f["to_value"]) for f in found] == [("Paolo Vicente", "Paolo Vicenze")]
    other_person = "İki işçi, Deniz Arslan ve Paolo Serrano, serbest bırakıldı."
    assert not respelled_people(original, other_person, [*people, "Paolo Serrano"])


def test_a_role_may_name_a_place_between_the_office_and_the_person() -> None:
    original = "وقال محافظ إقليم تالسا رامي غنام إن المياه انحسرت."
    rendering = (
        "Rami Ghannam, director of civil defence for Talsa province, said the water receded."
    )
    found = role_changes(original, rendering, "ar", "en", ["Rami Ghannam"])
    assert [(f["from_value"], f["to_value"]) for f in found] == [
        ("محافظ إقليم تالسا", "director of civil defence for Talsa province")
    ]


def test_a_level_of_government_alone_is_no_role() -> None:
    text = "Kurul Başkanı Hakim Ece Tan, ilçedeki sandıkların sayımına karar verdi."
    assert not role_changes(text, "Ece Tan, ilçedeki sandıkları saydı.", "tr", "tr", ["Ece Tan"])


@pytest.mark.parametrize(
    ("text", "language", "role"),
    [
        # A one-word trade before the name is worn as a title: the apposition is the role.
        (
            "The inspection was led by engineer Dana Werth, the agency's deputy director.",
            "en",
            "the agency's deputy director",
        ),
        ("قاد الفحص المهندسة دانة فرث، نائبة مدير الهيئة.", "ar", "نائبة مدير الهيئة"),
        # Without an apposition naming an office, the word before the name is the role.
        (
            "The inspection was led by shift engineer Dana Werth, who has worked there for years.",
            "en",
            "engineer",
        ),
        # A role of more words before the name outranks the apposition.
        (
            "The inspection was led by deputy director Dana Werth, a chemical engineer.",
            "en",
            "deputy director",
        ),
    ],
)
def test_first_role_an_apposition_outranks_a_one_word_title(text, language, role) -> None:
    found = first_role("Dana Werth" if language == "en" else "دانة فرث", text, language)
    assert found is not None and found.phrase == role


def test_drift_people_role_set_off_before_the_name_may_stand_further_back():
    from storyline.alignment.people import first_role

    text = "وقال مدير المختبر المركزي في الهيئة، الدكتور سامر النحاس، إن العينات سحبت."
    role = first_role("سامر النحاس", text, "ar")
    assert role is not None and role.phrase.startswith("مدير")


def test_drift_people_a_name_written_as_two_words_in_the_other_script():
    from storyline.alignment.people import first_role, mentions

    arabic = "وبين المطرودين الملحق العسكري في السفارة، العقيد بولات قايا أوغلو، بحسب المصدر."
    turkish = "Sınır dışı edilenler arasında büyükelçiliğin müsteşarı Bolat Kayaoğlu da bulunuyor."
    assert mentions("Bolat Kayaoğlu", arabic)
    assert mentions("بولات قايا أوغلو", turkish)
    role = first_role("Bolat Kayaoğlu", arabic, "ar")
    assert role is not None and "attache" in set().union(*role.offices)
