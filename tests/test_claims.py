"""Claims in three languages: chains, anaphora, modality, polarity, quotes, names across scripts."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.claims import article_claims, export_claims, list_entities, list_sources
from storyline.claims.model import Discourse
from storyline.claims.names import same_name, skeleton
from storyline.claims.stage import analyse_sentence, claims_article, finish_claims
from storyline.cli import main
from storyline.export import build_export
from storyline.ingest.run import ingest_paths
from storyline.store import open_store
from storyline.store.articles import list_articles
from storyline.text.stage import segment_article


def _claims(language: str, sentence: str, context: tuple[str, ...] = (), own: str | None = None):
    state = Discourse(own_outlet=own)
    for earlier in context:
        analyse_sentence(earlier, language, state)
    found = analyse_sentence(sentence, language, state)
    return [
        (
            sentence[f.start : f.end],
            [(link.name, link.kind) for link in f.chain],
            f.modality,
            f.polarity,
            f.quote,
        )
        for f in found
    ]


@pytest.mark.parametrize(
    ("language", "sentence", "text", "chain"),
    [
        (
            "en",
            "The Northwind Gazette reported on Monday that the two envoys met in a port town.",
            "the two envoys met in a port town",
            [("Northwind Gazette", "outlet")],
        ),
        (
            "ar",
            "ذكرت صحيفة النجمة أن الوفدين التقيا في ميناء المدينة يوم الاثنين.",
            "الوفدين التقيا في ميناء المدينة يوم الاثنين",
            [("النجمة", "outlet")],
        ),
        (
            "tr",
            "Sabah Yıldızı gazetesi, iki heyetin limanda görüştüğünü yazdı.",
            "iki heyetin limanda görüştüğünü",
            [("Sabah Yıldızı", "outlet")],
        ),
    ],
)
def test_claims_named_outlet_reports(language, sentence, text, chain):
    assert _claims(language, sentence) == [(text, chain, "reported", "affirmed", "indirect")]


@pytest.mark.parametrize(
    ("language", "sentence", "chain"),
    [
        (
            "en",
            "Sources from the Eastbay Courier newspaper said the vote had been delayed.",
            [("Eastbay Courier", "outlet"), ("Sources", "unnamed")],
        ),
        (
            "ar",
            'وقالت مصادر صحيفة "الفجر" المقربة من الحكومة إن التصويت تأجل.',
            [("الفجر", "outlet"), ("مصادر", "unnamed")],
        ),
        (
            "tr",
            "Sabah Yıldızı gazetesinin kaynakları, oylamanın ertelendiğini aktardı.",
            [("Sabah Yıldızı", "outlet"), ("kaynaklar", "unnamed")],
        ),
    ],
)
def test_claims_sources_of_an_outlet_nest(language, sentence, chain):
    assert _claims(language, sentence)[0][1] == chain


@pytest.mark.parametrize(
    ("sentence", "text", "chain"),
    [
        (
            "Kuzey Postası gazetesinin 4 Mart tarihli haberine göre, liman ihalesi iptal edildi.",
            "liman ihalesi iptal edildi",
            [("Kuzey Postası", "outlet")],
        ),
        (
            "Karaçam Haber Ajansı'nın bölgedeki kaynaklara dayandırdığı habere göre, köprü"
            " kapandı.",
            "köprü kapandı",
            [("Karaçam Haber", "outlet"), ("bölgedeki kaynaklar", "unnamed")],
        ),
        (
            "Kuzey Postası'nın dünkü haberine göre liman ihalesi iptal edildi.",
            "liman ihalesi iptal edildi",
            [("Kuzey Postası", "outlet")],
        ),
        (
            "Valiliğin yaptığı açıklamaya göre, yangın kontrol altına alındı.",
            "yangın kontrol altına alındı",
            [("Valilik", "institution")],
        ),
        (
            "Bölgedeki kaynakların aktardığına göre köprü gece kapandı.",
            "köprü gece kapandı",
            [("Bölgedeki kaynaklar", "unnamed")],
        ),
    ],
)
def test_claims_turkish_according_to_an_outlets_report(sentence, text, chain):
    """'X gazetesinin [tarihli | dünkü | Y'ye dayandırdığı] haberine göre, …': X, then Y."""
    assert _claims("tr", sentence) == [(text, chain, "reported", "affirmed", "indirect")]


