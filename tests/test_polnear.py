"""PolNeAR attribution: the brat reader, the content and content+source scores, the eval."""

from __future__ import annotations

from click.testing import CliRunner

from conftest import shared_path
from storyline.cli import main
from storyline.evals.polnear import Attribution, Claim, found_claims, match, read_brat, run, score

TEXT = (
    "The mayor said the bridge will reopen in May. Engineers found cracks in two piers, "
    "a report says. The council, it seems, wants repairs first and a vote later. Nobody asked."
)
# Three attributions: a plain one, a postposed source, and one without a source whose content
# is discontinuous ('repairs first' … 'a vote later'). T4/T8/T11 are brat's event triggers.
ANN = """T1\tSource 0 9\tThe mayor
T2\tCue 10 14\tsaid
T3\tContent 15 44\tthe bridge will reopen in May
T4\tAttribution 10 14\tsaid
E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1
T5\tContent 46 81\tEngineers found cracks in two piers
T6\tSource 83 91\ta report
T7\tCue 92 96\tsays
T8\tAttribution 92 96\tsays
E2\tAttribution:T8 Cue:T7 Source:T6 Content:T5
T9\tCue 121 126\twants
T10\tContent 127 140;145 157\trepairs first a vote later
T11\tAttribution-no-source 121 126\twants
E3\tAttribution-no-source:T11 Content:T10 Cue:T9
T12\tDiscard 159 171\tNobody asked
"""


def test_polnear_read_brat_links_content_source_and_cue():
    gold = read_brat(ANN)
    assert gold == [
        Attribution(((15, 44),), ((0, 9),), ((10, 14),)),
        Attribution(((46, 81),), ((83, 91),), ((92, 96),)),
        Attribution(((127, 140), (145, 157)), None, ((121, 126),)),
    ]


def test_polnear_score_counts_content_and_source_matches():
    found = [
        Claim(((15, 44),), ((0, 9),)),  # right content, right source
        Claim(((46, 70),), ((0, 9),)),  # 'Engineers found cracks in': Dice 0.8; wrong source
        Claim(((159, 171),), None),  # nothing gold says this
    ]
    metrics = score([(TEXT, read_brat(ANN), found)])
    assert metrics["content_precision"] == metrics["content_recall"] == 0.6667
    assert metrics["content_f1"] == 0.6667
    assert metrics["content_source_precision"] == metrics["content_source_recall"] == 0.3333
    assert metrics["content_source_f1"] == 0.3333
    assert (metrics["gold"], metrics["found"]) == (3, 3)


def test_polnear_match_needs_half_the_tokens_and_pairs_one_to_one():
    gold = read_brat(ANN)
    # 'Engineers found' shares 2 of 6 + 2 tokens with the gold content: Dice 0.5, a match;
    # 'Engineers' alone (Dice 0.29) is not, nor is a second claim over the same content.
    assert match(TEXT, gold, [Claim(((46, 61),), None)]) == [(1, 0, False)]
    assert match(TEXT, gold, [Claim(((46, 55),), None)]) == []
    pairs = match(TEXT, gold, [Claim(((15, 44),), None), Claim(((15, 44),), ((0, 9),))])
    assert pairs == [(0, 0, False)]
    # The discontinuous content matches a claim over both its parts; no source on either side.
    assert match(TEXT, gold, [Claim(((127, 157),), None)]) == [(2, 0, True)]


def test_polnear_found_claims_have_sources_in_the_text():
    text = (
        "Mayor Ann Lee said on Monday that the bridge will reopen next week. "
        "“It is safe,” she said. “The cracks were small. We fixed them.”"
    )
    claims = found_claims(text)
    spans = [[text[a:b] for a, b in claim.content] for claim in claims]
    sources = [[text[a:b] for a, b in claim.source or ()] for claim in claims]
    assert spans[0] == ["the bridge will reopen next week"]
    assert sources[0] == ["Mayor Ann Lee"]
    # The quotation carried on in the next sentence is one content with the quote it follows.
    assert spans[1] == ["It is safe", "The cracks were small. We fixed them"]
    assert sources[1] == ["she"]


def test_polnear_eval_runs_on_real_dev_documents():
    dev = shared_path("bench", "polnear", "dev")
    metrics = run(dev, progress=False, limit=2)
    keys = ("content", "content_source")
    for key in keys:
        for part in ("precision", "recall", "f1"):
            assert 0.0 <= metrics[f"{key}_{part}"] <= 1.0
    assert metrics["documents"] == 2 and metrics["gold"] > 0
    # Real news attributes something: the analysis finds and matches some of it.
    assert metrics["content_f1"] > 0.0


def test_polnear_eval_command_names_what_a_split_needs():
    dev = shared_path("bench", "polnear", "dev")
    result = CliRunner().invoke(main, ["eval", "polnear", "--data", str(dev / "missing")])
    assert result.exit_code != 0 and "no data" in result.output
    result = CliRunner().invoke(main, ["eval", "polnear", "--data", str(dev.parent)])
    assert result.exit_code != 0 and "text/ and attributions/" in result.output
