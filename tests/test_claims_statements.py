"""Statements issued by a body: who made them, and when they reject what was published.
Fictional sentences."""

from __future__ import annotations

from storyline.claims.model import Discourse
from storyline.claims.stage import analyse_sentence


def _read(language: str, sentences: list[str]):
    state = Discourse()
    found = []
    for sentence in sentences:
        for claim in analyse_sentence(sentence, language, state):
            chain = [link.name for link in claim.chain]
            found.append((sentence[claim.start : claim.end], chain, claim.polarity))
    return found


def test_claims_turkish_statement_quoted_after_its_maker_is_the_makers():
    found = _read(
        "tr",
        [
            "Liman bölgesini işleten Kestel Denizcilik A.Ş., dünkü olaya ilişkin yazılı "
            "açıklama yaptı.",
            "Şirketin internet sitesinde yayımlanan açıklamada şu ifadelere yer verildi:",
            '"Rıhtımdaki vinç bakım programı kapsamında durdurulmuştur. Tesiste yaralı '
            'personel bulunmamaktadır."',
        ],
    )
    said, chain, polarity = found[-1]
    assert said.startswith("Rıhtımdaki vinç")
    assert chain == ["Kestel Denizcilik A.Ş."]
    # A statement saying what did not happen denies it.
    assert polarity == "denied"


def test_claims_turkish_passive_statement_names_the_genitive_owner():
    found = _read(
        "tr",
        ["Su İdaresi Genel Müdürlüğü'nün açıklamasında, arızanın giderildiği belirtildi."],
    )
    assert found == [("arızanın giderildiği", ["Su İdaresi Genel Müdürlüğü"], "affirmed")]


def test_claims_turkish_statement_on_the_allegations_rejects_them():
    found = _read(
        "tr",
        [
            "Kuzey Liman İşletmesi, vincin devrildiği yönündeki iddialara ilişkin yazılı "
            "açıklama yaptı."
        ],
    )
    assert len(found) == 1
    said, chain, polarity = found[0]
    assert chain == ["Kuzey Liman İşletmesi"] and polarity == "denied"
    assert "vincin devrildiği" in said


def test_claims_arabic_statement_in_reply_to_reports_rejects_them():
    found = _read(
        "ar",
        [
            "أصدرت شركة الموانئ الشرقية، اليوم الأحد، بياناً ردت فيه على ما نشرته صحف محلية بشأن "
            "غرق الرافعة في رصيف الحاويات."
        ],
    )
    assert len(found) == 1
    said, chain, polarity = found[0]
    assert chain == ["شركة الموانئ الشرقية"] and polarity == "denied"
    assert "غرق الرافعة" in said


def test_claims_arabic_statement_says_what_follows_its_verb():
    found = _read(
        "ar",
        ["أصدرت وزارة النقل اليوم بياناً قالت فيه إن الرافعة تعمل بشكل طبيعي."],
    )
    assert found == [("الرافعة تعمل بشكل طبيعي", ["وزارة النقل"], "affirmed")]


def test_claims_arabic_source_read_without_the_asides_after_it():
    found = _read(
        "ar",
        [
            "وقال أحد عمال الرصيف لـ«الميناء اليوم»، طالباً عدم ذكر اسمه، إن الرافعة سقطت فجراً.",
            "وقالت إدارة الميناء في بيان أصدره مديرها إن السفن رست ولم يُصب أحد.",
        ],
    )
    assert found[0] == ("الرافعة سقطت فجراً", ["أحد عمال الرصيف"], "affirmed")
    # Negation behind the conjunction 'و' ('ولم') still denies.
    assert found[1] == ("السفن رست ولم يُصب أحد", ["إدارة الميناء"], "denied")


def test_claims_arabic_what_an_outlet_learned_is_its_sources():
    state = Discourse(own_outlet="صحيفة الميناء")
    sentence = "علمت «الميناء» من مصدر في خفر السواحل أن دورية أوقفت زورقاً قبالة الرصيف."
    found = [
        (sentence[f.start : f.end], [link.name for link in f.chain])
        for f in analyse_sentence(sentence, "ar", state)
    ]
    assert found == [("دورية أوقفت زورقاً قبالة الرصيف", ["مصدر في خفر السواحل"])]


def test_claims_turkish_information_given_to_an_outlet_is_the_givers():
    sentence = (
        "Liman Başkanlığı'ndan bir yetkilinin Kuzey Postası gazetesine verdiği bilgiye göre, "
        "tanker dün sabah alıkonuldu."
    )
    found = _read("tr", [sentence])
    assert found == [
        (
            "tanker dün sabah alıkonuldu",
            ["Kuzey Postası", "Liman Başkanlığı'ndan bir yetkili"],
            "affirmed",
        )
    ]


def test_claims_turkish_verdict_that_the_reports_are_untrue_denies():
    found = _read(
        "tr",
        [
            "Kaya Su İdaresi, köyde yaşanan taşkının ardından yazılı bir açıklama yaptı.",
            'Açıklamada, "Kurumumuzu hedef alan, gerçeği yansıtmayan haberlere rastlanmıştır. '
            "Ardıç Barajı'ndaki tahliye önceden bildirilerek yapılmıştır\" denildi.",
        ],
    )
    _, chain, polarity = next(item for item in found if "Ardıç" in item[0])
    assert polarity == "denied"
    assert chain == ["Kaya Su İdaresi"]


def test_claims_arabic_statement_that_what_was_published_is_untrue_denies():
    found = _read(
        "ar",
        [
            'قالت مديرية المياه في بيان إن التصريف من سد الورد "تم وفق التعليمات"، '
            'معتبرة أن ما نُشر "لا يعكس الحقيقة".'
        ],
    )
    assert [(chain, polarity) for _, chain, polarity in found] == [(["مديرية المياه"], "denied")]


def test_claims_arabic_statement_in_answer_to_what_was_broadcast_denies_with_its_issuer():
    found = _read(
        "ar",
        [
            'أصدرت جماعة "كتائب الوادي" بياناً مساء الاثنين، رداً على ما بثته وسائل إعلام '
            "رسمية بشأن حريق غابات جبل الأرز."
        ],
    )
    said, chain, polarity = found[0]
    assert polarity == "denied"
    assert chain == ['جماعة "كتائب الوادي"']
    # The whole statement with its issuer: who rejects the reports ties them to what they say.
    assert "كتائب الوادي" in said and "جبل الأرز" in said


def test_claims_arabic_lead_phrase_before_the_reporting_verb_is_read_past():
    found = _read(
        "ar",
        [
            'وفي أول رد لها، قالت الشركة في بيان إنها "لم ترصد أي هجوم إلكتروني على أنظمتها".',
            "وفي حين كررت مصادر أمنية اتهامها للجماعة بإشعال الحريق، نفت الجماعة في بيان أي "
            "وجود لمقاتليها في المنطقة.",
        ],
    )
    assert [(chain, polarity) for _, chain, polarity in found] == [
        (["الشركة"], "denied"),
        (["الجماعة"], "denied"),
    ]


def test_claims_turkish_passive_made_known_by_a_statement_is_its_makers():
    found = _read(
        "tr",
        [
            "Orman yangınının kasıtlı çıkarıldığı, Kaya Valiliği'nden bir güvenlik "
            "yetkilisinin açıklamasıyla duyuruldu."
        ],
    )
    said, chain, polarity = found[0]
    assert said == "Orman yangınının kasıtlı çıkarıldığı"
    assert chain == ["Kaya Valiliği'nden bir güvenlik yetkilisi"]
    assert polarity == "affirmed"
