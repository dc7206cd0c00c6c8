"""Publication dates: stated by a dateline, inferred from captions, or only bounded."""

from __future__ import annotations

from datetime import date

import pytest

from conftest import shared_path
from storyline.ingest.dates import publication_date, resolve_yearless
from storyline.ingest.language import detect_language
from storyline.ingest.plaintext import extract
from storyline.ingest.run import ingest_paths
from storyline.model import PublishedDate
from storyline.store.articles import list_articles

UNKNOWN = PublishedDate()


def dated(original: str, language: str | None = None) -> PublishedDate:
    extraction = extract(original)
    language = language or detect_language(extraction.text)[0]
    return publication_date(
        UNKNOWN, extraction.header, extraction.captions, extraction.text, language
    )


# Fictional pages written for these tests: invented towns, people and events.
ENGLISH_DATELINE = """Harbour council approves new ferry line

March 3, 2031

The harbour council of Velmora approved a new ferry line on Tuesday after a long debate.

Council members said the first boats would sail in the spring, once the pier repairs end.
"""

ARABIC_DATELINE_AND_UPDATE = """مجلس المرفأ يقر خطاً جديداً للعبارات

آخر تحديث: 05.03.2031 | 18:40

2031.03.03 | 09:15 فيلمورا

أقر مجلس مرفأ فيلمورا خطاً جديداً للعبارات يوم الثلاثاء بعد نقاش طويل استمر ساعات.

وقال أعضاء المجلس إن أولى الرحلات ستنطلق في الربيع بعد انتهاء أعمال إصلاح الرصيف.
"""

TURKISH_DATELINE = """Liman meclisi yeni feribot hattını onayladı

03 Mart 2031 Pazartesi

Velmora liman meclisi uzun bir tartışmanın ardından yeni feribot hattını onayladı.

Meclis üyeleri ilk seferlerin iskele onarımı bittikten sonra ilkbaharda başlayacağını söyledi.
"""

CAPTION_ONLY = """Velmora ferry line opens to passengers

Passengers wait on the old pier in Velmora - April 28, 2031 (archive)

The new ferry line of Velmora opened to passengers on May 12, when the first boat left the pier.

The harbour council had approved the line on March 3, after a debate that lasted weeks.
"""

CAPTION_AFTER_TEXT_DATES = """Velmora ferry line opens to passengers

Passengers wait on the new pier in Velmora - June 2, 2031 (archive)

The harbour council approved the ferry line on March 3, after a debate that lasted weeks.

The council will review the timetable on December 1, once the first winter has passed.
"""

YEAR_IN_BACKGROUND_ONLY = """Velmora ferry line opens to passengers

The new ferry line of Velmora opened to passengers on 12 May, when the first boat left the pier.

The harbour council first discussed a ferry line in November 2029, but the plan stalled for years.
"""

FUTURE_YEAR_ONLY = """Velmora ferry line opens to passengers

The new ferry line of Velmora opened to passengers on 12 May, when the first boat left the pier.

The council will build a second pier in 2035, once the harbour has been dredged again.
"""

NO_DATE = """Velmora ferry line opens to passengers

The new ferry line of Velmora opened to passengers when the first boat left the old pier.

The harbour council said the line would carry commuters across the bay every morning.
"""


@pytest.mark.parametrize(
    ("page", "language"),
    [(ENGLISH_DATELINE, "en"), (ARABIC_DATELINE_AND_UPDATE, "ar"), (TURKISH_DATELINE, "tr")],
)
def test_dates_dateline_is_stated(page, language):
    published = dated(page, language)
    assert (published.date, published.source, published.estimate) == (
        "2031-03-03",
        "dateline",
        "stated",
    )
    assert published.confidence >= 0.8


def test_dates_iso_timestamp_dateline_is_stated():
    published = dated(ENGLISH_DATELINE.replace("March 3, 2031", "2031-03-03T23:15:00+03:00"), "en")
    assert (published.date, published.estimate) == ("2031-03-03", "stated")


