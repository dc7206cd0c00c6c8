"""Stance: cue words, reproducible training, the shipped heads, and the FNC-1/ANS evals."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from conftest import shared_path
from storyline.errors import ConfigError
from storyline.evals import run_eval
from storyline.evals.stance import (
    TRAINED_CLAIMS,
    ans_metrics,
    eval_ans,
    eval_arc,
    eval_fnc1,
    eval_unifiedfc,
    fnc_score,
)
from storyline.stance import predict_pair
from storyline.stance.cues import antonym_crossings, profile
from storyline.stance.data import (
    fnc_split,
    read_arc,
    read_fnc,
    read_unifiedfc,
    unifiedfc_dev,
    unifiedfc_split,
)
from storyline.stance.embed import cache_dir
from storyline.stance.predict import artifact_dir, head_for, load_head, predict_pairs
from storyline.stance.train import RECIPES, VARIANTS, train_stance, training_sets

REPO = Path(__file__).resolve().parents[1]


def _write_csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "The ministry denied the report, calling it a hoax."),
        ("ar", "نفت الوزارة التقرير ووصفته بأنه كاذب"),
        ("tr", "Bakanlık haberi yalanladı ve asılsız olduğunu söyledi."),
    ],
)
def test_cues_refuting_words_are_counted_per_language(language: str, text: str) -> None:
    assert profile(text, language).refuting >= 1


@pytest.mark.parametrize(
    ("language", "before", "after"),
    [
        ("en", "Oil prices rise after the storm", "Oil prices fell after the storm"),
        ("ar", "ارتفاع أسعار النفط بعد العاصفة", "انخفاض اسعار النفط بعد العاصفة"),
        (
            "tr",
            "Petrol fiyatları fırtınadan sonra yükseldi",
            "Petrol fiyatları fırtınadan sonra düştü",
        ),
    ],
)
def test_cues_antonyms_cross_two_texts(language: str, before: str, after: str) -> None:
    assert antonym_crossings(profile(before, language), profile(after, language)) == 1
    assert antonym_crossings(profile(before, language), profile(before, language)) == 0


def test_cues_negation_scopes_over_the_next_words() -> None:
    found = profile("The army did not withdraw from the town", "en")
    assert found.negation == 1
    assert "withdraw" in found.negated


def test_stance_fnc_score_weights_related_and_exact_class() -> None:
    gold = ["agree", "unrelated", "discuss", "disagree"]
    assert fnc_score(gold, gold) == 100.0
    # agree read as discuss: right about relatedness only (0.25 of 1.0).
    assert fnc_score(["agree"], ["discuss"]) == 25.0
    assert fnc_score(["unrelated"], ["agree"]) == 0.0


def _arc_slice(folder: Path, claims: int, part: str = "train") -> Path:
    """The ARC pairs of the first `claims` debate claims (by name), with their posts."""
    arc = shared_path("bench", "arc")
    with (arc / "arc_stances_train.csv").open(encoding="utf-8", newline="") as handle:
        stances = list(csv.reader(handle))[1:]
    chosen_claims = set(sorted({row[0] for row in stances})[:claims])
    chosen = [row for row in stances if row[0] in chosen_claims]
    wanted = {row[1] for row in chosen}
    with (arc / "arc_bodies.csv").open(encoding="utf-8", newline="") as handle:
        bodies = [row for row in list(csv.reader(handle))[1:] if row[0] in wanted]
    _write_csv(folder / "arc_bodies.csv", ["Body ID", "articleBody"], bodies)
    _write_csv(folder / f"arc_stances_{part}.csv", ["Headline", "Body ID", "Stance"], chosen)
    return folder


def _unifiedfc_slice(folder: Path, claims: int, characters: int = 1500) -> Path:
    """The first `claims` UnifiedFC claims, each article cut to `characters`."""
    lines = (shared_path("bench", "unifiedfc") / "claims.jsonl").read_text(encoding="utf-8")
    rows = [json.loads(line) for line in lines.splitlines()[:claims]]
    for row in rows:
        row["article"] = [article[:characters] for article in row["article"]]
    folder.mkdir(parents=True, exist_ok=True)
    text = "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
    (folder / "claims.jsonl").write_text(text, encoding="utf-8")
    return folder


def _small_bench(root: Path) -> Path:
    """A small slice of FNC-1, ARC, UnifiedFC, ANS and Tatoeba, laid out like ../shared/bench."""
    fnc = shared_path("bench", "fnc1")
    ans = shared_path("bench", "ans")
    with (fnc / "train_stances.csv").open(encoding="utf-8", newline="") as handle:
        stances = list(csv.reader(handle))[1:]
    chosen = [row for row in stances if int(row[1]) < 120][:300]
    wanted = {row[1] for row in chosen}
    with (fnc / "train_bodies.csv").open(encoding="utf-8", newline="") as handle:
        bodies = [row for row in list(csv.reader(handle))[1:] if row[0] in wanted]
    _write_csv(root / "fnc1" / "train_bodies.csv", ["Body ID", "articleBody"], bodies)
    _write_csv(root / "fnc1" / "train_stances.csv", ["Headline", "Body ID", "Stance"], chosen)
    _arc_slice(root / "arc", claims=2)
    _unifiedfc_slice(root / "unifiedfc", claims=12, characters=600)
    for name in ("stance_train.csv", "stance_dev.csv"):
        with (ans / name).open(encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle))[1:61]
        _write_csv(root / "ans" / name, ["s1", "s2", "stance"], rows)
    (root / "tatoeba").mkdir()
    for source in sorted(shared_path("bench", "tatoeba").iterdir()):
        lines = source.read_text(encoding="utf-8").splitlines()[:40]
        (root / "tatoeba" / source.name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root


def test_stance_ans_scoring_files_unrelated_under_other() -> None:
    scored = ans_metrics(["other", "agree"], ["unrelated", "agree"])
    assert scored["accuracy"] == 1.0
    assert scored["confusion"]["other"]["other"] == 1


def test_stance_fnc_dev_split_shares_no_body_and_no_related_headline() -> None:
    train, dev = fnc_split(read_fnc(shared_path("bench", "fnc1"), "train"))
    assert 0.15 < len(dev) / (len(train) + len(dev)) < 0.3
    assert not {pair.b_key for pair in train} & {pair.b_key for pair in dev}
    trained_headlines = {pair.a for pair in train}
    assert not any(pair.a in trained_headlines for pair in dev if pair.label != "unrelated")
    assert {pair.label for pair in dev} == {"agree", "disagree", "discuss", "unrelated"}


def test_stance_arc_dev_split_shares_no_post_and_no_related_claim() -> None:
    train, dev = fnc_split(read_arc(shared_path("bench", "arc"), "train"))
    assert 0.15 < len(dev) / (len(train) + len(dev)) < 0.3
    assert not {pair.b_key for pair in train} & {pair.b_key for pair in dev}
    trained_claims = {pair.a for pair in train}
    assert not any(pair.a in trained_claims for pair in dev if pair.label != "unrelated")
    assert {pair.label for pair in dev} == {"agree", "disagree", "discuss", "unrelated"}


def test_stance_unifiedfc_dev_part_is_whole_claims_by_id() -> None:
    pairs = read_unifiedfc(shared_path("bench", "unifiedfc") / "claims.jsonl")
    train, dev = unifiedfc_split(pairs)
    assert len(train) + len(dev) == len(pairs)
    dev_claims = {pair.claim for pair in dev}
    assert not dev_claims & {pair.claim for pair in train}
    assert all(unifiedfc_dev(claim or "") for claim in dev_claims)
    assert 0.15 < len(dev_claims) / len({pair.claim for pair in pairs}) < 0.25
    assert all(pair.languages == ("ar", "ar") for pair in pairs[:20])


@pytest.mark.parametrize(
    ("head", "also", "sets"),
    [
        ("fnc1", (), ("fnc1",)),
        ("fnc1-xling", (), ("fnc1",)),
        ("fnc1", ("arc", "unifiedfc"), ("fnc1", "arc")),
        ("fnc1-xling", ("arc", "unifiedfc"), ("fnc1", "arc", "unifiedfc")),
        ("ans-xling", ("arc", "unifiedfc"), ("ans", "claim pairs")),
    ],
)
def test_stance_optional_sets_join_only_the_heads_they_are_for(
    head: str, also: tuple[str, ...], sets: tuple[str, ...]
) -> None:
    assert training_sets(head, also) == sets


def test_stance_unifiedfc_rejects_a_claim_without_its_stances(tmp_path: Path) -> None:
    row = {"id": "X-1", "claim": "ادعاء", "article": ["نص"], "stance": []}
    (tmp_path / "claims.jsonl").write_text(json.dumps(row) + "\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="1 articles but 0 stances"):
        read_unifiedfc(tmp_path / "claims.jsonl")


@pytest.mark.parametrize(
    ("text_a", "text_b", "languages", "head"),
    [
        ("Prices rose.", "Prices fell.", ("en", "en"), "ans-xling"),
        ("ارتفعت الأسعار", "انخفضت الأسعار", ("ar", "ar"), "ans"),
        ("Prices rose.", "ارتفعت الأسعار", ("en", "ar"), "ans-xling"),
        ("Prices rose.", "One. Two. Three. Four.", ("en", "en"), "fnc1"),
        ("ارتفعت الأسعار", "One. Two. Three. Four.", ("ar", "en"), "fnc1-xling"),
        ("ارتفعت الأسعار", "واحد. اثنان. ثلاثة. أربعة.", ("ar", "ar"), "fnc1-xling"),
    ],
)
def test_stance_head_for_follows_length_and_languages(
    text_a: str, text_b: str, languages: tuple[str, str], head: str
) -> None:
    assert head_for(text_a, text_b, *languages) == head


def test_stance_encoder_cache_is_outside_the_repository() -> None:
    assert not cache_dir().resolve().is_relative_to(REPO)


def test_stance_shipped_heads_are_small_and_complete() -> None:
    names = {path.name for path in artifact_dir().iterdir()}
    for head in RECIPES:
        for suffix in VARIANTS:
            assert {f"{head}{suffix}.json", f"{head}{suffix}.npz"} <= names
    total = sum(path.stat().st_size for path in artifact_dir().iterdir())
    assert total < 6 * 1024 * 1024


@pytest.mark.slow
def test_stance_training_is_reproducible_bit_for_bit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A fresh encoder cache: the second run reads the vectors the first one wrote.
    monkeypatch.setenv("STORYLINE_CACHE_DIR", str(tmp_path / "cache"))
    bench = _small_bench(tmp_path / "bench")
    first = train_stance(bench, tmp_path / "one", progress=False)
    second = train_stance(bench, tmp_path / "two", progress=False)
    assert first == second
    files = sorted(path.name for path in (tmp_path / "one").iterdir())
    assert {"fnc1.npz", "ans-nocue.json", "ans-xling.npz", "fnc1-xling.json"} <= set(files)
    for name in files:
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()
    assert set(first["fnc1"]) >= {"fnc_score", "macro_f1", "per_class", "confusion"}
    assert {"fnc1 arc", "fnc1-xling unifiedfc", "ans-xling claim pairs"} <= set(first)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("claim", "text", "language", "expected"),
    [
        (
            "The company confirmed it will close the factory next month",
            "The company denied reports that it will close the factory, calling them false "
            "rumours. A spokesman said the plant would keep running. Workers were told their "
            "jobs were safe. No closure is planned.",
            "en",
            "disagree",
        ),
        (
            "The company will close the factory next month",
            "The company confirmed on Monday that it will close the factory next month. "
            "A spokesman said production would move abroad. About 400 workers will lose "
            "their jobs. Unions called the decision a betrayal.",
            "en",
            "agree",
        ),
        ("ارتفاع أسعار الذهب في الأسواق العالمية", "انخفاض أسعار الذهب في الأسواق العالمية", "ar",
         "disagree"),
        ("الحكومة تعلن رفع أسعار الوقود", "الحكومة ترفع أسعار الوقود رسميا", "ar", "agree"),
    ],
)  # fmt: skip
def test_stance_shipped_heads_read_hand_written_pairs(
    claim: str, text: str, language: str, expected: str
) -> None:
    result = predict_pair(claim, text, language, language)
    assert result["label"] == expected
    assert abs(sum(result["scores"].values()) - 1.0) < 1e-3


@pytest.mark.slow
def test_stance_evals_return_their_keys_on_small_files(tmp_path: Path) -> None:
    folder = tmp_path / "fnc"
    body = (
        "Officials said the bridge collapsed on Tuesday after heavy rain. "
        "Rescue teams searched the river. Two people were injured."
    )
    _write_csv(folder / "competition_test_bodies.csv", ["Body ID", "articleBody"], [["7", body]])
    _write_csv(
        folder / "competition_test_stances.csv",
        ["Headline", "Body ID", "Stance"],
        [["Bridge collapses after heavy rain", "7", "agree"],
         ["New phone model goes on sale", "7", "unrelated"]],
    )  # fmt: skip
    fnc = eval_fnc1(folder, progress=False)
    assert {"fnc_score", "macro_f1", "per_class", "confusion"} <= set(fnc)
    assert fnc["split"] == "competition_test" and fnc["pairs"] == 2

    _write_csv(
        tmp_path / "ans" / "stance_test.csv",
        ["s1", "s2", "stance"],
        [["افتتاح المعرض في موعده", "تأجيل افتتاح المعرض", "disagree"],
         ["افتتاح المعرض في موعده", "المعرض يفتتح في الموعد المحدد", "agree"]],
    )  # fmt: skip
    ans = eval_ans(tmp_path / "ans", progress=False)
    assert {"macro_f1", "accuracy", "per_class", "confusion"} <= set(ans)
    assert ans["pairs"] == 2


@pytest.mark.slow
@pytest.mark.parametrize(
    ("claim", "text", "languages", "expected"),
    [
        ("The minister said the border crossing will reopen on Monday",
         "قال الوزير إن المعبر الحدودي سيعاد فتحه يوم الاثنين", ("en", "ar"), "agree"),
        ("The minister said the border crossing will reopen on Monday",
         "نفى الوزير أن يكون المعبر الحدودي سيعاد فتحه يوم الاثنين", ("en", "ar"), "disagree"),
        ("Officials met at the air base on June 11",
         "Yetkililer 11 Haziran'da hava üssünde bir araya geldi", ("en", "tr"), "agree"),
        ("The minister said the border crossing will reopen on Monday",
         "فاز الفريق المحلي بالبطولة بعد مباراة مثيرة", ("en", "ar"), "unrelated"),
    ],
)  # fmt: skip
def test_stance_cross_language_pairs_use_the_cross_language_head(
    claim: str, text: str, languages: tuple[str, str], expected: str
) -> None:
    result = predict_pair(claim, text, *languages)
    assert result["head"] == "ans-xling"
    assert result["label"] == expected
    assert result["stance"] == {"agree": "supports", "disagree": "denies",
                                "unrelated": "unrelated"}[expected]  # fmt: skip


@pytest.mark.slow
def test_stance_batch_prediction_matches_one_by_one() -> None:
    pairs = [
        ("The company will close the factory", "الشركة ستغلق المصنع", "en", "ar"),
        ("ارتفاع أسعار الذهب", "انخفاض أسعار الذهب", "ar", "ar"),
    ]
    assert predict_pairs(pairs) == [predict_pair(*pair) for pair in pairs]


@pytest.mark.slow
def test_stance_arc_eval_scores_held_out_claims_or_the_test_file(tmp_path: Path) -> None:
    dev_run = run_eval("arc", _arc_slice(tmp_path / "dev", claims=4), progress=False)
    assert {"fnc_score", "macro_f1", "per_class"} <= set(dev_run)
    assert set(dev_run["per_class"]["disagree"]) >= {"precision", "recall", "f1"}
    held_out = fnc_split(read_arc(tmp_path / "dev", "train"))[1]
    assert dev_run["split"] == "train_dev_split" and dev_run["pairs"] == len(held_out)
    test_run = eval_arc(_arc_slice(tmp_path / "test", claims=2, part="test"), progress=False)
    assert test_run["split"] == "test"
    assert test_run["pairs"] == len(read_arc(tmp_path / "test", "test"))


@pytest.mark.slow
def test_stance_unifiedfc_eval_never_scores_a_trained_claim(tmp_path: Path) -> None:
    folder = _unifiedfc_slice(tmp_path / "ufc", claims=12)
    pairs = read_unifiedfc(folder / "claims.jsonl")
    trained = set(load_head("fnc1-xling").info.get(TRAINED_CLAIMS, []))
    result = run_eval("unifiedfc", folder, progress=False)
    assert {"macro_f1", "accuracy", "per_class"} <= set(result)
    assert result["model"] == "fnc1-xling"
    scored = [pair for pair in pairs if pair.claim not in trained]
    if trained:
        # The slice holds trained claims: only our dev part is scored.
        scored = [pair for pair in pairs if unifiedfc_dev(pair.claim or "")]
        assert result["split"] == "train_dev_split"
    assert result["pairs"] == len(scored)
    assert result["claims"] == len({pair.claim for pair in scored})
    forced = eval_unifiedfc(folder, progress=False, split="dev")
    assert forced["pairs"] == len([pair for pair in pairs if unifiedfc_dev(pair.claim or "")])
