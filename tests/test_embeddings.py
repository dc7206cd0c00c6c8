"""Encoders, margin scoring and the tatoeba/sts evals, on the real packaged models."""

from __future__ import annotations

from collections import OrderedDict
from pathlib import Path

import numpy as np
import pytest

from storyline.embeddings import (
    CombinedEncoder,
    E5Encoder,
    Encoder,
    Kind,
    USEEncoder,
    get_encoder,
    margin_scores,
    models,
    prepare,
    remove_common,
)
from storyline.embeddings import stage as embeddings_stage
from storyline.embeddings.base import normalise_rows
from storyline.errors import ConfigError, ModelError
from storyline.evals.retrieval import sts, tatoeba
from storyline.ids import content_hash, short_id
from storyline.model import Article, Outlet, PublishedDate, TextSpan
from storyline.store.articles import save_article
from storyline.store.base import Store
from storyline.text.stage import segment_article

pytestmark = pytest.mark.slow

ENGLISH = [
    "The minister arrived in the capital on Tuesday for talks.",
    "Heavy rain flooded the streets of the old city.",
    "The central bank raised interest rates by half a point.",
    "Three soldiers were wounded in an attack on the checkpoint.",
    "The football team won the championship after a penalty shootout.",
    "Schools will stay closed until the end of the week.",
]
ARABIC = [
    "وصل الوزير إلى العاصمة يوم الثلاثاء لإجراء محادثات.",
    "أغرقت الأمطار الغزيرة شوارع المدينة القديمة.",
    "رفع البنك المركزي أسعار الفائدة بمقدار نصف نقطة.",
    "أصيب ثلاثة جنود في هجوم على نقطة التفتيش.",
    "فاز فريق كرة القدم بالبطولة بعد ركلات الترجيح.",
    "ستبقى المدارس مغلقة حتى نهاية الأسبوع.",
]
TURKISH = [
    "Bakan görüşmeler için salı günü başkente geldi.",
    "Şiddetli yağmur eski şehrin sokaklarını sular altında bıraktı.",
    "Merkez bankası faiz oranlarını yarım puan artırdı.",
    "Kontrol noktasına düzenlenen saldırıda üç asker yaralandı.",
    "Futbol takımı penaltı atışlarının ardından şampiyonluğu kazandı.",
    "Okullar hafta sonuna kadar kapalı kalacak.",
]


@pytest.fixture(scope="module", params=["e5", "use", "combined"])
def encoder(request):
    return get_encoder(request.param)


def test_embeddings_rows_are_unit_float32_and_deterministic(encoder) -> None:
    first = encoder.encode(ENGLISH[:3] + ARABIC[:3], "passage")
    again = encoder.encode(ENGLISH[:3] + ARABIC[:3], "passage")
    assert first.shape == (6, encoder.dim)
    assert first.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(first, axis=1), 1.0, atol=1e-5)
    np.testing.assert_array_equal(first, again)


def test_embeddings_empty_input_gives_no_rows(encoder) -> None:
    assert encoder.encode([], "query").shape == (0, encoder.dim)


@pytest.mark.parametrize("other", [ARABIC, TURKISH], ids=["ar", "tr"])
def test_embeddings_translation_scores_above_unrelated_pair(encoder, other) -> None:
    english = encoder.encode(ENGLISH[:2], "query")
    foreign = encoder.encode(other[:2], "query")
    assert english[0] @ foreign[0] > english[0] @ foreign[1]
    assert english[1] @ foreign[1] > english[1] @ foreign[0]


@pytest.mark.parametrize("other", [ARABIC, TURKISH], ids=["ar", "tr"])
def test_embeddings_margin_ranks_true_translation_first(encoder, other) -> None:
    english = encoder.encode_collection(ENGLISH, "query")
    foreign = encoder.encode_collection(other, "query")
    scores = margin_scores(foreign, english, k=2)
    assert scores.shape == (len(other), len(ENGLISH))
    assert list(scores.argmax(axis=1)) == list(range(len(other)))
    assert list(scores.argmax(axis=0)) == list(range(len(ENGLISH)))


def test_embeddings_margin_is_cosine_over_neighbour_means() -> None:
    a = np.eye(3, dtype=np.float32)
    b = np.array([[1, 0, 0], [0.6, 0.8, 0], [0, 0, 1]], dtype=np.float32)
    scores = margin_scores(a, b, k=1)
    # Row 0's nearest is column 0 (1.0); column 0's nearest is row 0 (1.0).
    assert scores[0, 0] == pytest.approx(1.0)
    # cos 0.8 / ((row 1 best 0.8 + column 1 best 0.8) / 2) = 1.
    assert scores[1, 1] == pytest.approx(1.0)
    # cos 0.6 / ((row 0 best 1.0 + column 1 best 0.8) / 2).
    assert scores[0, 1] == pytest.approx(0.6 / 0.9)