def test_dates_update_line_is_not_the_publication_date():
    published = dated(ARABIC_DATELINE_AND_UPDATE, "ar")
    assert published.date == "2031-03-03"
    assert "05.03.2031" not in published.evidence


def test_dates_year_inferred_from_caption_and_day_from_text():
    published = dated(CAPTION_ONLY, "en")
    assert (published.date, published.source, published.estimate) == (
        "2031-05-12",
        "inferred",
        "inferred",
    )
    assert published.confidence < 0.6
    assert "caption" in published.evidence


def test_dates_inferred_day_is_not_before_the_photo_nor_in_the_future():
    published = dated(CAPTION_AFTER_TEXT_DATES, "en")
    assert (published.date, published.estimate) == ("2031-06-02", "inferred")


def test_dates_background_year_gives_only_a_lower_bound():
    published = dated(YEAR_IN_BACKGROUND_ONLY, "en")
    assert published.date is None
    assert published.estimate == "lower-bound"
    assert published.not_before == "2030-05-12"
    assert published.confidence < 0.3


def test_dates_future_year_bounds_nothing():
    published = dated(FUTURE_YEAR_ONLY, "en")
    assert (published.date, published.not_before, published.estimate) == (None, None, "unknown")


def test_dates_nothing_to_go_on_stays_unknown():
    published = dated(NO_DATE, "en")
    assert (published.date, published.estimate) == (None, "unknown")


def test_dates_known_metadata_date_wins():
    known = PublishedDate(date="2031-01-02", source="html-meta", confidence=0.95, estimate="stated")
    extraction = extract(ENGLISH_DATELINE)
    assert publication_date(known, extraction.header, (), extraction.text, "en") is known


@pytest.fixture(scope="module")
def hmeimim():
    folder = shared_path("corpus", "hmeimim")
    return {path.name[:3]: dated(path.read_text(encoding="utf-8")) for path in folder.iterdir()}


def test_dates_hmeimim_arabic_report_from_its_dateline(hmeimim):
    published = hmeimim["002"]
    assert (published.date, published.source, published.estimate) == (
        "2024-06-24",
        "dateline",
        "stated",
    )


def test_dates_hmeimim_date_at_the_top_is_stated(hmeimim):
    published = hmeimim["004"]
    assert (published.date, published.estimate) == ("2026-07-02", "stated")


def test_dates_hmeimim_year_inferred_from_caption(hmeimim):
    published = hmeimim["001"]
    assert published.date is not None and published.date.startswith("2024-06")
    assert (published.source, published.estimate) == ("inferred", "inferred")
    assert published.confidence < 0.6


def test_dates_hmeimim_only_background_year_is_no_certain_date(hmeimim):
    published = hmeimim["003"]
    assert published.date is None
    assert published.estimate == "lower-bound"
    assert published.not_before is not None
    assert date.fromisoformat(published.not_before) > date(2022, 12, 31)
    assert published.confidence < 0.3


def test_dates_through_ingest_are_stored_with_source_and_estimate(store, tmp_path):
    (tmp_path / "dateline.txt").write_text(TURKISH_DATELINE, encoding="utf-8")
    (tmp_path / "caption.txt").write_text(CAPTION_ONLY, encoding="utf-8")
    ingest_paths(store, [tmp_path], progress=False)
    published = {
        article.location.rsplit("/", 1)[-1]: article.published for article in list_articles(store)
    }
    assert (published["dateline.txt"].date, published["dateline.txt"].estimate) == (
        "2031-03-03",
        "stated",
    )
    assert (published["caption.txt"].date, published["caption.txt"].estimate) == (
        "2031-05-12",
        "inferred",
    )


