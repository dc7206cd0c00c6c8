"""Time expressions and numbers in English, Arabic and Turkish, and the TempEval-3 scorer."""

from __future__ import annotations

from datetime import date
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import shared_path
from storyline.evals import TASKS
from storyline.evals.timex import GoldTimex, Tally, compare, metrics, read_timeml, run
from storyline.timex import Timex, find_timexes, weekday_beside
from storyline.timex.numbers import find_numbers

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "timex"
ANCHOR = date(2024, 6, 24)  # a Monday


def only(text: str, language: str, anchor: date | None = ANCHOR) -> Timex:
    found = find_timexes(text, language, anchor)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("language", "text", "value", "expression"),
    [
        ("en", "The report is dated July 2, 2026.", "2026-07-02", "July 2, 2026"),
        ("en", "Photo taken on May 9, 2024 (archive)", "2024-05-09", "May 9, 2024"),
        ("en", "Signed on 15 June 2024 in the capital.", "2024-06-15", "15 June 2024"),
        ("en", "Filed Sept. 30, 1989, with the court.", "1989-09-30", "Sept. 30, 1989"),
        ("ar", "2024.06.24 | 10:25 دمشق", "2024-06-24", "2024.06.24"),
        ("ar", "آخر تحديث: 24.06.2024", "2024-06-24", "24.06.2024"),
        ("ar", "بتاريخ ٢٤/٠٦/٢٠٢٤ صباحاً", "2024-06-24", "٢٤/٠٦/٢٠٢٤"),
        ("ar", "وقع الاتفاق في 11 حزيران/يونيو 2024", "2024-06-11", "11 حزيران/يونيو 2024"),
        ("ar", "في 3 كانون الثاني 2023 عقد اللقاء", "2023-01-03", "3 كانون الثاني 2023"),
        ("ar", "أعلن في ١١ يونيو ٢٠٢٤", "2024-06-11", "١١ يونيو ٢٠٢٤"),
        ("ar", "الاثنين 18 ذو الحجة 1445 هـ", "2024-06-24", "الاثنين 18 ذو الحجة 1445 هـ"),
        ("ar", "بدأ الصيام في ١ رمضان ١٤٤٥ه", "2024-03-11", "١ رمضان ١٤٤٥ه"),
        ("tr", "03 Mart 2025 Pazartesi", "2025-03-03", "03 Mart 2025 Pazartesi"),
        ("tr", "Anlaşma 11 Aralık 2023 tarihinde imzalandı.", "2023-12-11", "11 Aralık 2023"),
    ],
)
def test_timex_absolute_dates_per_language(language, text, value, expression):
    dates = [t for t in find_timexes(text, language, None) if t.kind == "DATE"]
    assert len(dates) == 1, dates
    timex = dates[0]
    assert (timex.kind, timex.value, timex.precision) == ("DATE", value, "day")
    assert timex.text == expression
    assert text[timex.start : timex.end] == expression
    assert timex.anchored is False


@pytest.mark.parametrize(
    ("language", "text", "value"),
    [
        ("en", "The paper reported on June 15 that it happened.", "XXXX-06-15"),
        ("ar", "عقدوا اجتماعاً في 11 حزيران الجاري", "XXXX-06-11"),
        ("tr", "Toplantı 11 Haziran'da yapıldı.", "XXXX-06-11"),
    ],
)
def test_timex_yearless_day_keeps_unknown_year_without_anchor(language, text, value):
    timex = only(text, language, None)
    assert timex.value == value
    assert timex.precision == "day"
    assert not timex.anchored


@pytest.mark.parametrize(
    ("language", "text", "weekday"),
    [
        ("en", "Thu 3 Oct | 14:05 GMT", 3),
        ("en", "October 3, Friday", 4),
        ("en", "October 3 | Updated Friday", None),
        ("ar", "الخميس، 3 تشرين الأول | 09:15", 3),
        ("tr", "3 Ekim Perşembe, 12:05 | Gündem", 3),
        ("tr", "3 Ekim, 12:05", None),
    ],
)
def test_timex_weekday_beside_a_date(language, text, weekday):
    timex = next(t for t in find_timexes(text, language, None) if t.kind == "DATE")
    assert weekday_beside(text, timex.start, timex.end, language) == weekday


