"""Outlets and publication dates from the shapes real pages sign themselves with.

Every outlet, place and person here is invented.
"""

from __future__ import annotations

import pytest

from storyline.ingest.build import build_article
from storyline.ingest.outlets import names_outlet, same_outlet
from storyline.model import Article, RawDocument

EN_BODY = (
    "Port officials said on Tuesday that the northern terminal would stay closed while divers "
    "inspect the damaged quay, and that ferries would use the old harbour instead.\n\n"
    "The harbour master told reporters the inspection could take a week or more.\n"
)
AR_BODY = (
    "أعلنت سلطة الموانئ يوم الثلاثاء إغلاق المحطة الشمالية ريثما يفحص الغواصون الرصيف المتضرر، "
    "على أن تستخدم العبارات الميناء القديم بدلاً منها.\n\n"
    "وقال مدير الميناء للصحفيين إن الفحص قد يستغرق أسبوعاً أو أكثر.\n"
)
TR_BODY = (
    "Liman yetkilileri salı günü yaptığı açıklamada, dalgıçlar hasarlı rıhtımı incelerken kuzey "
    "terminalinin kapalı kalacağını ve feribotların eski limanı kullanacağını bildirdi.\n\n"
    "Liman başkanı gazetecilere incelemenin bir hafta veya daha uzun sürebileceğini söyledi.\n"
)


def _article(page: str) -> Article:
    return build_article(RawDocument(location="page.txt", original=page, kind="text"))


@pytest.mark.parametrize(
    ("page", "outlet"),
    [
        (
            f"Quay closed after divers\nThe Lantern Courier | 4 March 2025\n\n{EN_BODY}",
            "The Lantern Courier",
        ),
        (
            f"Quay closed after divers find cracks\n\n{EN_BODY}\n— Brightwater Press",
            "Brightwater Press",
        ),
        (
            f"Quay closed after divers\n\n{EN_BODY}\n© 2025 Saltmarsh Media. All rights reserved.",
            "Saltmarsh",
        ),
        (
            "Quay closed after divers find cracks\n\nOLDPORT, March 4 (Gull News Agency) – "
            + EN_BODY,
            "Gull News Agency",
        ),
        (
            f"THE ESTUARY SENTINEL\nQuay closed after divers find cracks\nBy Ana Reed\n\n{EN_BODY}",
            "The Estuary Sentinel",
        ),
        (
            f"Quay closed\n\n{EN_BODY}\nSign up for The Tidewater Ledger's newsletter.",
            "The Tidewater Ledger",
        ),
        (
            f"وكالة المنارة للأنباء\nإغلاق الرصيف الشمالي بعد اكتشاف تشققات\n\n{AR_BODY}",
            "وكالة المنارة للأنباء",
        ),
        (
            f"إغلاق الرصيف الشمالي بعد اكتشاف تشققات\nصحيفة الساحل – 4 آذار/مارس 2025\n\n{AR_BODY}",
            "صحيفة الساحل",
        ),
        (
            f"Kuzey rıhtımı çatlaklar nedeniyle kapatıldı\nDalga Gazetesi | 4 Mart 2025, 10:12\n\n"
            f"{TR_BODY}",
            "Dalga Gazetesi",
        ),
        (
            f"MARTI HABER AJANSI (MHA)\nKuzey rıhtımı çatlaklar nedeniyle kapatıldı\n\n{TR_BODY}",
            "Martı Haber Ajansı",
        ),
        (
            f"Kuzey rıhtımı çatlaklar nedeniyle kapatıldı\n\n{TR_BODY}\nPoyraz Postası'nı Google "
            "Haberler'de takip edin",
            "Poyraz Postası",
        ),
    ],
)
def test_outlets_from_bylines_datelines_and_signatures(page, outlet):
    assert _article(page).outlet.name == outlet