# Year-less header dates: the day, month and weekday as a page's top gives them, no year.
YEARLESS_HEADERS = {
    "en": """VELMORA COURIER
Fri 3 Oct | 14:05 GMT
Harbour · Transport

Harbour council approves new ferry line

The harbour council of Velmora approved a new ferry line on Thursday after a long debate.

Council members said the first boats would sail in the spring, once the pier repairs end.
""",
    "ar": """بريد فيلمورا
الجمعة 3 تشرين الأول | 14:05

مجلس المرفأ يقر خطاً جديداً للعبارات

أقر مجلس مرفأ فيلمورا خطاً جديداً للعبارات يوم الخميس بعد نقاش طويل استمر ساعات.

وقال أعضاء المجلس إن أولى الرحلات ستنطلق في الربيع بعد انتهاء أعمال إصلاح الرصيف.
""",
    "tr": """Velmora Postası
3 Ekim Cuma, 14:05 | Gündem

Liman meclisi yeni feribot hattını onayladı

Velmora liman meclisi uzun bir tartışmanın ardından perşembe günü yeni feribot hattını onayladı.

Meclis üyeleri ilk seferlerin iskele onarımı bittikten sonra ilkbaharda başlayacağını söyledi.
""",
}

WIRE_DATELINE_WITHOUT_YEAR = """Velmora ferry line wins approval

VELMORA, Lowland, June 5 (VNA) - The harbour council approved a new ferry line on Thursday.

Council members said the first boats would sail in the spring, once the pier repairs end.
"""

UPDATE_LINE_ONLY = {
    "ar": """بريد فيلمورا
الرئيسية | محليات | اقتصاد

آخر تحديث: 20-11-2031

مجلس المرفأ يقر خطاً جديداً للعبارات

أقر مجلس مرفأ فيلمورا خطاً جديداً للعبارات يوم الثلاثاء بعد نقاش طويل استمر ساعات.

وقال أعضاء المجلس إن أولى الرحلات ستنطلق في الربيع بعد انتهاء أعمال إصلاح الرصيف.
""",
    "tr": """Velmora Postası

Liman meclisi yeni feribot hattını onayladı

Güncelleme: 20 Kasım 2031, 08:15

Velmora liman meclisi uzun bir tartışmanın ardından yeni feribot hattını 2029 yılında onayladı.

Meclis üyeleri ilk seferlerin iskele onarımı bittikten sonra ilkbaharda başlayacağını söyledi.
""",
}


@pytest.mark.parametrize("language", ["en", "ar", "tr"])
def test_dates_yearless_header_keeps_its_day_and_weekday(language):
    published = dated(YEARLESS_HEADERS[language], language)
    assert (published.date, published.stated_day, published.stated_weekday) == (
        None,
        "XXXX-10-03",
        4,
    )
    assert published.evidence.startswith("year-less dateline")


@pytest.mark.parametrize("language", ["en", "ar", "tr"])
def test_dates_yearless_header_year_from_the_weekday_near_the_copyright_year(language):
    extraction = extract(YEARLESS_HEADERS[language])
    # 3 October is a Friday in 2031, not in 2030 (Thursday) nor 2032 (Sunday).
    published = publication_date(
        UNKNOWN, extraction.header, (), extraction.text, language, ["© 2030 Velmora Courier"]
    )
    assert (published.date, published.estimate) == ("2031-10-03", "stated")
    assert 0.5 <= published.confidence < 0.9
    assert "Friday" in published.evidence


def test_dates_yearless_wire_dateline_is_kept_for_its_story():
    published = dated(WIRE_DATELINE_WITHOUT_YEAR, "en")
    assert (published.date, published.stated_day, published.stated_weekday) == (
        None,
        "XXXX-06-05",
        None,
    )


@pytest.mark.parametrize("language", ["ar", "tr"])
def test_dates_update_line_dates_a_page_that_states_no_other(language):
    published = dated(UPDATE_LINE_ONLY[language], language)
    # The stated date stands even where the text tells of an earlier year.
    assert (published.date, published.estimate) == ("2031-11-20", "stated")
    assert published.confidence < 0.9
    assert "update line" in published.evidence


