"""The claims stage: claims of each article stored with chains, dates, numbers and entities."""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from functools import cache
from itertools import count
from typing import Any

from storyline.claims import arabic, english, turkish
from storyline.claims.entities import Mention, find_mentions, parse_english
from storyline.claims.lexicon import alternation, non_answer_cue, pointer_cue
from storyline.claims.model import Discourse, Found, Link
from storyline.claims.names import same_name, script_mixed, skeleton
from storyline.ids import short_id
from storyline.lexicons import load
from storyline.model import Article, PublishedDate
from storyline.stages import Stage
from storyline.store.articles import get_article
from storyline.store.base import Store, rows_with_ids
from storyline.store.readers import article_sentences, story_members, story_of
from storyline.text.normalize import fold

STAGE_NAME = "claims"
# 4: a wire dateline opening a sentence is read past;
# 5: a source reported as saying what did not happen denies it; Arabic construct-chain deniers;
# a lone surname shared by two people's full names joins neither;
# 6: a denial of the reports ('what it called…', 'ما وصفه', 'iddialara yanıt verdi') is the
# whole statement with its denier; saying no answer came is no denial.
# 7: Arabic read without shadda and short vowels; a rank or title between a role and a name;
# an outlet spoken to in marks; sources cited after the verb; a 'CITY —' dateline read past.
# 8: Turkish "according to X's report": the report's date, "dünkü" and whom it was based on between
# owner and report; a comma after "göre"; "Bakanlığa" is the Bakanlık.
# 9: a Turkish statement quoted after who made it ('Şirketin açıklamasında şu ifadelere yer
# verildi: "…"') is its maker's; an Arabic source's name without the asides after it ('في
# بيان …', '، طالباً عدم ذكر اسمه،'); Arabic negation read behind و/ف.
# 10: a verdict that the reports are untrue ('gerçeği yansıtmayan haberler', 'لا يعكس الحقيقة',
# 'does not reflect the truth') denies; an Arabic statement issued in answer to what was broadcast
# ('رداً على ما بثته') rejects it; an Arabic lead phrase set off by a comma before the reporting
# verb ('وفي أول رد لها، قالت …') is read past; a Turkish passive made known by whose statement
# ('…, X'in açıklamasıyla duyuruldu') is that maker's claim.
STAGE_VERSION = "10"
ANALYSERS = {"en": english.analyse, "ar": arabic.analyse, "tr": turkish.analyse}
# A line without closing punctuation and this short is a heading, not a proposition.
HEADING_WORDS = 10
CLOSING = (".", "!", "?", "؟", ":", "”", '"', "»", "’", ")")
# 'ISTANBUL — A firm said…', 'KARAOVA (AGENCY) 11 Eylül 2025 – …': a place in capitals, maybe an
# agency and a date, and a dash open a wire story's first paragraph.
CITY_DATELINE = re.compile(
    r"^[A-ZÇĞİÖŞÜ][A-ZÇĞİÖŞÜ .'’-]{2,30}"
    r"(?:,\s*[^—–\n]{2,30}?|\s*\([^()]{2,30}\)(?:,?\s*[^—–\n]{2,30}?)?)?\s*[—–]\s*(?=\S)"
)
# A stop inside closing quote marks ends a sentence that the segmenter may have run on past.
QUOTED_STOP = re.compile(r"(?:(?<=[.!?؟][”\"»])|(?<=[.!?؟][’'][”\"»]))\s+(?=\S)")


def _pieces(sentence: Any) -> list[tuple[int, str]]:
    """A stored sentence cut after quoted stops: (offset in the article, text) pairs."""
    pieces, position = [], 0
    for match in QUOTED_STOP.finditer(sentence.text):
        pieces.append((sentence.start + position, sentence.text[position : match.start()]))
        position = match.end()
    pieces.append((sentence.start + position, sentence.text[position:]))
    return [_past_dateline(start, text) for start, text in pieces if text.strip()]