@pytest.mark.parametrize(
    ("language", "text", "value", "precision"),
    [
        ("en", "The paper reported on June 15 that it happened.", "2024-06-15", "day"),
        ("en", "They met last year in the capital.", "2023", "year"),
        ("en", "A summit is planned for next year.", "2025", "year"),
        ("en", "The talks resumed earlier this month.", "2024-06", "month"),
        ("en", "The strike happened two days ago.", "2024-06-22", "day"),
        ("en", "He arrived yesterday.", "2024-06-23", "day"),
        ("en", "The ministers met in May last year.", "2023-05", "month"),
        ("en", "The operation has been delayed since last May.", "2024-05", "month"),
        ("en", "The ministers met on Thursday.", "2024-06-20", "day"),
        ("en", "The ministers will meet on Thursday.", "2024-06-27", "day"),
        ("en", "The ministers met in December.", "2023-12", "month"),
        ("ar", "عقدوا اجتماعاً في 11 حزيران الجاري", "2024-06-11", "day"),
        ("ar", "رعته روسيا وإيران العام الماضي", "2023", "year"),
        ("ar", "وصل الوفد أمس إلى العاصمة", "2024-06-23", "day"),
        ("ar", "وقع الحادث قبل يومين", "2024-06-22", "day"),
        ("ar", "قال إن اللقاء عقد قبل ثلاثة أيام", "2024-06-21", "day"),
        ("ar", "ارتفعت الأسعار خلال الشهر الجاري", "2024-06", "month"),
        ("ar", "التقيا في أيار من العام الماضي", "2023-05", "month"),
        ("ar", "التقيا يوم الخميس الماضي", "2024-06-20", "day"),
        ("tr", "Bakan dün açıklama yaptı.", "2024-06-23", "day"),
        ("tr", "Geçen yıl seçim yapıldı.", "2023", "year"),
        ("tr", "Saldırı iki gün önce gerçekleşti.", "2024-06-22", "day"),
        ("tr", "Fiyatlar önümüzdeki ay artacak.", "2024-07", "month"),
        ("tr", "Geçen hafta toplandılar.", "2024-W25", "week"),
        ("tr", "Bakan perşembe günü Ankara'ya gidecek.", "2024-06-27", "day"),
        ("tr", "Bakan perşembe günü Ankara'ya gitti.", "2024-06-20", "day"),
        ("ar", "قال الوزير إنه سوف يزور أنقرة يوم الخميس", "2024-06-27", "day"),
    ],
)
def test_timex_relative_dates_resolve_against_anchor(language, text, value, precision):
    timex = only(text, language)
    assert (timex.value, timex.precision) == (value, precision)
    assert timex.anchored


@pytest.mark.parametrize(
    ("language", "text", "value", "first", "last", "mod"),
    [
        ("en", "It was signed in early June.", "2024-06", "2024-06-01", "2024-06-10", "START"),
        ("en", "It was signed in mid-May.", "2024-05", "2024-05-11", "2024-05-20", "MID"),
        ("en", "It grew in the first half of 2025.", "2025-H1", "2025-01-01", "2025-06-30", None),
        ("ar", "وقع الاتفاق مطلع حزيران", "2024-06", "2024-06-01", "2024-06-10", "START"),
        ("ar", "وقع الاتفاق في أواخر العام الماضي", "2023", "2023-09-01", "2023-12-31", "END"),
        (
            "tr",
            "Anlaşma Haziran başında imzalandı.",
            "2024-06",
            "2024-06-01",
            "2024-06-10",
            "START",
        ),
    ],
)
def test_timex_parts_of_periods_carry_a_range(language, text, value, first, last, mod):
    timex = only(text, language)
    assert (timex.value, timex.range, timex.mod) == (value, (first, last), mod)


@pytest.mark.parametrize(
    ("language", "text", "first", "last"),
    [
        ("en", "They met last week.", "2024-06-17", "2024-06-23"),
        ("en", "Profits fell in the third quarter of 2023.", "2023-07-01", "2023-09-30"),
        ("en", "a fashion of the 1990s", "1990-01-01", "1999-12-31"),
        ("ar", "ارتفعت الأسعار خلال الشهر الجاري", "2024-06-01", "2024-06-30"),
        ("tr", "Geçen yıl seçim yapıldı.", "2023-01-01", "2023-12-31"),
    ],
)
def test_timex_calendar_values_carry_the_days_they_cover(language, text, first, last):
    assert only(text, language).range == (first, last)


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "The two leaders met a few days ago."),
        ("ar", "التقى الزعيمان منذ أيام"),
        ("tr", "İki lider birkaç gün önce görüştü."),
    ],
)
def test_timex_vague_past_is_a_range_before_the_anchor(language, text):
    timex = only(text, language)
    assert timex.value == "PAST_REF"
    assert timex.range is not None
    first, last = (date.fromisoformat(day) for day in timex.range)
    assert first < last < ANCHOR