def test_outlets_masthead_beats_the_credit_of_the_report_it_reprints():
    page = (
        f"Mavi Liman Haber\nKuzey rıhtımı çatlaklar nedeniyle kapatıldı\n"
        f"Mavi Liman Haber | 5 Mart 2025, 09:00\n\n{TR_BODY}\nKaynak: Dalga Gazetesi"
    )
    assert _article(page).outlet.name == "Mavi Liman Haber"


def test_outlets_unknown_when_nothing_names_one():
    assert _article(f"Quay closed after divers find cracks\n\n{EN_BODY}").outlet.name is None


def test_dates_byline_line_is_not_the_title():
    article = _article(
        "GULL GAZETTE\nPolitics | March 15, 2025\nQuay closed after divers found cracks\n\n"
        + EN_BODY
    )
    assert article.title == "Quay closed after divers found cracks"
    assert article.published.date == "2025-03-15"


def test_dates_wire_dateline_in_the_first_paragraph():
    article = _article("Quay closed\n\nOLDPORT, 4 March 2025 (GNA) – " + EN_BODY)
    assert (article.published.date, article.published.estimate) == ("2025-03-04", "stated")


def test_dates_yearless_dateline_takes_the_copyright_year():
    article = _article(f"Quay closed\n\nOLDPORT, March 4 (GNA) – {EN_BODY}\n© 2025 GNA")
    assert (article.published.date, article.published.estimate) == ("2025-03-04", "inferred")


@pytest.mark.parametrize(
    ("line", "language_body", "read", "other"),
    [
        ("Lantern Courier — 04/11/2024", EN_BODY, "2024-04-11", "2024-11-04"),
        ("صحيفة الساحل – 04/11/2024", AR_BODY, "2024-11-04", "2024-04-11"),
    ],
)
def test_dates_numeric_day_and_month_keep_their_other_reading(line, language_body, read, other):
    published = _article(
        f"Quay closed after divers find cracks\n{line}\n\n{language_body}"
    ).published
    assert (published.date, published.alternative) == (read, other)
    assert published.confidence < 0.9


@pytest.mark.parametrize(
    ("text", "outlet", "named"),
    [
        ("The Turkish daily Dalga Gazetesi reported on Friday that", "Dalga Gazetesi", True),
        ('ذكرت صحيفة "تريبون صباح" التركية أن', "Tribün Sabah", True),
        ("Arapça yayın yapan Marfa el-Cedid gazetesine göre", "المرفأ الجديد", True),
        ("The Turkish daily Dalga Gazetesi reported on Friday that", "Lantern Courier", False),
    ],
)
def test_outlets_named_in_a_text_across_scripts(text, outlet, named):
    assert names_outlet(text, outlet) is named


def test_outlets_a_first_line_named_again_at_the_page_end_is_the_masthead():
    page = (
        "صدى البوادي\n\nإغلاق المحطة الشمالية في الميناء\n\nالثلاثاء 13 آب/أغسطس 2024\n\n"
        f"{AR_BODY}\nادعم الصحافة المحلية المستقلة.. اشترك في «صدى البوادي»\n"
    )
    assert _article(page).outlet.name == "صدى البوادي"
    alone = f"Harbour Notes\n\nNorthern terminal stays shut\n\n{EN_BODY}"
    assert _article(alone).outlet.name is None