def _past_dateline(start: int, text: str) -> tuple[int, str]:
    """A piece without the dateline a wire report opens with ('CITY, 5 May (AGENCY) –'): the
    rules read a sentence from its reporting verb or its subject, which the dateline hides."""
    from storyline.ingest.dates import BODY_DATELINE

    match = BODY_DATELINE.match(text) or CITY_DATELINE.match(text)
    if not match or not text[match.end() :].strip():
        return start, text
    skipped = match.end() + len(text[match.end() :]) - len(text[match.end() :].lstrip())
    return start + skipped, text[skipped:]


def _is_heading(text: str) -> bool:
    return len(text.split()) < HEADING_WORDS and not text.rstrip().endswith(CLOSING)


def analyse_sentence(sentence: str, language: str, state: Discourse) -> list[Found]:
    """The claims one sentence puts forward, given what earlier sentences established."""
    analyser = ANALYSERS.get(language, english.analyse)
    found = [_negated_statement(found, sentence, language) for found in analyser(sentence, state)]
    return [_pointer_denial(claim, sentence, language, found) for claim in found]


def _pointer_denial(found: Found, sentence: str, language: str, others: list[Found]) -> Found:
    """A denial that only points at what others said ('rejected what it called fabrications',
    'ما تداولته وسائل الإعلام', 'iddiaları reddetti') states nothing of its own: the claim is
    the whole statement from its start, the denier with it, since who rejects the reports is
    what ties them to the assertion they carry."""
    cue = pointer_cue(language)
    if found.polarity != "denied" or not found.chain or not cue:
        return found
    if not cue.search(sentence[found.start : found.end]):
        return found
    start = len(sentence) - len(sentence.lstrip())
    if start >= found.start or any(
        other is not found and other.start < found.start for other in others
    ):
        return found
    return replace(found, start=start, quote="indirect")


# Turkish negates a verb by a suffix: 'almadı', 'olmadığını', 'örtüşmüyor', 'örtüşmemektedir'.
TURKISH_NEGATED_VERB = re.compile(
    r"\w{2,}(?:m[ae]d[ıiuü]|m[ae]m[ıiuü]ş|m[ıiuü]yor|m[ae]m[ae]kt[ae]|m[ae]z(?:lar|ler)?\b)\w*"
)


@cache
def _negation_cues(language: str) -> re.Pattern[str] | None:
    # What did not happen, or a verdict that what was reported is untrue ('gerçeği yansıtmayan
    # haberler', 'لا يعكس الحقيقة'): either way the source denies.
    cues = "|".join(
        found
        for key in ("negated_statements", "untrue_verdicts")
        if (found := alternation(language, "denials", key))
    )
    # An Arabic word carries the conjunction before it: 'ولم يُرصد', 'فلا يوجد'.
    clitic = "[وف]?" if language == "ar" else ""
    return re.compile(rf"(?<!\w){clitic}(?:{cues})(?!\w)", re.IGNORECASE) if cues else None


def _negated_statement(found: Found, sentence: str, language: str) -> Found:
    """A source reported as saying what did not happen ('they had never received a bid',
    'لم تتسلم أي قرار', 'kimse yer almadı') denies it: the claim keeps its words, denied.
    The article's own statements and hedged or questioned words are left as they are."""
    if found.polarity == "denied" or not found.chain or found.modality != "reported":
        return found
    text = _main_clause(sentence[found.start : found.end], language)
    no_answer = non_answer_cue(language)
    if no_answer and no_answer.search(text):
        return found
    cues = _negation_cues(language)
    negated = bool(cues and cues.search(text)) or (
        language == "tr" and TURKISH_NEGATED_VERB.search(text) is not None
    )
    return replace(found, polarity="denied") if negated else found