@pytest.mark.parametrize(
    ("language", "text", "value"),
    [
        ("en", "The mediation lasted about two weeks.", "P2W"),
        ("en", "a five-year plan", "P5Y"),
        ("en", "It took several years.", "PXY"),
        ("en", "over two decades", "P20Y"),
        ("ar", "استمرت الوساطة أسبوعين", "P2W"),
        ("ar", "استمرت الحرب ثلاث سنوات", "P3Y"),
        ("tr", "Ziyaret üç gün sürecek.", "P3D"),
    ],
)
def test_timex_durations(language, text, value):
    timex = only(text, language)
    assert (timex.kind, timex.value) == ("DURATION", value)


@pytest.mark.parametrize(
    ("language", "text", "value", "precision"),
    [
        ("en", "Borders have been closed since 2011.", "2011", "year"),
        ("en", "The ministers met in December 2022.", "2022-12", "month"),
        ("en", "a fashion of the 1990s", "199", "decade"),
        ("ar", "منذ عام 2011", "2011", "year"),
        ("ar", "في تسعينيات القرن الماضي", "199", "decade"),
        ("ar", "التقى الوزيران في كانون الأول 2022", "2022-12", "month"),
        ("tr", "2011'den beri süren savaş", "2011", "year"),
        ("tr", "1990'lı yıllarda", "199", "decade"),
    ],
)
def test_timex_years_months_and_decades(language, text, value, precision):
    timex = only(text, language)
    assert (timex.value, timex.precision, timex.anchored) == (value, precision, False)


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("ar", "وصل الوفد قبل يومين من الاجتماع"),
        ("tr", "Heyet toplantıdan iki gün önce geldi."),
    ],
)
def test_timex_counts_from_an_event_are_not_dates(language, text):
    assert [t.kind for t in find_timexes(text, language, ANCHOR)] == ["DURATION"]


@pytest.mark.parametrize(
    ("language", "text", "value", "mod"),
    [
        ("en", "The law passed more than a year ago.", "2023", "MORE_THAN"),
        ("ar", "صدر القانون قبل نحو شهر", "2024-05", "APPROX"),
        ("ar", "صدر القانون منذ أكثر من عام", "2023", "MORE_THAN"),
        ("tr", "Yasa yaklaşık iki yıl önce çıktı.", "2022", "APPROX"),
    ],
)
def test_timex_approximate_counts_back_from_the_anchor(language, text, value, mod):
    timex = only(text, language)
    assert (timex.value, timex.mod) == (value, mod)


def test_timex_relative_expressions_need_an_anchor():
    assert find_timexes("They met yesterday and last year.", "en", None) == []


@pytest.mark.parametrize(
    ("language", "word_text", "month_text", "value"),
    [
        ("en", "The talks may resume.", "The talks resumed in May.", "2024-05"),
        ("ar", "مارس الضغط على الحكومة", "وصل الوفد في مارس", "2024-03"),
        ("tr", "Tarlada ekim yapıldı.", "Seçim Ekim'de yapıldı.", "2023-10"),
    ],
)
def test_timex_month_names_that_are_also_words(language, word_text, month_text, value):
    assert find_timexes(word_text, language, ANCHOR) == []
    assert only(month_text, language).value == value


def test_timex_times_of_day_keep_the_anchor_day():
    timex = only("The blast came at 10:35 a.m. local time.", "en")
    assert (timex.kind, timex.value) == ("TIME", "2024-06-24T10:35")


def test_timex_matches_do_not_overlap_and_point_into_the_text():
    text = "On June 11, two days before the vote of 15 June 2024, they met for three hours."
    found = find_timexes(text, "en", ANCHOR)
    for timex in found:
        assert text[timex.start : timex.end] == timex.text
    for left, right in pairwise(found):
        assert left.end <= right.start
    assert [t.value for t in found] == ["2024-06-11", "P2D", "2024-06-15", "PT3H"]


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("en", "Turkey set four conditions", [4]),
        ("en", "twenty-five people and one hundred and five cars", [25, 105]),
        ("en", "1,200 troops and 3.5 million dollars", [1200, 3_500_000]),
        ("ar", "وضعت تركيا ثلاثة شروط", [3]),
        ("ar", "٣ شروط و١٢٫٥ بالمئة", [3, 12.5]),
        ("ar", "خمسة وعشرون جندياً", [25]),
        ("tr", "Türkiye üç şart koydu", [3]),
        ("tr", "1.200 asker ve 3,5 milyon lira", [1200, 3_500_000]),
        ("tr", "iki bin yirmi dört", [2024]),
        # Two units side by side are a range, not a sum of five.
        ("tr", "onarım iki-üç gün sürecek", []),
        ("en", "two three-room flats", []),
    ],
)
def test_numbers_across_scripts_and_words(language, text, expected):
    found = find_numbers(text, language)
    assert [value for _, _, value, _ in found] == expected
    for start, end, _, written in found:
        assert text[start:end] == written