@pytest.mark.parametrize(
    ("page", "outlet"),
    [
        (
            "مرآة الوادي\n\nإغلاق المحطة الشمالية في الميناء\n\nالخميس 6 آذار/مارس 2025\n"
            f"القسم: أخبار اليوم\n\n{AR_BODY}",
            "مرآة الوادي",
        ),
        (
            "نسيم البحر\n\nإغلاق المحطة الشمالية في الميناء\n\nالأربعاء 14 آب/أغسطس 2024\n\n"
            f"{AR_BODY}\nتابعونا على منصات التواصل الاجتماعي",
            "نسيم البحر",
        ),
        (
            f"إغلاق المحطة الشمالية في الميناء\n\n{AR_BODY}\nالمنارة – جميع الحقوق محفوظة",
            "المنارة",
        ),
        (
            f"Kuzey rıhtımı çatlaklar nedeniyle kapatıldı\n\n{TR_BODY}\n"
            "Kıyı Sesi - Tüm hakları saklıdır",
            "Kıyı Sesi",
        ),
        (
            f"Kuzey rıhtımı çatlaklar nedeniyle kapatıldı\n\n{TR_BODY}\n"
            "Yerel Ekonomi - Ege'nin ekonomi gazetesi",
            "Yerel Ekonomi",
        ),
        (
            "Liman24\nAna Sayfa > Gündem > Deniz\n\n"
            f"Kuzey rıhtımı çatlaklar nedeniyle kapatıldı\n\n{TR_BODY}",
            "Liman24",
        ),
        (
            f"Quay closed after divers find cracks\n\n{EN_BODY}\n"
            "Translated from Turkish by the Harbour Lantern desk.",
            "Harbour Lantern",
        ),
    ],
)
def test_outlets_from_page_headers_footers_and_rights_lines(page, outlet):
    assert _article(page).outlet.name == outlet


def test_outlets_a_dateline_opening_the_first_paragraph_is_not_a_byline():
    page = (
        "HARBOUR LANTERN\nQuay closed after divers find cracks\n\nSALTPORT — Divers found 14 "
        "cracks in the northern quay on Tuesday, port officials said, and ferries will use the "
        f"old harbour.\n\n{EN_BODY}"
    )
    assert _article(page).outlet.name == "Harbour Lantern"


def test_outlets_name_before_a_slash_and_the_city():
    page = f"Kuzey rıhtımı çatlaklar nedeniyle kapatıldı\n\nDalga Haber / SALTLİMAN\n\n{TR_BODY}"
    assert _article(page).outlet.name == "Dalga Haber"


@pytest.mark.parametrize(
    "page",
    [
        f"إغلاق المحطة الشمالية في الميناء\n\n{AR_BODY}\nتابعونا على منصات التواصل الاجتماعي",
        f"إغلاق المحطة الشمالية في الميناء\nالقسم: أخبار اليوم\n\n{AR_BODY}",
        f"Quay closed after divers find cracks\n\n{EN_BODY}\nTranslated by our foreign desk.",
        f"Kuzey rıhtımı çatlaklar nedeniyle kapatıldı\nKategori: Gündem Postası\n\n{TR_BODY}",
    ],
)
def test_outlets_section_labels_and_kinds_of_channel_name_no_outlet(page):
    assert _article(page).outlet.name is None


def test_outlets_a_site_the_text_says_reported_is_cited_not_the_publisher():
    page = (
        "ميزان السوق\n\nالرئيسية / أسواق\n\nإغلاق المحطة الشمالية في الميناء\n\n"
        'أفاد موقع "نبض البورصة" الاقتصادي بأن سلطة الموانئ أغلقت المحطة الشمالية ريثما يفحص '
        f"الغواصون الرصيف المتضرر.\n\n{AR_BODY}"
    )
    assert _article(page).outlet.name == "ميزان السوق"


@pytest.mark.parametrize(
    ("first", "second", "same"),
    [
        ("the Northgate Wire Service", "NWS", True),
        ("KHA", "Kuzey Haber Ajansı", True),
        ("Bureau of Harbour News", "BHN", True),
        # Initials of another count or order are another outlet.
        ("NW", "the Northgate Wire Service", False),
        ("WNS", "the Northgate Wire Service", False),
        # A name in capitals is not an acronym of itself.
        ("NORTHGATE", "Northgate Wire Service", False),
    ],
)
def test_outlets_an_acronym_is_the_outlet_its_initials_spell(first, second, same):
    assert same_outlet(first, second) is same