def _main_clause(text: str, language: str) -> str:
    """A statement up to its first subordinate or attributing clause ('…, who asked not to be
    named', '… if the bill passed'): a negation there says nothing of what the source denies."""
    ends = [
        found
        for mark in load(language, "denials").get("statement_clause_breaks", [])
        if (found := text.find(mark)) > 0
    ]
    return text[: min(ends)] if ends else text


def anchor_of(article: Article) -> tuple[date | None, str | None]:
    """The date that relative dates in an article resolve against, and where it comes from."""
    published = article.published
    for value, kind in ((published.date, "published"), (published.not_before, "not_before")):
        if value:
            parts = [int(p) for p in value[:10].split("-")]
            return date(parts[0], *[*parts[1:], 1, 1][:2]), kind
    return None, None


def event_date(text: str, language: str, anchor: date | None) -> dict[str, Any] | None:
    """The date of the event a claim states: its most precise calendar date, first one first.

    Without an anchor a date may stay partial ('XXXX-06-11', anchored false) until
    `refine_event_dates` gives the article its year.
    """
    from storyline.timex import find_timexes

    timexes = [
        t
        for t in find_timexes(text, language, anchor)
        if t.value and t.kind.upper() in ("DATE", "TIME")
    ]
    if not timexes:
        return None
    rank = {"day": 0, "month": 1, "year": 2}
    best = min(timexes, key=lambda t: (rank.get(t.precision, 3), t.start))
    return {
        "value": best.value,
        "precision": best.precision,
        "text": best.text,
        "span": [best.start, best.end],
        "anchored": best.anchored,
        "range": list(best.range) if best.range else None,
    }


def claim_event_date(
    text: str, language: str, polarity: str, anchor: date | None
) -> dict[str, Any] | None:
    """The event date of a claim. A denial of the reports is dated by what it points at: a
    day before the pointer ('on Monday dismissed the reports') is when the denial was made."""
    cue = pointer_cue(language) if polarity == "denied" else None
    pointer = cue.search(text) if cue else None
    skipped = pointer.start() if pointer else 0
    when = event_date(text[skipped:], language, anchor)
    if when and skipped:
        when["span"] = [when["span"][0] + skipped, when["span"][1] + skipped]
    return when


def _numbers(text: str, language: str) -> list[dict[str, Any]]:
    from storyline.timex.numbers import find_numbers

    return [
        {"text": found[3], "value": found[2], "span": [found[0], found[1]]}
        for found in find_numbers(text, language)
    ]


def _implicit(article: Article) -> tuple[Link, ...]:
    if article.outlet.name:
        return (Link(article.outlet.name, "outlet", implicit=True),)
    return ()


def find_claims(
    text: str, language: str, sentences: Sequence[Any], own_outlet: str | None = None
) -> list[tuple[int, Found]]:
    """Every claim of a text, sentence by sentence with one discourse state, as (sentence index,
    claim) pairs whose offsets (claim and source span) are into `text`."""
    state = Discourse(own_outlet=own_outlet)
    found_all = []
    for sentence in sentences:
        for offset, piece in _pieces(sentence):
            if _is_heading(piece):
                continue
            for found in analyse_sentence(piece, language, state):
                claim = found.shifted(offset)
                if text[claim.start : claim.end].strip():
                    found_all.append((sentence.index, claim))
    return found_all


def _attribution(article: Article, found: Found) -> list[dict[str, Any]]:
    """The chain as stored, outermost first; the innermost link carries the `span` where the
    sentence names it, in article offsets."""
    links = [link.as_dict() for link in (*_implicit(article), *found.chain)]
    if found.chain and found.source_span:
        links[-1]["span"] = list(found.source_span)
    return links