@pytest.mark.parametrize(
    ("language", "context", "sentence", "chain"),
    [
        (
            "en",
            "The Eastbay Courier reported that the talks had resumed.",
            "The newspaper also reported that a second round was planned.",
            [("Eastbay Courier", "outlet")],
        ),
        (
            "ar",
            "ذكرت صحيفة النجمة أن المحادثات استؤنفت.",
            "وقالت الصحيفة إن جولة ثانية ستعقد قريباً.",
            [("النجمة", "outlet")],
        ),
        (
            "tr",
            "Sabah Yıldızı gazetesi, görüşmelerin yeniden başladığını yazdı.",
            "Gazete ayrıca ikinci turun planlandığını yazdı.",
            [("Sabah Yıldızı", "outlet")],
        ),
    ],
)
def test_claims_anaphora_continues_the_chain(language, context, sentence, chain):
    assert _claims(language, sentence, (context,))[0][1] == chain


@pytest.mark.parametrize(
    ("language", "sentence", "text"),
    [
        (
            "en",
            "The interior ministry denied that soldiers had fired on the crowd.",
            "soldiers had fired on the crowd",
        ),
        ("ar", "نفت وزارة الداخلية إطلاق النار على المتظاهرين.", "إطلاق النار على المتظاهرين"),
        (
            "tr",
            "İçişleri Bakanlığı, askerlerin kalabalığa ateş açtığı iddialarını yalanladı.",
            "askerlerin kalabalığa ateş açtığı",
        ),
    ],
)
def test_claims_denial_is_reported_and_denied(language, sentence, text):
    claim = _claims(language, sentence)[0]
    assert claim[0] == text
    assert (claim[1][0][1], claim[2], claim[3]) == ("institution", "reported", "denied")


@pytest.mark.parametrize(
    ("language", "sentence", "modality"),
    [
        ("en", "The Eastbay Courier claimed that the minister had resigned.", "hedged"),
        ("ar", "زعمت صحيفة (Eastbay Courier) أن الوزير قدم استقالته.", "hedged"),
        ("tr", "Eastbay Courier gazetesi, bakanın istifa ettiğini iddia etti.", "hedged"),
        ("en", "It is unclear whether the ceasefire will hold until Friday.", "questioned"),
        ("ar", "هل تصمد الهدنة حتى نهاية الأسبوع؟", "questioned"),
        ("tr", "Ateşkesin cumaya kadar sürüp sürmeyeceği belirsiz.", "questioned"),
        ("en", "The bridge over the river has been closed since last spring.", "asserted"),
        ("ar", "وأغلق الجسر فوق النهر منذ الربيع الماضي أمام حركة السيارات.", "asserted"),
        ("tr", "Nehir üzerindeki köprü geçen bahardan beri kapalı.", "asserted"),
    ],
)
def test_claims_modality(language, sentence, modality):
    assert _claims(language, sentence)[0][2] == modality


@pytest.mark.parametrize(
    ("language", "sentence", "quote", "name", "role"),
    [
        (
            "en",
            "“We will rebuild the bridge,” Transport Minister Lena Brook said.",
            "We will rebuild the bridge",
            "Lena Brook",
            "Transport Minister",
        ),
        (
            "ar",
            "وقال وزير النقل سامي الحداد: «سنعيد بناء الجسر».",
            "سنعيد بناء الجسر",
            "سامي الحداد",
            "وزير النقل",
        ),
        (
            "tr",
            "Ulaştırma Bakanı Lale Kaya, “Köprüyü yeniden inşa edeceğiz” dedi.",
            "Köprüyü yeniden inşa edeceğiz",
            "Lale Kaya",
            "Ulaştırma Bakanı",
        ),
    ],
)
def test_claims_direct_quote_with_speaker_and_role(language, sentence, quote, name, role):
    state = Discourse()
    found = analyse_sentence(sentence, language, state)[0]
    assert sentence[found.start : found.end] == quote
    assert found.quote == "direct"
    assert (found.chain[-1].name, found.chain[-1].role, found.speaker) == (name, role, name)


