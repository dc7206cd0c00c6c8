"""A once-only happening (a reopening, a takeover, aircraft joining a fleet) that an article tells
as recent or still to come, years after other dated reports write it down: the article is older
than its date (storyline.provenance.milestones). Every name here is invented."""

from __future__ import annotations

from datetime import date

import pytest

from storyline.provenance.milestones import MilestoneIndex, milestone_check, milestone_mentions
from storyline.provenance.stage import _find_timexes

REPORTS = {
    "en": (
        date(2026, 5, 4),
        "The Harrowby Maritime Museum reopened to visitors in June 2023 after a long "
        "restoration. Keldmoor Shipping took over the Varne ferry line in a 2021 tender.",
    ),
    "tr": (
        date(2026, 5, 4),
        "Keldmoor Denizcilik, Varne feribot hattını 2021 yılında yapılan ihaleyle devralmıştı.",
    ),
    "ar": (
        date(2026, 5, 4),
        "وتشغّل «Fenwick Air Freight» ثلاث طائرات من هذا الطراز منذ انضمامها إلى أسطولها عام 2022.",
    ),
}


def _mentions(text: str, language: str, stated: date):
    return milestone_mentions(text, language, _find_timexes(text, language, stated))


def _check(text: str, language: str, stated: date = date(2026, 5, 6)) -> dict | None:
    index = MilestoneIndex(
        {
            f"report-{lang}": (day, _mentions(body, lang, day))
            for lang, (day, body) in REPORTS.items()
        }
    )
    return milestone_check(stated, "article", text, _mentions(text, language, stated), index)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        # Still to come on its date, three years after the reopening others date.
        ("The Harrowby Maritime Museum will reopen its doors next month, its director said.", "en"),
        # Taken over 'last year' (2025), where the reports say 2021.
        (
            "Varne hattını geçen yıl ihaleyle devralan Keldmoor Denizcilik açıklama yaptı.",
            "tr",
        ),
        # Across languages: the other report's name ties the fleet to this one.
        (
            "Fenwick Air Freight uçağı acil iniş yaptı. "
            "Geçen yıl filomuza katılan uçaklarımızın bakımı tamdır, dedi.",
            "tr",
        ),
    ],
)
def test_a_happening_told_as_recent_years_after_others_date_it_is_evidence(
    text: str, language: str
) -> None:
    evidence = _check(text, language)
    assert evidence is not None
    assert evidence["reason"] == "once-only happening dated years earlier elsewhere"
    assert evidence["happenings"][0]["article_id"].startswith("report-")


@pytest.mark.parametrize(
    ("text", "language"),
    [
        # The same year as the reports: an honest background line.
        ("The Harrowby Maritime Museum, which reopened three years ago, drew record crowds.", "en"),
        # The article writes the time out itself; 'to date' is about something else.
        (
            "Keldmoor Shipping took over the Varne ferry line in 2021 and cut no route to date.",
            "en",
        ),
        # Another thing reopening: no word or name in common.
        ("The Tessaly bakery will reopen next month after a fire, its owner said.", "en"),
        # The same happening, told as recent on a date near the reports' year.
        ("Varne hattını geçen yıl devralan Keldmoor Denizcilik açıklama yaptı.", "tr"),
    ],
)
def test_no_evidence_without_a_happening_dated_years_before(text: str, language: str) -> None:
    stated = date(2022, 3, 1) if "geçen yıl devralan" in text else date(2026, 5, 6)
    assert _check(text, language, stated) is None
