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