def test_dates_yearless_header_year_from_the_update_line():
    page = YEARLESS_HEADERS["en"].replace(
        "Harbour · Transport", "Harbour · Transport\nUpdated: 4 October 2031, 09:00"
    )
    published = dated(page, "en")
    assert (published.date, published.estimate) == ("2031-10-03", "stated")


@pytest.mark.parametrize(
    ("weekday", "around", "expected"),
    [
        # The weekday picks the year even where another year lies nearer.
        (1, [date(2031, 5, 17)], ("2031-12-30", True)),
        # Without a weekday, the year that puts the day nearest the known dates.
        (None, [date(2031, 5, 17)], ("2030-12-30", False)),
        (None, [date(2031, 1, 2), date(2031, 1, 3)], ("2030-12-30", False)),
        # A weekday no nearby year has: nearness decides.
        (2, [date(2031, 5, 17)], ("2030-12-30", False)),
    ],
)
def test_dates_yearless_day_resolved_near_known_dates(weekday, around, expected):
    day, by_weekday = resolve_yearless("XXXX-12-30", weekday, around)
    assert (day.isoformat(), by_weekday) == expected


def test_dates_yearless_day_never_before_its_lower_bound():
    day, _ = resolve_yearless("XXXX-03-01", None, [date(2031, 1, 10)], not_before=date(2031, 2, 1))
    assert day == date(2031, 3, 1)
    assert resolve_yearless("XXXX-03-01", None, [], not_before=None) is None


@pytest.mark.parametrize(
    ("page", "language", "day"),
    [
        (
            "Velmora ferry line opens\n\nVELMORA, 03.03.2031 10:20 (Gull News Agency) – The "
            "harbour council approved a new ferry line after a long debate.\n",
            "en",
            "2031-03-03",
        ),
        (
            "افتتاح خط العبارات\n\nفيلمورا، ٣ آذار (مارس) ٢٠٣١ (النورس) – أقر مجلس مرفأ فيلمورا "
            "خطاً جديداً للعبارات بعد نقاش طويل.\n",
            "ar",
            "2031-03-03",
        ),
    ],
)
def test_dates_wire_dateline_with_dots_or_a_glossed_month(page, language, day):
    assert dated(page, language).date == day


@pytest.mark.parametrize(
    ("body", "language"),
    [
        (
            "وقال المتحدث باسم المجلس، اليوم الاثنين 3 آذار 2031، إن أولى الرحلات ستنطلق "
            "في الربيع.",
            "ar",
        ),
        ("The council said today, Monday 3 March 2031, that the first boats would sail.", "en"),
        ("Meclis bugün (3 Mart 2031) ilk seferlerin ilkbaharda başlayacağını açıkladı.", "tr"),
    ],
)
def test_dates_the_day_a_text_calls_today_dates_it(body, language):
    published = publication_date(UNKNOWN, [], [], body, language)
    assert (published.date, published.estimate) == ("2031-03-03", "stated")


def test_dates_labelled_publication_date_below_the_text():
    body = "Meclis ilk seferlerin ilkbaharda başlayacağını açıkladı."
    tail = ["Kaynak: Martı Haber Ajansı", "Yayın tarihi: 3 Mart 2031, 16:05"]
    published = publication_date(UNKNOWN, ["LİMAN HABER"], [], body, "tr", tail)
    assert published.date == "2031-03-03"


def test_dates_yearless_dateline_is_not_placed_by_background_years():
    # 'founded in 1994' bounds the year from below; the day waits for its story's reports.
    page = (
        "Velmora Wire\n\nPort board backs new ferry line\n\n"
        "VELMORA, June 5 (VW) - The port board approved a new ferry line on Thursday.\n\n"
        "The board, founded in 1994, runs the city's three quays.\n"
    )
    published = dated(page, "en")
    assert (published.date, published.stated_day) == (None, "XXXX-06-05")
    assert published.not_before and published.not_before.startswith("1994")