def test_embeddings_combined_cosine_is_weighted_mean_of_members() -> None:
    e5, use = E5Encoder(), USEEncoder()
    combined = CombinedEncoder([(e5, 3.0), (use, 1.0)])
    texts = [ENGLISH[0], ARABIC[0]]
    vectors = combined.encode(texts, "query")
    expected = 0.75 * (e5.encode(texts, "query")[0] @ e5.encode(texts, "query")[1]) + 0.25 * (
        use.encode(texts)[0] @ use.encode(texts)[1]
    )
    assert combined.dim == e5.dim + use.dim
    assert vectors[0] @ vectors[1] == pytest.approx(expected, abs=1e-5)


def test_embeddings_remove_common_drops_mean_and_top_direction() -> None:
    rng = np.random.default_rng(0)
    shared = np.zeros(8, dtype=np.float32)
    shared[0] = 1.0
    # Every row leans on one shared axis by a varying amount: the collection's top direction.
    vectors = rng.normal(size=(60, 8)).astype(np.float32) + rng.normal(5, 3, (60, 1)) * shared
    cleaned = remove_common(vectors, components=1)
    np.testing.assert_allclose(np.linalg.norm(cleaned, axis=1), 1.0, atol=1e-5)
    assert np.abs(cleaned[:, 0]).max() < 0.2
    assert np.abs(cleaned.mean(axis=0)).max() < 0.05


def test_embeddings_prepare_drops_arabic_diacritics_and_tatweel() -> None:
    assert prepare("كَتَبَ  الـــولد") == "كتب الولد"
    assert prepare("Şikâyet  edecek") == "Şikâyet edecek"


def test_embeddings_registry_reads_environment(monkeypatch) -> None:
    monkeypatch.setenv("STORYLINE_ENCODER", "use")
    assert get_encoder().name == "use"
    monkeypatch.delenv("STORYLINE_ENCODER")
    assert get_encoder().name == "e5qp+use"
    with pytest.raises(ConfigError):
        get_encoder("word2vec")