def extract_claims(article: Article, sentences: Sequence[Any]) -> list[dict[str, Any]]:
    """Every claim of an article as a stored row."""
    anchor, anchor_kind = anchor_of(article)
    if ANALYSERS.get(article.language, english.analyse) is english.analyse:
        # One spaCy batch for the sentences and the whole text (find_mentions reads it next).
        texts = [text for s in sentences for _, text in _pieces(s) if not _is_heading(text)]
        parse_english([*texts, article.text])
    rows = []
    for sentence_idx, found in find_claims(
        article.text, article.language, sentences, article.outlet.name
    ):
        start, end = found.start, found.end
        claim_text = article.text[start:end]
        when = claim_event_date(claim_text, article.language, found.polarity, anchor)
        if when:
            when["anchor"] = anchor.isoformat() if anchor else None
            when["anchor_kind"] = anchor_kind
        rows.append(
            {
                "id": short_id("c", article.id, f"{start}:{end}", claim_text),
                "article_id": article.id,
                "sentence_idx": sentence_idx,
                "start": start,
                "end": end,
                "text": claim_text,
                "language": article.language,
                "attribution": _attribution(article, found),
                "modality": found.modality,
                "polarity": found.polarity,
                "quote": found.quote,
                "speaker": found.speaker,
                "event_date": when,
                "numbers": _numbers(claim_text, article.language),
            }
        )
    return rows


def claims_article(store: Store, article_id: str) -> int:
    """Extract and store the claims and name mentions of one article; returns the claim count."""
    article = get_article(store, article_id)
    if article is None:
        return 0
    sentences = article_sentences(store, article.id)
    rows = extract_claims(article, sentences)
    mentions = find_mentions(article.text, article.language)
    article_date = article.published.date
    with store.transaction():
        store.execute("DELETE FROM claims WHERE article_id = ?", (article.id,))
        store.execute("DELETE FROM entity_mentions WHERE article_id = ?", (article.id,))
        for row in rows:
            inside = [m.as_dict() for m in mentions if row["start"] <= m.start < row["end"]]
            store.execute(
                "INSERT INTO claims (id, article_id, sentence_idx, start_offset, end_offset, text, "
                "language, attribution_json, modality, polarity, quote, speaker, event_date_json, "
                "entities_json, numbers_json, stage, stage_version) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (id) DO NOTHING",
                (
                    row["id"],
                    row["article_id"],
                    row["sentence_idx"],
                    row["start"],
                    row["end"],
                    row["text"],
                    row["language"],
                    _json(row["attribution"]),
                    row["modality"],
                    row["polarity"],
                    row["quote"],
                    row["speaker"],
                    _json(row["event_date"]),
                    _json(inside),
                    _json(row["numbers"]),
                    STAGE_NAME,
                    STAGE_VERSION,
                ),
            )
        for mention in _unique(mentions):
            store.execute(
                "INSERT INTO entity_mentions (article_id, start_offset, end_offset, text, kind, "
                "role, article_date) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    article.id,
                    mention.start,
                    mention.end,
                    mention.text,
                    mention.kind,
                    mention.role,
                    article_date,
                ),
            )
    return len(rows)


def _unique(mentions: list[Mention]) -> list[Mention]:
    seen: dict[tuple[int, int], Mention] = {}
    for mention in mentions:
        seen.setdefault((mention.start, mention.end), mention)
    return list(seen.values())


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _cluster(names: list[tuple[str, str]]) -> list[list[tuple[str, str]]]:
    """Group (name, kind) pairs naming one thing: same kind family, same name across scripts.

    A lone surname ('Haddur') joins the person whose full name ends with it, whatever kind a
    tagger gave it; full names are placed first so that the person is there to join.
    """
    clusters: dict[int, list[tuple[str, str]]] = {}
    numbers = count()
    # Only names sharing a block key are compared, so the work grows with the names, not
    # their square: the skeleton of the last word, which spellings and scripts keep.
    blocks: dict[str, set[int]] = {}
    ordered = sorted(dict.fromkeys(names), key=lambda pair: len(pair[0].split()) == 1)
    for name, kind in ordered:
        key = _block_key(name)
        joined = [
            number
            for number in sorted(blocks.get(key, ()))
            if any(_compatible(kind, k) and same_name(name, n) for n, k in clusters[number])
            or any(_surname_of(name, n, k) for n, k in clusters[number])
        ]
        if len(name.split()) == 1 and _relatives([clusters[number] for number in joined]):
            # A lone surname that two people's full names end with ('Kaya' beside 'Ece Kaya'
            # and 'Orhan Kaya') may be either relative: it joins neither, nor makes them one.
            joined = []
        if not joined:
            joined = [next(numbers)]
            clusters[joined[0]] = []
        # A full name that matches two groups ('Jelan Haddur' between 'جيلان حدّور' and 'Celan
        # Haddur') shows they are one.
        first, *others = joined
        clusters[first].append((name, kind))
        for other in others:
            clusters[first].extend(clusters.pop(other))
            for members in blocks.values():
                if other in members:
                    members.discard(other)
                    members.add(first)
        blocks.setdefault(key, set()).add(first)
    counts = Counter(names)
    return [[pair for pair in group for _ in range(counts[pair])] for group in clusters.values()]