def test_claims_pronoun_speaker_is_the_last_named_person():
    context = ("Defence Minister Omar Reyes spoke to reporters after the cabinet meeting.",)
    claims = _claims("en", "He said that negotiations would continue next week.", context)
    assert claims[0][1] == [("Omar Reyes", "person")]


def test_claims_own_outlet_stays_out_of_the_chain():
    claims = _claims(
        "en",
        "An informed source told the Ledger that the budget was cut.",
        own="The Meridian Ledger",
    )
    assert claims[0][1] == [("An informed source", "unnamed")]


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("هاكان فيدان", "Hakan Fidan"),
        ("حميميم", "Hmeimim"),
        ("Aydınlık", "Aydinilik"),
        ("Aydinlik", "(Aydınlık)"),
        ("محمد", "Mohammad"),
    ],
)
def test_claims_names_match_across_spellings_and_scripts(a, b):
    assert same_name(a, b)
    assert skeleton(a) == skeleton(b)


@pytest.mark.parametrize(
    ("a", "b"), [("Star", "Syria"), ("حماة", "Hmeimim"), ("Reuters", "Ankara")]
)
def test_claims_names_keep_different_names_apart(a, b):
    assert not same_name(a, b)


@pytest.mark.parametrize(
    ("language", "context", "sentence", "expected"),
    [
        (
            "en",
            (),
            "Two ferries collided near the pier on May 2, the coastal weekly Harbour Lamp "
            "reported on Sunday, in what locals called the worst accident in years.",
            [("Two ferries collided near the pier on May 2", [("Harbour Lamp", "outlet")])],
        ),
        (
            "en",
            ("The Harbour Lamp reported that the pier had closed.",),
            "The paper cited engineers close to the port authority, who said the pier was unsafe.",
            [
                (
                    "the pier was unsafe",
                    [
                        ("Harbour Lamp", "outlet"),
                        ("engineers close to the port authority", "unnamed"),
                    ],
                )
            ],
        ),
        (
            "en",
            ("The port authority denied on Friday that the pier was unsafe.",),
            'Its spokesman, Omar Feld, said the report was "baseless" and that repairs had begun.',
            [
                ("the report", [("port authority", "institution"), ("Omar Feld", "person")]),
                ("repairs had begun", [("port authority", "institution"), ("Omar Feld", "person")]),
            ],
        ),
        (
            "tr",
            (),
            "Limanda yayımlanan Fener Postası gazetesi, iskelenin kapandığını yazdı.",
            [("iskelenin kapandığını", [("Fener Postası", "outlet")])],
        ),
        (
            "tr",
            ("Liman İdaresi iddiaları yalanladı.",),
            'İdare Sözcüsü Okan Dere, "İskele güvenli, bu haberler asılsızdır" dedi.',
            [
                ("İskele güvenli", [("Liman İdaresi", "institution"), ("Okan Dere", "person")]),
                ("bu haberler", [("Liman İdaresi", "institution"), ("Okan Dere", "person")]),
            ],
        ),
        (
            "ar",
            ("أعلن وزير النقل في بلدة الساحل عمر فيلد إغلاق الرصيف.",),
            'وكان فيلد قد قال أمام البرلمان إن الرصيف "آمن".',
            [('الرصيف "آمن"', [("عمر فيلد", "person")])],
        ),
        (
            "ar",
            (),
            "ونفت هيئة الموانئ، اليوم الجمعة، إغلاق الرصيف، وأكد المتحدث باسمها عمر فيلد "
            "عدم صحة ما نشرته الصحيفة.",
            [
                ("إغلاق الرصيف", [("هيئة الموانئ", "institution")]),
                (
                    "ما نشرته الصحيفة",
                    [("هيئة الموانئ", "institution"), ("عمر فيلد", "person")],
                ),
            ],
        ),
    ],
)
def test_claims_chains_in_longer_constructions(language, context, sentence, expected):
    found = _claims(language, sentence, context)
    assert [(text, chain) for text, chain, *_ in found] == expected