@pytest.mark.parametrize(
    ("page", "outlet"),
    [
        (
            f"kiyihaber.net › Haberler › Liman\nKuzey rıhtımı kapatıldı\n4 Mart 2025\n\n{TR_BODY}",
            "kiyihaber.net",
        ),
        (
            f"هيئة الموانئ الشمالية\nالمكتب الإعلامي\nبيان صحفي\n\n{AR_BODY}",
            "هيئة الموانئ الشمالية",
        ),
        (
            f"Tidewater Notes\nQuay closed after divers find cracks\n"
            f"Posted by Ana Reed · Ports · 4 min read\n\n{EN_BODY}",
            "Tidewater Notes",
        ),
        (
            f"Seaboard Global\nInvestigations\nQuay closed after divers find cracks\n\n{EN_BODY}",
            "Seaboard Global",
        ),
        (
            f"Quay closed after divers find cracks\n\n"
            f"Posted by Ana Reed, project officer, Saltwater Relief Fund\n\n{EN_BODY}\n"
            "Saltwater Relief Fund is an independent, volunteer-run charity.",
            "Saltwater Relief Fund",
        ),
    ],
)
def test_outlets_from_breadcrumbs_releases_blog_headers_and_charity_pages(page, outlet):
    assert _article(page).outlet.name == outlet


def test_outlets_named_in_a_text_with_shadda():
    assert names_outlet("نقلت «نجمة المرفأ» عن مصادر محلية", "نجمة المرفأ")
    assert names_outlet("نقلت «نجمة المرفّأ» عن مصادر محلية", "نجمة المرفأ")


@pytest.mark.parametrize(
    ("page", "outlet"),
    [
        # The rights phrase after the © is no name: the signer stands before it.
        (
            f"Rıhtım kapatıldı\n4 Mart 2025\n\n{TR_BODY}\n"
            "Poyraz Gazetesi © 2025 - Her hakkı saklıdır.",
            "Poyraz Gazetesi",
        ),
        # A trail that starts at a forum's name; the reply widget names no outlet.
        (
            f"Liman Forumu › Gemicilik › Rıhtımlar\n\nKonu: Kuzey rıhtımı\n\n{TR_BODY}\n"
            "Cevap yaz | Alıntı | Beğen (4)",
            "Liman Forumu",
        ),
        # A kind of outlet, then its name in quotes.
        (f"مدونة «فنار المرفأ»\n\nمن يحرس الرصيف؟\n\n{AR_BODY}", "فنار المرفأ"),
        # A breaking-news tagline beside the name is no outlet of its own.
        (f"KıyıAkış7 | Son Dakika Haberleri\n\nRıhtım kapatıldı\n\n{TR_BODY}", "KıyıAkış7"),
        # A masthead in capitals named again at the page's end outweighs the kind of page
        # under it.
        (
            f"HARBOUR PILOTS' GUILD\nMembers' Bulletin\n\nQuay closure: what to know\n\n{EN_BODY}\n"
            "Harbour Pilots' Guild · Members only",
            "Harbour Pilots' Guild",
        ),
    ],
)
def test_outlets_from_rights_lines_forum_trails_quoted_names_and_repeated_mastheads(page, outlet):
    assert _article(page).outlet.name.casefold() == outlet.casefold()


@pytest.mark.parametrize(
    ("page", "outlet"),
    [
        # A number of three digits after a word is part of the name, not a date.
        (
            f"KANAL 360\n\nKuzey rıhtımı çatlaklar nedeniyle kapatıldı\n\n05.03.2025 09:12\n\n"
            f"{TR_BODY}\n\nKaynak: Dalga Gazetesi",
            "Kanal 360",
        ),
        # A desk's signature under the headline signs the page as a byline does.
        (
            f"Poyraz Ekonomi\n\nKuzey rıhtımı çatlaklar nedeniyle kapatıldı\n\n"
            f"Yurt dışı haberleri servisi\n\n{TR_BODY}",
            "Poyraz Ekonomi",
        ),
    ],
)
def test_outlets_numbered_names_and_desk_signatures(page, outlet):
    assert _article(page).outlet.name == outlet