def _relatives(groups: list[list[tuple[str, str]]]) -> bool:
    """Whether two of these groups hold full names in one script with other given names."""
    given = [
        {(script_mixed(n, "a"), fold(n).split()[0]) for n, _ in group if len(n.split()) > 1}
        for group in groups
    ]
    return any(
        a_script == b_script and a_name != b_name
        for i, first in enumerate(given)
        for second in given[i + 1 :]
        for a_script, a_name in first
        for b_script, b_name in second
    )


def _block_key(name: str) -> str:
    parts = skeleton(name).split()
    return parts[-1] if parts else fold(name)


def _surname_of(word: str, name: str, kind: str) -> bool:
    parts = name.split()
    return (
        kind == "person"
        and len(parts) >= 2
        and len(word.split()) == 1
        and same_name(word, parts[-1])
    )


def _compatible(a: str, b: str) -> bool:
    return a == b or "name" in (a, b) or {a, b} <= {"outlet", "institution", "organization"}


def _canonical(cluster: list[tuple[str, str]]) -> tuple[str, str]:
    counts: dict[str, int] = {}
    for name, _ in cluster:
        counts[name] = counts.get(name, 0) + 1
    # The most frequent spelling, Latin script before Arabic so ids read alike across languages.
    # A full name before a lone surname ('Bashar al Assad', not 'Assad'), then the most used.
    name = max(
        counts, key=lambda n: (len(n.split()) > 1, counts[n], not script_mixed(n, "a"), len(n))
    )
    kinds = [k for _, k in cluster if k != "name"]
    return name, max(set(kinds), key=kinds.count) if kinds else "name"


def _clean_source_name(name: str) -> str:
    return re.sub(r"^[(«\"“]|[)»\"”]$", "", name.strip()).strip()


# A name seen in Latin script is looked for in Arabic text only when its skeleton is this long:
# shorter ones ('Putin': BTN) collide with ordinary Arabic words.
SEEN_NAME_CONSONANTS = 4
ARABIC_WORD = re.compile(r"[\u0621-\u064a\u0671-\u06d3]+")