@pytest.mark.parametrize(
    ("language", "sentence", "name", "role"),
    [
        (
            "en",
            "The head of Valdor's weather service, Mira Holt, spoke on Monday.",
            "Mira Holt",
            "head of Valdor's weather service",
        ),
        (
            "en",
            "“It was calm,” government spokeswoman Ina Brel told reporters.",
            "Ina Brel",
            "government spokeswoman",
        ),
        (
            "ar",
            "التقى وزير خارجية فالدور سامي الحداد نظيره أمس.",
            "سامي الحداد",
            "وزير خارجية فالدور",
        ),
        (
            "tr",
            "Fener Postası, Dışişleri Bakanı Ayla Kurt'un istifa ettiğini yazdı.",
            "Ayla Kurt",
            "Dışişleri Bakanı",
        ),
    ],
)
def test_claims_entities_keep_the_role_as_written(language, sentence, name, role):
    from storyline.claims.entities import find_mentions

    people = {m.text: m.role for m in find_mentions(sentence, language) if m.kind == "person"}
    assert people.get(name) == role


FIXTURES = Path(__file__).resolve().parent / "fixtures" / "claims"
DEMO = Path(__file__).resolve().parents[1] / "src" / "storyline" / "demo"


def _analysed(store, paths) -> dict[str, Any]:
    """Ingest, segment and extract claims, then resolve sources across the articles."""
    ingest_paths(store, paths, progress=False)
    articles = {Path(a.location).stem: a for a in list_articles(store)}
    for article in articles.values():
        segment_article(store, article.id)
        claims_article(store, article.id)
    finish_claims(store, [a.id for a in articles.values()])
    return articles


def _named_chain(claim) -> list[tuple[str, str]]:
    return [
        (link["name"], link["kind"]) for link in claim["attribution"] if not link.get("implicit")
    ]


def test_claims_store_round_trip_on_both_backends(store):
    articles = _analysed(store, [FIXTURES])
    english = article_claims(store, articles["harbour-en"].id)
    arabic = article_claims(store, articles["harbour-ar"].id)
    meeting_en = next(c for c in english if "Kessel lighthouse" in c["text"])
    meeting_ar = next(c for c in arabic if "منارة كيسل" in c["text"])
    assert (meeting_en["modality"], meeting_ar["modality"]) == ("reported", "hedged")
    assert meeting_en["event_date"]["value"] == meeting_ar["event_date"]["value"] == "2025-05-09"
    assert meeting_en["event_date"]["precision"] == "day"
    # The weekly's name in both scripts resolves to one source carrying claims of both articles.
    grauwind = [s for s in list_sources(store) if s["name"] == "Grauwind"]
    assert len(grauwind) == 1
    assert {c["article_id"] for c in grauwind[0]["claims"]} == {a.id for a in articles.values()}
    denial = next(c for c in english if c["text"] == "any meeting had taken place")
    assert (denial["polarity"], _named_chain(denial)) == (
        "denied",
        [("Pellmar's foreign ministry", "institution")],
    )
    spokeswoman = next(c for c in arabic if c["text"] == "ما نشرته الصحيفة")
    assert spokeswoman["polarity"] == "denied"
    assert _named_chain(spokeswoman)[-1] == ("ليدا فوس", "person")
    hours = [
        next(c for c in found if key in c["text"])
        for found, key in ((arabic, "ثلاث ساعات"), (english, "three hours"))
    ]
    assert [[n["value"] for n in c["numbers"]] for c in hours] == [[3], [3]]
    kessel = [e for e in list_entities(store) if "Kessel" in e["aliases"]]
    assert [(e["kind"], "كيسل" in e["aliases"]) for e in kessel] == [("place", True)]
    voss = next(e for e in list_entities(store) if "Lida Voss" in e["aliases"])
    assert "ليدا فوس" in voss["aliases"]
    assert {(r["role"], r["date"]) for r in voss["roles"]} == {
        ("spokeswoman", "2025-05-14"),
        ("المتحدثة باسمها", "2025-05-15"),
    }
    before = export_claims(store)
    claims_article(store, articles["harbour-en"].id)
    finish_claims(store, [articles["harbour-en"].id])
    assert export_claims(store) == before


