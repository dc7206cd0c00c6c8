"""Attribution chains the rules once missed: ranks between role and name, appositives, outlets
spoken to, cited sources after the verb, words written with shadda. Fictional sentences."""

from __future__ import annotations

import pytest

from storyline.claims.model import Discourse
from storyline.claims.stage import analyse_sentence
from storyline.ner.tagger import tokenize


def _chains(language: str, sentence: str, own: str | None = None):
    state = Discourse(own_outlet=own)
    return [
        (sentence[f.start : f.end], [(link.name, link.kind, link.role) for link in f.chain])
        for f in analyse_sentence(sentence, language, state)
    ]


@pytest.mark.parametrize(
    ("language", "sentence", "own", "expected"),
    [
        (
            "ar",
            "وقال مدير الميناء العقيد رامي قنديل إن السفن رست صباح اليوم.",
            None,
            [("السفن رست صباح اليوم", [("رامي قنديل", "person", "مدير الميناء")])],
        ),
        (
            "ar",
            "ووصل الوفد إلى المرفأ مساء أمس، بحسب ما نقلته وكالة أنباء الوادي عن مصدر في البلدية.",
            None,
            [
                (
                    "وصل الوفد إلى المرفأ مساء أمس",
                    [("وكالة أنباء الوادي", "outlet", None), ("مصدر في البلدية", "unnamed", None)],
                )
            ],
        ),
        (
            "ar",
            "وحسبما نقلت وكالة أنباء الوادي، فإن الوفد وصل إلى المرفأ.",
            None,
            [("الوفد وصل إلى المرفأ", [("وكالة أنباء الوادي", "outlet", None)])],
        ),
        (
            "tr",
            "Karaova Başsavcıvekili Leyla Soylu, soruşturmanın sürdüğünü açıkladı.",
            None,
            [("soruşturmanın sürdüğünü", [("Leyla Soylu", "person", "Karaova Başsavcıvekili")])],
        ),
        (
            "tr",
            "Bir basın toplantısı düzenleyen Tepeli Valisi Orhan Sezer köprünün yarın "
            "açılacağını söyledi.",
            None,
            [("köprünün yarın açılacağını", [("Orhan Sezer", "person", "Tepeli Valisi")])],
        ),
        (
            "en",
            "The Harbour Lamp reported, citing sources within the dockers' union leadership, "
            "that the strike would end on Monday.",
            None,
            [
                (
                    "the strike would end on Monday",
                    [
                        ("Harbour Lamp", "outlet", None),
                        ("sources within the dockers' union leadership", "unnamed", None),
                    ],
                )
            ],
        ),
        (
            "en",
            "The Harbour Lamp reported that the strike would end on Monday, citing sources "
            "within the dockers' union leadership.",
            None,
            [
                (
                    "the strike would end on Monday",
                    [
                        ("Harbour Lamp", "outlet", None),
                        ("sources within the dockers' union leadership", "unnamed", None),
                    ],
                )
            ],
        ),
    ],
)
def test_claims_chains_missed_shapes(language, sentence, own, expected):
    assert _chains(language, sentence, own) == expected


@pytest.mark.parametrize(
    ("plain", "marked"),
    [
        (
            "وأكد وزير النقل رامي قنديل أن السفن رست صباح اليوم.",
            "وأكّد وزير النقل رامي قنديل أنّ السفن رست صباح اليوم.",
        ),
        (
            "وقال المتحدث باسم الميناء إن السفن رست صباح اليوم.",
            "وقال المتحدث باسم الميناء إنّ السفن رست صباح اليوم.",
        ),
    ],
)
def test_claims_arabic_marks_change_no_chain(plain, marked):
    """Shadda and short vowels change neither the chain nor what the claim covers."""
    unmarked = _chains("ar", plain)
    with_marks = _chains("ar", marked)
    assert [chain for _, chain in with_marks] == [chain for _, chain in unmarked]
    assert [text.replace("ّ", "") for text, _ in with_marks] == [text for text, _ in unmarked]


def test_ner_tokens_keep_shadda_inside_the_word():
    tokens = [token.group() for token in tokenize("وقال سامي حدّاد إنّ الطريق مغلق.")[0]]
    assert tokens == ["وقال", "سامي", "حدّاد", "إنّ", "الطريق", "مغلق", "."]