def add_seen_names(store: Store, article_ids: Sequence[str]) -> int:
    """Find in these Arabic articles the names seen in Latin script anywhere in the corpus.

    'كالفو' in an Arabic report is the 'Kalvo' an English one named: same consonant
    skeleton. Only the given articles are read (an analyze run passes those it changed), so an
    older Arabic article does not learn a name first met later. Returns how many mentions were
    added; running it again adds none.
    """
    known: dict[str, str] = {}
    for row in store.query("SELECT DISTINCT text, kind FROM entity_mentions ORDER BY text, kind"):
        key = skeleton(row["text"])
        if (
            not ARABIC_WORD.search(row["text"])
            and len(key.replace(" ", "")) >= SEEN_NAME_CONSONANTS
        ):
            known.setdefault(key, row["kind"])
    if not known:
        return 0
    added = 0
    for article_id in sorted(set(article_ids)):
        article = get_article(store, article_id)
        if article is None or article.language != "ar":
            continue
        taken = [
            (m["start_offset"], m["end_offset"])
            for m in store.query(
                "SELECT start_offset, end_offset FROM entity_mentions WHERE article_id = ?",
                (article.id,),
            )
        ]
        words = list(ARABIC_WORD.finditer(article.text))
        with store.transaction():
            for size in (3, 2, 1):
                for index in range(len(words) - size + 1):
                    first, last = words[index], words[index + size - 1]
                    # A conjunction fused to the name ('وبغداد') is not part of it.
                    begin = first.start() + (first.group(0)[:1] in "وف" and len(first.group(0)) > 4)
                    span = article.text[begin : last.end()]
                    if "  " in span or len(span.split()) != size:
                        continue
                    kind = known.get(skeleton(span))
                    overlaps = any(a < last.end() and begin < b for a, b in taken)
                    if kind is None or overlaps:
                        continue
                    taken.append((begin, last.end()))
                    store.execute(
                        "INSERT INTO entity_mentions (article_id, start_offset, end_offset, text, "
                        "kind, role, article_date) VALUES (?, ?, ?, ?, ?, ?, ?) "
                        "ON CONFLICT (article_id, start_offset, end_offset) DO NOTHING",
                        (
                            article.id,
                            first.start(),
                            last.end(),
                            span,
                            kind,
                            None,
                            article.published.date,
                        ),
                    )
                    added += 1
    return added


def resolve_sources(store: Store, article_ids: Sequence[str]) -> str:
    """Resolve source and entity names across articles and write the sources and entities."""
    add_seen_names(store, article_ids)
    claims = store.query("SELECT id, attribution_json, entities_json FROM claims ORDER BY id")
    links = [
        (_clean_source_name(link["name"]), link["kind"])
        for row in claims
        for link in json.loads(row["attribution_json"])
        if link["kind"] != "unnamed"
    ]
    source_clusters = _cluster(links)
    outlets = {fold(n) for cluster in source_clusters for n, k in cluster if k == "outlet"}
    mentions = [
        {**m, "kind": _entity_kind(m["text"], m["kind"], outlets)}
        for m in store.query(
            "SELECT article_id, text, kind, role, article_date FROM entity_mentions "
            "ORDER BY article_date IS NULL, article_date, article_id, start_offset"
        )
    ]
    entity_clusters = _cluster([(m["text"], m["kind"]) for m in mentions])
    with store.transaction():
        store.execute("DELETE FROM sources")
        store.execute("DELETE FROM entities")
        source_ids = _write_sources(store, source_clusters)
        entity_ids = _write_entities(store, entity_clusters, mentions)
        for row in claims:
            chain = json.loads(row["attribution_json"])
            for link in chain:
                link["entity_id"] = source_ids.get((_clean_source_name(link["name"]), link["kind"]))
            entities = json.loads(row["entities_json"])
            for entity in entities:
                kind = _entity_kind(entity["text"], entity["kind"], outlets)
                entity["entity_id"] = entity_ids.get((entity["text"], kind))
            # Most claims keep their ids: only those whose ids changed are written.
            written = (_json(chain), _json(entities))
            if written != (row["attribution_json"], row["entities_json"]):
                store.execute(
                    "UPDATE claims SET attribution_json = ?, entities_json = ? WHERE id = ?",
                    (*written, row["id"]),
                )
    return (
        f"{len(article_ids)} articles; {len(claims)} claims, {len(source_clusters)} sources, "
        f"{len(entity_clusters)} entities"
    )


def _entity_kind(text: str, kind: str, outlets: set[str]) -> str:
    """A name the claims cite as an outlet is an organisation, whatever a tagger called it."""
    return "organization" if kind in ("person", "name") and fold(text) in outlets else kind