def test_claims_export_and_cli(tmp_path):
    db = tmp_path / "claims.db"
    with open_store(db) as opened:
        articles = _analysed(opened, [FIXTURES])
        document = build_export(opened)
    article_id = articles["harbour-en"].id
    assert {c["article_id"] for c in document["claims"]} == {a.id for a in articles.values()}
    for claim in document["claims"]:
        assert {"id", "text", "span", "attribution", "modality", "polarity", "event_date"} <= set(
            claim
        )
        text = next(a for a in articles.values() if a.id == claim["article_id"]).text
        assert text[claim["span"][0] : claim["span"][1]] == claim["text"]
    runner = CliRunner()
    listed = runner.invoke(main, ["claims", article_id, "--db", str(db), "--json"])
    assert listed.exit_code == 0, listed.output
    assert json.loads(listed.stdout) == [
        c for c in document["claims"] if c["article_id"] == article_id
    ]
    readable = runner.invoke(main, ["claims", article_id, "--db", str(db)])
    assert "Grauwind (outlet) -> diplomats close to the government in Ostrava" in readable.stdout
    sources = runner.invoke(main, ["sources", "--db", str(db), "--json"])
    assert any(s["name"] == "Lida Voss" and s["claims"] for s in json.loads(sources.stdout))
    entities = runner.invoke(main, ["entities", "--db", str(db)])
    assert "Ardo Kemp" in entities.stdout and "آردو كمب" in entities.stdout
    missing = runner.invoke(main, ["claims", "a-000000000000", "--db", str(db)])
    assert missing.exit_code == 2


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    expected = json.loads((DEMO / "expected.json").read_text(encoding="utf-8"))["articles"]
    with open_store(tmp_path_factory.mktemp("claims-demo") / "demo.db") as opened:
        articles = _analysed(opened, [DEMO / "corpus"])
        entities = list_entities(opened)
        yield {
            key: (article_claims(opened, a.id), expected[key], _roles_in(entities, a.id))
            for key, a in articles.items()
        }


def _roles_in(entities: list[dict[str, Any]], article_id: str) -> list[tuple[list[str], str]]:
    """(spellings, role) for every role an entity was given in one article."""
    return [
        (e["aliases"], r["role"])
        for e in entities
        for r in e["roles"]
        if r["article_id"] == article_id
    ]


def _same_chain(found: list[tuple[str, str]], wanted: list[dict[str, Any]]) -> bool:
    return len(found) == len(wanted) and all(
        kind == link["kind"] and same_name(name, link["name"])
        for (name, kind), link in zip(found, wanted, strict=True)
    )


DEMO_CITING = ["en-01", "ar-01", "en-02", "tr-01", "en-03", "en-04", "en-06", "tr-02"]


@pytest.mark.parametrize("key", DEMO_CITING)
def test_claims_demo_cited_chain(demo, key):
    claims, expected, _ = demo[key]
    assert any(_same_chain(_named_chain(c), expected["cited_chain"]) for c in claims)


@pytest.mark.parametrize(
    "key", ["en-01", "ar-01", "en-02", "tr-01", "en-03", "en-04", "en-06", "tr-02"]
)
def test_claims_demo_denial_and_who_denies(demo, key):
    claims, expected, _ = demo[key]
    by = expected["denial"]["by"]
    denied = [c for c in claims if c["polarity"] == "denied"]
    assert any(_same_chain(_named_chain(c), by[:1]) for c in denied)
    # A spokesperson speaks for the institution: [institution, person (role)].
    assert any(_same_chain(_named_chain(c), by) for c in claims)