def test_embeddings_tatoeba_eval_reports_each_language(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("STORYLINE_ENCODER", "combined")
    (tmp_path / "ara-eng.ara").write_text("\n".join(ARABIC) + "\n", encoding="utf-8")
    (tmp_path / "ara-eng.eng").write_text("\n".join(ENGLISH) + "\n", encoding="utf-8")
    (tmp_path / "tur-eng.tur").write_text("\n".join(TURKISH) + "\n", encoding="utf-8")
    (tmp_path / "tur-eng.eng").write_text("\n".join(ENGLISH) + "\n", encoding="utf-8")
    metrics = tatoeba(tmp_path, progress=False)
    assert set(metrics) >= {"ara", "tur", "ara_to_eng", "eng_to_ara", "tur_to_eng", "eng_to_tur"}
    assert metrics["ara"] == 1.0
    assert metrics["tur"] == 1.0


def test_embeddings_sts_eval_correlates_per_file(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("STORYLINE_ENCODER", "use")
    rows = [
        ("5.0", ENGLISH[0], "The minister came to the capital on Tuesday for talks."),
        ("0.0", ENGLISH[1], ENGLISH[2]),
        ("4.0", ARABIC[2], "البنك المركزي رفع الفائدة نصف نقطة."),
        ("0.2", ARABIC[3], ARABIC[4]),
    ]
    lines = [f"{gold}\t {first}\t{second} " for gold, first, second in rows]
    (tmp_path / "track9.xx-xx.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (tmp_path / "track1.en-en.tsv").write_text("\n".join(lines[:2] + lines[:1]), encoding="utf-8")
    metrics = sts(tmp_path, progress=False)
    assert set(metrics) == {"encoder", "track9.xx-xx", "track1.en-en"}
    assert metrics["track9.xx-xx"] > 80


def test_embeddings_sentence_transformers_error_names_the_extra() -> None:
    try:
        import sentence_transformers  # noqa: F401
    except ImportError:
        with pytest.raises(ConfigError, match=r"storyline\[sentence-transformers\]"):
            get_encoder("st:/no/such/model")
    else:
        with pytest.raises(ModelError, match="/no/such/model"):
            get_encoder("st:/no/such/model")


class CountingEncoder(Encoder):
    """The real encoder, counting the texts it is asked to embed."""

    def __init__(self, inner: Encoder) -> None:
        self.inner = inner
        self.name = inner.name
        self.dim = inner.dim
        self.embedded: list[str] = []

    def encode(self, texts, kind: Kind = "passage") -> np.ndarray:
        self.embedded.extend(texts)
        return self.inner.encode(texts, kind)


@pytest.fixture(scope="module")
def combined_encoder() -> Encoder:
    return get_encoder("combined-fast")


@pytest.fixture
def counting(monkeypatch, combined_encoder) -> CountingEncoder:
    encoder = CountingEncoder(combined_encoder)
    monkeypatch.setattr(embeddings_stage, "store_encoder", lambda: encoder)
    monkeypatch.setattr(embeddings_stage, "_memory", type(embeddings_stage._memory)())
    return encoder


def _add_article(store: Store, title: str, sentences: list[str], language: str) -> str:
    text = "\n\n".join(sentences)
    fingerprint = content_hash(text)
    article = Article(
        id=short_id("a", fingerprint),
        location=f"fixture/{fingerprint[:8]}.txt",
        url=None,
        outlet=Outlet(),
        title=title,
        language=language,
        language_confidence=1.0,
        published=PublishedDate(),
        text=text,
        original=text,
        text_map=(TextSpan(0, 0, len(text)),),
        content_hash=fingerprint,
    )
    _, article_id = save_article(store, article)
    segment_article(store, article_id)
    return article_id


def test_embeddings_stage_embeds_each_text_once(store: Store, counting: CountingEncoder) -> None:
    shared = ENGLISH[2]
    first = _add_article(store, "Rates rise", [ENGLISH[0], shared], "en")
    second = _add_article(store, "Rates rise", [shared, ENGLISH[3]], "en")
    assert embeddings_stage.embed_article(store, first) == 2
    assert embeddings_stage.embed_article(store, second) == 2
    # Four distinct texts: three sentences and the title both articles share.
    assert sorted(counting.embedded) == sorted([ENGLISH[0], shared, ENGLISH[3], "Rates rise"])
    counting.embedded.clear()
    embeddings_stage.embed_article(store, first)
    embeddings_stage.embed_article(store, second)
    embeddings_stage.sentence_vectors(store, second)
    embeddings_stage.article_vector(store, first)
    assert counting.embedded == []
    rows = store.query_one("SELECT COUNT(*) AS n FROM embeddings")
    assert rows is not None and rows["n"] == 4


def test_embeddings_stage_vectors_are_unit_rows_in_sentence_order(
    store: Store, counting: CountingEncoder
) -> None:
    article_id = _add_article(store, "Floods", [ENGLISH[1], ENGLISH[5], ENGLISH[4]], "en")
    embeddings_stage.embed_article(store, article_id)
    rows = embeddings_stage.sentence_vectors(store, article_id)
    assert rows.shape == (3, counting.dim) and rows.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(rows, axis=1), 1.0, atol=1e-5)
    # The stored rows are the vectors encode_texts gives for those sentences, in order.
    fresh = embeddings_stage.encode_texts([ENGLISH[1], ENGLISH[5], ENGLISH[4]], "en")
    np.testing.assert_allclose(rows, fresh, atol=1e-5)
    vector = embeddings_stage.article_vector(store, article_id)
    assert vector.shape == (counting.dim,)
    assert np.linalg.norm(vector) == pytest.approx(1.0, abs=1e-5)


def test_embeddings_encode_texts_caches_in_memory(counting: CountingEncoder) -> None:
    first = embeddings_stage.encode_texts([ARABIC[0], ENGLISH[0]], "ar")
    again = embeddings_stage.encode_texts([ENGLISH[0], ARABIC[0]])
    assert counting.embedded == [ARABIC[0], ENGLISH[0]]
    np.testing.assert_array_equal(first[::-1], again)
    assert embeddings_stage.encode_texts([]).shape == (0, counting.dim)


def test_embeddings_stage_translation_is_closer_across_languages(
    store: Store, counting: CountingEncoder
) -> None:
    arabic = _add_article(store, "الأمطار تغرق المدينة", ARABIC[1:4], "ar")
    english = _add_article(store, "Rain floods the city", ENGLISH[1:4], "en")
    unrelated = _add_article(store, "Cup final", [ENGLISH[4], ENGLISH[0], ENGLISH[5]], "en")
    for article_id in (arabic, english, unrelated):
        embeddings_stage.embed_article(store, article_id)
    arabic_vector = embeddings_stage.article_vector(store, arabic)
    assert arabic_vector @ embeddings_stage.article_vector(
        store, english
    ) > arabic_vector @ embeddings_stage.article_vector(store, unrelated)
    similarities = (
        embeddings_stage.sentence_vectors(store, arabic)
        @ embeddings_stage.sentence_vectors(store, english).T
    )
    assert list(similarities.argmax(axis=1)) == [0, 1, 2]


def test_embeddings_e5_row_does_not_depend_on_its_batch() -> None:
    # What lets e5 rows be encoded ahead in large batches and reused: a text's row is the same,
    # bit for bit, alone or among others.
    engine = models._e5_model()
    alone = models._batched([ENGLISH[0]], engine.query, E5Encoder.dim)
    among = models._batched([*ARABIC, ENGLISH[0], *TURKISH], engine.query, E5Encoder.dim)
    np.testing.assert_array_equal(alone[0], among[len(ARABIC)])


class CountingE5:
    """The real e5 engine, counting the texts it is given per call."""

    def __init__(self, engine) -> None:
        self.engine = engine
        self.calls: list[list[str]] = []

    def query(self, texts):
        self.calls.append(list(texts))
        return self.engine.query(texts)

    def passage(self, texts):
        self.calls.append(list(texts))
        return self.engine.passage(texts)


@pytest.fixture
def e5_engine(monkeypatch) -> CountingE5:
    engine = CountingE5(models._e5_model())
    monkeypatch.setattr(models, "_e5_model", lambda: engine)
    monkeypatch.setattr(models, "_e5_memory", OrderedDict())
    return engine


def test_embeddings_e5_encodes_each_text_once_per_prefix(e5_engine: CountingE5) -> None:
    first = E5Encoder().encode([ENGLISH[0], ENGLISH[1]], "query")
    again = E5Encoder().encode([ENGLISH[1], ENGLISH[2], ENGLISH[0]], "query")
    E5Encoder().encode([ENGLISH[0]], "passage")
    assert e5_engine.calls == [[ENGLISH[0], ENGLISH[1]], [ENGLISH[2]], [ENGLISH[0]]]
    np.testing.assert_array_equal(again[[2, 0]], first)


def test_embeddings_stage_encodes_following_articles_ahead(
    store: Store, monkeypatch, combined_encoder: Encoder, e5_engine: CountingE5
) -> None:
    monkeypatch.setattr(embeddings_stage, "store_encoder", lambda: combined_encoder)
    articles = {
        _add_article(store, f"Story {i}", [ENGLISH[i], ARABIC[i], TURKISH[i]], "en"): i
        for i in range(3)
    }
    ordered = sorted(articles)
    embeddings_stage.embed_article(store, ordered[0])
    # One e5 batch: the first article's texts and those of the articles after it.
    assert len(e5_engine.calls) == 1
    expected = {
        text for i in range(3) for text in (ENGLISH[i], ARABIC[i], TURKISH[i], f"Story {i}")
    }
    assert sorted(e5_engine.calls[0]) == sorted(expected)
    for article_id in ordered[1:]:
        embeddings_stage.embed_article(store, article_id)
    assert len(e5_engine.calls) == 1
    # The stored rows are, bit for bit, those of encoding each article on its own.
    for article_id, i in articles.items():
        monkeypatch.setattr(models, "_e5_memory", OrderedDict())
        texts = [ENGLISH[i], ARABIC[i], TURKISH[i], f"Story {i}"]
        alone = normalise_rows(combined_encoder.encode(texts, "query"))[:3]
        np.testing.assert_array_equal(embeddings_stage.sentence_vectors(store, article_id), alone)


def test_embeddings_stage_reads_ahead_only_inside_its_plan(
    store: Store, monkeypatch, combined_encoder: Encoder, e5_engine: CountingE5
) -> None:
    """A worker told its shard does not encode the texts of the next shard's articles."""
    monkeypatch.setattr(embeddings_stage, "store_encoder", lambda: combined_encoder)
    monkeypatch.setattr(embeddings_stage, "_planned", [])
    monkeypatch.setattr(embeddings_stage, "_planned_at", {})
    articles = {
        _add_article(store, f"Plan {i}", [ENGLISH[i], ARABIC[i], TURKISH[i]], "en"): i
        for i in range(3)
    }
    ordered = sorted(articles)
    embeddings_stage.plan_ahead(store, ordered[:2])
    embeddings_stage.embed_article(store, ordered[0])
    shard = {
        text
        for i in (articles[ordered[0]], articles[ordered[1]])
        for text in (ENGLISH[i], ARABIC[i], TURKISH[i], f"Plan {i}")
    }
    assert [sorted(call) for call in e5_engine.calls] == [sorted(shard)]


def test_embeddings_stage_articles_sharing_an_uncached_text_stay_together(
    store: Store, counting: CountingEncoder
) -> None:
    shared = ENGLISH[2]
    first = _add_article(store, "Rates rise", [ENGLISH[0], shared], "en")
    other = _add_article(store, "Floods", [ENGLISH[1]], "en")
    copy = _add_article(store, "Rates rise again", [shared, ENGLISH[4]], "en")
    todo = sorted([first, other, copy])
    runs = embeddings_stage.sharing_runs(store, todo)
    assert sorted(runs) == sorted([sorted([first, copy]), [other]])
    assert all(run == sorted(run) for run in runs)
    # Once the shared text is cached, nothing ties the two.
    embeddings_stage.embed_article(store, first)
    assert sorted(embeddings_stage.sharing_runs(store, [other, copy])) == sorted([[other], [copy]])