def _write_sources(
    store: Store, clusters: list[list[tuple[str, str]]]
) -> dict[tuple[str, str], str]:
    ids: dict[tuple[str, str], str] = {}
    for cluster in clusters:
        name, kind = _canonical(cluster)
        source_id = short_id("s", kind, fold(name) or skeleton(name))
        aliases = sorted({n for n, _ in cluster})
        store.execute(
            "INSERT INTO sources (id, name, kind, aliases_json) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (id) DO UPDATE SET aliases_json = excluded.aliases_json",
            (source_id, name, kind, _json(aliases)),
        )
        for member in cluster:
            ids[member] = source_id
    return ids


def _write_entities(
    store: Store, clusters: list[list[tuple[str, str]]], mentions: list[dict[str, Any]]
) -> dict[tuple[str, str], str]:
    ids: dict[tuple[str, str], str] = {}
    # Mentions arrive ordered by date, so each name's roles are already in time order.
    roles_of: dict[tuple[str, str], list[tuple[int, dict[str, Any]]]] = {}
    for position, mention in enumerate(mentions):
        if mention["role"]:
            record = {
                "role": mention["role"],
                "article_id": mention["article_id"],
                "date": mention["article_date"],
            }
            roles_of.setdefault((mention["text"], mention["kind"]), []).append((position, record))
    for cluster in clusters:
        name, kind = _canonical(cluster)
        entity_id = short_id("e", kind, fold(name) or skeleton(name))
        members = set(cluster)
        roles: list[dict[str, Any]] = []
        for _, record in sorted(
            (item for member in members for item in roles_of.get(member, [])),
            key=lambda item: item[0],
        ):
            if record not in roles:
                roles.append(record)
        store.execute(
            "INSERT INTO entities (id, name, kind, aliases_json, roles_json) "
            "VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT (id) DO UPDATE SET aliases_json = excluded.aliases_json, "
            "roles_json = excluded.roles_json",
            (entity_id, name, kind, _json(sorted(members)), _json(roles)),
        )
        for member in cluster:
            ids[member] = entity_id
    return ids


def refine_event_dates(store: Store, article_id: str, anchor: date) -> int:
    """Resolve an article's event dates again against a better anchor; returns how many changed."""
    rows = store.query(
        "SELECT id, text, language, polarity, event_date_json FROM claims WHERE article_id = ?",
        (article_id,),
    )
    changed = 0
    with store.transaction():
        for row in rows:
            when = claim_event_date(row["text"], row["language"], row["polarity"], anchor)
            if when:
                when["anchor"], when["anchor_kind"] = anchor.isoformat(), "refined"
            if _json(when) != row["event_date_json"]:
                store.execute(
                    "UPDATE claims SET event_date_json = ? WHERE id = ?", (_json(when), row["id"])
                )
                changed += 1
    return changed


def _published(store: Store, article_id: str) -> PublishedDate | None:
    """An article's publication date record, read without its text."""
    row = store.query_one("SELECT published_json FROM articles WHERE id = ?", (article_id,))
    return PublishedDate.from_dict(json.loads(row["published_json"])) if row else None


def _stated_date(published: PublishedDate | None) -> date | None:
    if published is None or published.estimate != "stated" or not published.date:
        return None
    if len(published.date) < 10:
        return None
    return date.fromisoformat(published.date[:10])


def story_anchor(store: Store, article: Article) -> date | None:
    """A better anchor for an article whose own year is uncertain, from its story's members.

    The year is the one most of the other members state; the article keeps its own month and
    day where it has them. None when the article states its date or its story says nothing.
    """
    if article.published.estimate == "stated":
        return None
    story = story_of(store, article.id)
    if story is None:
        return None
    floor = article.published.not_before
    stated = [
        when
        for member in story_members(store, story)
        if member != article.id
        and (when := _stated_date(_published(store, member))) is not None
        and (not floor or when.isoformat() >= floor[:10])
    ]
    if not stated:
        return None
    years = [when.year for when in stated]
    year = max(sorted(set(years)), key=years.count)
    own, _ = anchor_of(article)
    if own is not None and own.year == year:
        return None
    if own is not None and article.published.date and len(article.published.date) >= 10:
        try:
            return own.replace(year=year)
        except ValueError:
            pass
    return min(when for when in stated if when.year == year)