@pytest.mark.parametrize("key", ["en-01", "ar-01", "en-02", "tr-01", "en-06", "tr-02"])
def test_claims_demo_meeting_date_and_conditions(demo, key):
    claims, expected, _ = demo[key]
    facts = expected["facts"]
    outer = expected["cited_chain"][:1]
    dated = [c for c in claims if (c["event_date"] or {}).get("value") == facts["meeting_date"]]
    assert any(_same_chain(_named_chain(c)[:1], outer) for c in dated)
    counted = [c for c in claims if facts["conditions"] in [n["value"] for n in c["numbers"]]]
    word = {"en": "condition", "ar": "شروط", "tr": "şart"}[expected["language"]]
    assert any(word in c["text"] for c in counted)


@pytest.mark.parametrize("key", ["en-01", "ar-01", "en-02", "tr-01", "en-06", "tr-02"])
def test_claims_demo_people_keep_their_roles(demo, key):
    _, expected, given = demo[key]
    for person in expected["people"]:
        roles = [role for names, role in given if any(same_name(n, person["name"]) for n in names)]
        wanted = set(person["role"].casefold().split())
        assert any(wanted & set(role.casefold().split()) for role in roles), person


BENCH = Path(__file__).resolve().parents[1] / "benchmarks" / "attribution"


@pytest.mark.parametrize("folder", [".", "later", "heldout"])
def test_claims_attribution_benchmark_stays_above_its_floors(folder):
    from storyline.evals.attribution import run

    floors = json.loads((BENCH / "floors.json").read_text(encoding="utf-8"))
    metrics = run(BENCH / folder, progress=False)
    for key in ("source_f1", "chain_f1"):
        for language, floor in floors[key][folder].items():
            assert metrics[key][language] >= floor, (folder, key, language)
    for language in ("en", "ar", "tr"):
        labels = set(metrics[language]["modality"])
        assert {"asserted", "reported", "hedged", "questioned"} <= labels
        assert set(metrics[language]["polarity"]) == {"affirmed", "denied"}


WORDS = st.sampled_from(
    [
        "said",
        "that",
        "the",
        "newspaper",
        "Sources",
        "denied",
        "“",
        "”",
        '"',
        ",",
        ".",
        "?",
        "according to",
        "Minister",
        "Lena Brook",
        "قال",
        "إن",
        "مصادر",
        "صحيفة",
        "نفت",
        "«",
        "»",
        "، و",
        "؟",
        "dedi",
        "gazetesi",
        "yalanladı",
        "kaynaklar",
        "göre",
        "'",
        "(",
        ")",
        "\n",
    ]
)


@settings(max_examples=40, deadline=None)
@given(st.lists(WORDS, max_size=25), st.sampled_from(["en", "ar", "tr"]))
def test_claims_any_text_gives_claims_inside_the_sentence(parts, language):
    sentence = " ".join(parts)
    for found in analyse_sentence(sentence, language, Discourse()):
        assert 0 <= found.start <= found.end <= len(sentence)
        assert found.modality in ("asserted", "reported", "hedged", "questioned")
        assert found.polarity in ("affirmed", "denied")


class CountingNlp:
    """The real spaCy pipeline, counting calls one text at a time and batched calls."""

    def __init__(self, nlp: Any) -> None:
        self.nlp = nlp
        self.single = 0
        self.batches = 0

    def __call__(self, text: str) -> Any:
        self.single += 1
        return self.nlp(text)

    def pipe(self, texts: Any) -> Any:
        self.batches += 1
        return self.nlp.pipe(texts)


def test_claims_english_article_is_parsed_in_one_spacy_batch(tmp_path, monkeypatch):
    from storyline.claims import entities, stage
    from storyline.claims.stage import extract_claims
    from storyline.store.readers import article_sentences

    with open_store(tmp_path / "claims.db") as store:
        ingest_paths(store, [FIXTURES / "harbour-en.txt"], progress=False)
        (article,) = list_articles(store)
        segment_article(store, article.id)
        sentences = article_sentences(store, article.id)
    counting = CountingNlp(entities._nlp())
    monkeypatch.setattr(entities, "_nlp", lambda: counting)
    batched = extract_claims(article, sentences)
    mentions = entities.find_mentions(article.text, "en")
    assert (counting.batches, counting.single) == (1, 0)
    # Without the batch, every sentence and the whole text is parsed on its own: same output.
    monkeypatch.setattr(stage, "parse_english", lambda texts: None)
    monkeypatch.setattr(entities, "_parsed", {})
    assert extract_claims(article, sentences) == batched
    assert entities.find_mentions(article.text, "en") == mentions
    assert counting.single > 5 and counting.batches == 1