def test_numbers_same_value_whatever_the_script():
    values = {
        find_numbers(text, language)[0][2]
        for text, language in (
            ("three", "en"),
            ("ثلاثة", "ar"),
            ("üç", "tr"),
            ("٣", "ar"),
            ("3", "en"),
        )
    }
    assert values == {3}


def test_numbers_turkish_article_is_not_one():
    assert find_numbers("Bakan bir açıklama yaptı.", "tr") == []


def test_eval_timex_is_registered():
    assert TASKS["timex"] == "storyline.evals.timex:run"


def test_eval_timex_reads_timeml_text_creation_time_and_gold():
    document = read_timeml(FIXTURES / "velmora_harbour.tml")
    assert document.creation == date(2031, 3, 14)
    assert "ferry & its crew" in document.text
    assert [(g.text, g.value) for g in document.timexes][:2] == [
        ("Tuesday", "2031-03-11"),
        ("June 2031", "2031-06"),
    ]
    for gold in document.timexes:
        assert document.text[gold.start : gold.end] == gold.text


def test_eval_timex_scorer_arithmetic():
    text = "On Friday and in May, now."
    gold = [
        GoldTimex(3, 9, "DATE", "2031-03-14", "Friday"),
        GoldTimex(17, 20, "DATE", "2031-05", "May"),
        GoldTimex(22, 25, "DATE", "PRESENT_REF", "now"),
    ]
    found = [
        Timex("DATE", "2031-03-14", "day", "On Friday", 0, 9),  # relaxed only, right value
        Timex("DATE", "2030-05", "month", "May", 17, 20),  # strict, wrong value
        Timex("DATE", "2031", "year", "and", 10, 13),  # matches nothing
    ]
    tally, errors = compare(text, gold, found)
    assert tally == Tally(gold=3, system=3, strict=1, relaxed=2, value=1, kind=2)
    scores = metrics(tally)
    assert scores["relaxed_f1"] == pytest.approx(2 / 3, abs=1e-4)
    assert scores["strict_f1"] == pytest.approx(1 / 3, abs=1e-4)
    assert scores["value_f1"] == pytest.approx(1 / 3, abs=1e-4)
    assert {"miss": "now", "gold": "PRESENT_REF", "doc": ""} in errors


def test_eval_timex_runs_on_a_timeml_folder():
    scores = run(FIXTURES, progress=False)
    # 8 gold, 8 found: 'the harbour centenary' is missed, 'now' is not annotated, 'two weeks
    # ago' overlaps a gold 'two weeks' with another value and type, and '1990s' is matched
    # by 'the 1990s' relaxed only.
    assert (scores["gold"], scores["system"]) == (8, 8)
    assert scores["relaxed_f1"] == pytest.approx(0.875)
    assert scores["value_f1"] == pytest.approx(0.75)
    assert scores["strict_f1"] == pytest.approx(0.625)


PIECES = [
    "May", "June", "11", "2024", "last", "next", "year", "ago", "two", "a few", "days",
    "حزيران", "الجاري", "قبل", "يومين", "أمس", "منذ", "عام", "Haziran'da", "geçen", "yıl",
    "önce", "iki", "Pazartesi", "the", "of", "early", "mid-", "1990s", "'98", "12/31/99",
    "2024.06.24", "10:25", "a.m.", "٣", "١١", "quarter", "third", "Monday", "night", "31",
    "32", "999999", "-", "/", ".", "\n", "’", "ı", "İ", "decades", "hundred", "ثلاثة", "و",
    "üç", "bin", "twenty", "-five", "Christmas", "fall", "الماضي", "مطلع", "başında",
]  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(
    pieces=st.lists(st.sampled_from(PIECES), min_size=1, max_size=12),
    separator=st.sampled_from([" ", "", ", "]),
    language=st.sampled_from(["en", "ar", "tr", "fr"]),
    anchor=st.sampled_from([None, ANCHOR, date(2000, 2, 29)]),
)
def test_timex_never_fails_and_spans_point_into_the_text(pieces, separator, language, anchor):
    text = separator.join(pieces)
    found = find_timexes(text, language, anchor)
    for timex in found:
        assert text[timex.start : timex.end] == timex.text
    for left, right in pairwise(found):
        assert left.end <= right.start
    for start, end, _, written in find_numbers(text, language):
        assert text[start:end] == written


# Quality gate: the development scores must not fall below these (measured 0.765 / 0.797).
TEMPEVAL_FLOORS = {"AQUAINT": 0.75, "TimeBank": 0.78}


@pytest.mark.parametrize("part", sorted(TEMPEVAL_FLOORS))
def test_eval_timex_tempeval3_value_f1_floor(part):
    scores = run(shared_path("bench", "tempeval3", part), progress=False)
    assert scores["value_f1"] >= TEMPEVAL_FLOORS[part]
    assert scores["relaxed_f1"] >= 0.9