def refine_from_stories(store: Store, article_ids: Sequence[str]) -> int:
    """Re-date the claims of articles whose year their story reveals; returns claims changed."""
    changed = 0
    for article_id in article_ids:
        article = get_article(store, article_id)
        anchor = story_anchor(store, article) if article else None
        if anchor is not None:
            changed += refine_event_dates(store, article_id, anchor)
    return changed


def finish_claims(store: Store, article_ids: Sequence[str]) -> str:
    """The stage's step across articles: sources and entities resolved, years from stories.

    Every article without a stated date in a story a changed article is in is looked at, changed
    or not: its story may have gained a dated member.
    """
    note = resolve_sources(store, article_ids)
    companions = rows_with_ids(
        store,
        "SELECT DISTINCT member.article_id FROM story_articles own "
        "JOIN story_articles member ON member.story_id = own.story_id "
        "WHERE own.article_id IN ({ids})",
        article_ids,
    )
    undated = sorted(
        row["id"]
        for row in rows_with_ids(
            store,
            "SELECT id, published_json FROM articles WHERE id IN ({ids})",
            {*article_ids, *(row["article_id"] for row in companions)},
        )
        if json.loads(row["published_json"]).get("estimate") != "stated"
    )
    refined = refine_from_stories(store, undated)
    return f"{note}; {refined} event dates refined from their stories"


def list_sources(store: Store) -> list[dict[str, Any]]:
    """Every resolved source with the spellings it goes by and the claims attributed to it.

    A claim counts for every named link of its chain ('depth' 0 is the outermost source); a
    claim the article asserts itself counts for the article's outlet ('own_article').
    """
    attributed: dict[str, list[dict[str, Any]]] = {}
    rows = store.query("SELECT * FROM claims ORDER BY article_id, start_offset, end_offset, id")
    for row in rows:
        chain = json.loads(row["attribution_json"])
        named = [link for link in chain if not link.get("implicit")]
        # The article's own outlet is the source of what the article asserts itself.
        own = [link for link in chain if link.get("implicit")] if not named else []
        for depth, link in [(0, link) for link in own] + list(enumerate(named)):
            if link.get("entity_id"):
                attributed.setdefault(link["entity_id"], []).append(
                    {
                        "claim_id": row["id"],
                        "article_id": row["article_id"],
                        "text": row["text"],
                        "modality": row["modality"],
                        "polarity": row["polarity"],
                        "depth": depth,
                        "own_article": bool(link.get("implicit")),
                    }
                )
    return [
        {
            "id": r["id"],
            "name": r["name"],
            "kind": r["kind"],
            "aliases": json.loads(r["aliases_json"]),
            "claims": attributed.get(r["id"], []),
        }
        for r in store.query("SELECT * FROM sources ORDER BY kind, name")
    ]


def list_entities(store: Store) -> list[dict[str, Any]]:
    """Every resolved entity with its spellings and the roles it was given, dated."""
    rows = store.query("SELECT * FROM entities ORDER BY kind, name")
    return [
        {
            "id": r["id"],
            "name": r["name"],
            "kind": r["kind"],
            "aliases": list(dict.fromkeys(a[0] for a in json.loads(r["aliases_json"]))),
            "roles": json.loads(r["roles_json"]),
        }
        for r in rows
    ]


def claims_stage() -> Stage:
    """The pipeline stage: claims per article, then sources, entities and years across them."""
    return Stage(
        STAGE_NAME,
        STAGE_VERSION,
        ("sentences", "stories"),
        ("claims", "sources", "entities"),
        per_article=claims_article,
        finish=finish_claims,
    )