@pytest.mark.parametrize(
    ("language", "sentence", "denier"),
    [
        (
            "en",
            "Marrow Copper Group on Wednesday disputed that sludge from its Teyla dam had ever "
            "reached the river town.",
            "Marrow Copper Group",
        ),
        (
            "ar",
            "نفى المتحدث العسكري باسم ألوية الجبل، كريم الصافي، أن تكون أي من وحداته قد اقتربت "
            "من ميناء برقان.",
            "كريم الصافي",
        ),
    ],
)
def test_claims_denial_by_a_speaker_set_off_by_time_or_apposition(language, sentence, denier):
    [found] = analyse_sentence(sentence, language, Discourse())
    assert found.polarity == "denied"
    assert found.chain[-1].name == denier


@pytest.mark.parametrize(
    ("language", "text", "claim", "source"),
    [
        (
            "ar",
            "صفران، 5 تشرين الثاني/نوفمبر 2024 (الميزاب) – نفت وزارة الدفاع، اليوم الثلاثاء، أن "
            "تكون لقواتها أي علاقة بالهجوم على القافلة.",
            "تكون لقواتها أي علاقة بالهجوم على القافلة",
            ("وزارة الدفاع", "denied"),
        ),
        (
            "en",
            "KARVEL, March 9 (Northline) - Two envoys met at the old port, officials said.",
            "Two envoys met at the old port",
            ("officials", "affirmed"),
        ),
    ],
)
def test_claims_read_past_a_wire_dateline(language, text, claim, source):
    from storyline.claims.stage import find_claims
    from storyline.text.segment import split_sentences

    found = [f for _, f in find_claims(text, language, split_sentences(text, language))]
    assert [(text[f.start : f.end], f.chain[-1].name, f.polarity) for f in found] == [
        (claim, *source)
    ]


@pytest.mark.parametrize(
    ("language", "sentence", "text"),
    [
        (
            "en",
            "Brackwater Rovers said on Monday that they had never received a bid for the striker.",
            "they had never received a bid for the striker",
        ),
        (
            "ar",
            "أكدت هيئة الموانئ أنها لم تتلق أي طلب رسمي لإغلاق الرصيف.",
            "لم تتلق أي طلب رسمي لإغلاق الرصيف",
        ),
        (
            "tr",
            "Liman idaresi, rıhtımın kapatılması için hiçbir resmi talep almadığını açıkladı.",
            "rıhtımın kapatılması için hiçbir resmi talep almadığını",
        ),
    ],
)
def test_claims_negated_report_is_a_denial(language, sentence, text):
    claim = _claims(language, sentence)[0]
    assert (claim[0], claim[2], claim[3]) == (text, "reported", "denied")


@pytest.mark.parametrize(
    ("language", "sentence"),
    [
        ("en", "The new bridge has not opened to traffic yet."),
        ("en", "The harbour board claimed that no ships had docked."),
    ],
)
def test_claims_negation_outside_a_report_is_not_a_denial(language, sentence):
    assert all(claim[3] == "affirmed" for claim in _claims(language, sentence))


@pytest.mark.parametrize(
    ("language", "sentence", "text", "denier"),
    [
        (
            "ar",
            "نفت كتائب جسر النهر أي علاقة لها بالحريق الذي اندلع في مستودع الميناء.",
            "أي علاقة لها بالحريق الذي اندلع في مستودع الميناء",
            "كتائب جسر النهر",
        ),
        (
            "en",
            "The Harrowgate Militia reject any involvement in the fire at the Dunmere depot.",
            "any involvement in the fire at the Dunmere depot",
            "Harrowgate Militia",
        ),
    ],
)
def test_claims_denied_object_names_what_is_denied(language, sentence, text, denier):
    claim = _claims(language, sentence)[0]
    assert claim[0] == text
    assert (claim[1][0][0], claim[3]) == (denier, "denied")


