"""A time spoken of as still to come, long before an article's stated date: the article is older
than its date (storyline.provenance.plans)."""

from __future__ import annotations

from datetime import date

import pytest

from storyline.provenance.plans import plan_date_check, span_end
from storyline.provenance.stage import _find_timexes

STATED = date(2026, 4, 14)


def check(text: str, language: str, stated: date = STATED) -> dict | None:
    return plan_date_check(stated, text, language, _find_timexes(text, language, stated))


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (
            "The mayor said the ferry terminal, due to open in autumn 2023, would end the queues.",
            "en",
        ),
        ("Officials expect the second reactor to be completed by March 2024.", "en"),
        ("Belediye Başkanı, yeni köprünün 2024 yılında hizmete açılacağını söyledi.", "tr"),
        ("وقال الوزير إن من المقرر أن يفتتح المستشفى الجديد في ربيع 2023.", "ar"),
        # A cue written with its vowel marks reads as the bare one.
        ("ويُتوقع أن يكتمل تجديد الميناء بحلول عام 2023، بحسب الهيئة.", "ar"),
    ],
)
def test_a_plan_for_a_time_long_past_is_evidence(text: str, language: str) -> None:
    evidence = check(text, language)
    assert evidence is not None
    assert evidence["reason"] == "plan for a time long past"
    assert evidence["stated"] == STATED.isoformat()


@pytest.mark.parametrize(
    ("text", "language"),
    [
        # The plan is told as past: it slipped, it was once due.
        ("The terminal, which was due to open in autumn 2023, has been delayed again.", "en"),
        ("Köprünün 2023 yılında açılması planlanmıştı, ancak inşaat durdu.", "tr"),
        ("وكان من المقرر أن يفتتح المستشفى في ربيع 2023 لكن العمل توقف.", "ar"),
        ("وكان يُتوقع أن يكتمل تجديد الميناء في عام 2023 لكنه تأخر.", "ar"),
        # The year belongs to another clause than the future verb.
        ("Dray, who founded the firm in 2009, said prices would fall.", "en"),
        ("The chair, in office since 2021, told reporters the board would meet.", "en"),
        # The time still lies ahead of, or close to, the stated date.
        ("The terminal is due to open in autumn 2026.", "en"),
        ("The works were expected to end in 2025, and the terminal will open soon.", "en"),
    ],
)
def test_no_evidence_without_a_plan_long_past(text: str, language: str) -> None:
    assert check(text, language) is None


def test_a_language_without_plan_words_gives_no_evidence() -> None:
    assert check("Le terminal ouvrira en 2023.", "fr") is None


@pytest.mark.parametrize(
    ("value", "last_day"),
    [
        ("2023", date(2023, 12, 31)),
        ("2024-02", date(2024, 2, 29)),
        ("2023-12", date(2023, 12, 31)),
        ("2023-05-04", date(2023, 5, 4)),
        ("2023-SP", date(2023, 12, 31)),
        ("PRESENT_REF", None),
    ],
)
def test_a_written_time_ends_on_its_last_possible_day(value: str, last_day: date | None) -> None:
    assert span_end(value) == last_day


def test_a_plan_word_with_short_vowels_is_read() -> None:
    # 'ويُتوقع': the damma must not cut the word in two.
    evidence = check("ويُتوقع أن تكتمل كهربة خط الساحل بحلول عام 2023، بحسب الهيئة.", "ar")
    assert evidence is not None
    assert evidence["plans"][0]["time"] == "عام 2023"


@pytest.mark.parametrize(
    ("text", "language", "flagged"),
    [
        # 9 March 2026 is a Monday: the weekday pins the year, five weeks before the date.
        ("The ferry service will resume from next Monday, March 9, the port said.", "en", True),
        ("Feribot seferleri önümüzdeki pazartesi, 9 Mart'ta yeniden başlayacak.", "tr", True),
        # Told as past, or still ahead of the date: no evidence.
        ("The ferry service resumed on Monday, March 9, the port said.", "en", False),
        ("The ferry service will resume on Monday, April 20, the port said.", "en", False),
        # No weekday: 'March 9' may be next year's.
        ("The ferry service will resume on March 9, the port said.", "en", False),
    ],
)
def test_a_day_its_weekday_pins_told_as_to_come_weeks_before_the_date(
    text: str, language: str, flagged: bool
) -> None:
    evidence = check(text, language)
    assert (evidence is not None) == flagged