def test_claims_a_surname_two_relatives_share_joins_neither():
    from storyline.claims.stage import _cluster

    names = [("Ece Kaya", "person"), ("Orhan Kaya", "person"), ("Kaya", "name")]
    groups = sorted(sorted(name for name, _ in group) for group in _cluster(names))
    assert groups == [["Ece Kaya"], ["Kaya"], ["Orhan Kaya"]]
    # One person's spellings still gather round the lone surname.
    groups = _cluster([("Celan Haddur", "person"), ("Haddur", "name")])
    assert len(groups) == 1


def test_claims_a_negation_after_the_statement_is_no_denial():
    # 'not' in the clause about the unnamed source says nothing of what the source denies.
    sentence = (
        "Haddaf wrote that he would resign if the bill passed, according to one of the people, "
        "who asked not to be named because the letter has not been made public."
    )
    found = analyse_sentence(sentence, "en", Discourse())
    assert found and all(f.polarity == "affirmed" for f in found)


def test_claims_a_source_who_told_an_agency_after_the_claim():
    sentence = (
        "Orvane FC have agreed a deal to sign winger Luis Pardo from Marsk City, the club's "
        "sporting director Omar Delacroix told NPA on Thursday."
    )
    found = analyse_sentence(sentence, "en", Discourse())
    assert [(sentence[f.start : f.end], [link.name for link in f.chain]) for f in found] == [
        (
            "Orvane FC have agreed a deal to sign winger Luis Pardo from Marsk City",
            ["Omar Delacroix"],
        )
    ]


@pytest.mark.parametrize(
    ("language", "sentence", "text", "denier"),
    [
        (
            "en",
            "The Harrowgate Militia on Friday rejected what it called fabricated reports about "
            "the depot fire.",
            "The Harrowgate Militia on Friday rejected what it called fabricated reports about "
            "the depot fire",
            "Harrowgate Militia",
        ),
        (
            "ar",
            'نفى المتحدث باسم "كتائب جسر النهر"، سامر الحلبي، في بيان مساء الجمعة، ما وصفه '
            'بـ"أكاذيب حول حريق المستودع".',
            'نفى المتحدث باسم "كتائب جسر النهر"، سامر الحلبي، في بيان مساء الجمعة، ما وصفه '
            'بـ"أكاذيب حول حريق المستودع"',
            "سامر الحلبي",
        ),
        (
            "tr",
            "Liman idaresi, rıhtımın kapatıldığına ilişkin haberlere yanıt verdi.",
            "Liman idaresi, rıhtımın kapatıldığına ilişkin haberlere",
            "Liman idaresi",
        ),
        (
            "tr",
            "Liman idaresi, rıhtımın kapatıldığına ilişkin iddiaları kesinlikle reddetti.",
            "Liman idaresi, rıhtımın kapatıldığına ilişkin iddiaları kesinlikle",
            "Liman idaresi",
        ),
    ],
)
def test_claims_denial_of_the_reports_keeps_its_denier(language, sentence, text, denier):
    # What such a denial rejects is said elsewhere: the claim is the statement, denier and all.
    claim = _claims(language, sentence)[0]
    assert (claim[0], claim[1][-1][0], claim[3]) == (text, denier, "denied")


@pytest.mark.parametrize(
    ("language", "sentence"),
    [
        ("tr", "Bakan, gazetecilerin sorularına yanıt verdi."),
        ("tr", "Sınır Haber, Bakanlıktan yorum alamadığını bildirdi."),
        ("en", "A spokesman said the company had not responded to questions by Friday."),
        ("ar", "قالت الصحيفة إنها لم تتلق رداً من الشركة حتى مساء الجمعة."),
    ],
)
def test_claims_no_answer_is_no_denial(language, sentence):
    # Answering questions, or giving no answer, rejects nothing.
    assert all(claim[3] == "affirmed" for claim in _claims(language, sentence))
