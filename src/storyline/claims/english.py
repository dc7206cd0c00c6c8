"""English attribution: who says what in a sentence, how sure, and whether it is denied."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from storyline.claims.clauses import analyse_clauses
from storyline.claims.lexicon import alternation, quote_pattern, quoted, word_set
from storyline.claims.model import (
    Chain,
    Discourse,
    Found,
    Link,
    Modality,
    Polarity,
    SourceKind,
)
from storyline.claims.names import same_name

LANG = "en"
UPPER = "".join(ch for ch in map(chr, range(0x41, 0x250)) if ch.isupper())
CAPITALISED = re.compile(rf"^(?:[{UPPER}][\w’'.-]*|al-\w+|el-\w+|bin|ibn|de|van|von)$")
DEMONYM = re.compile(rf"^[{UPPER}]\w+(?:ish|ian|ean|ese|i|ic)$")
WORD = re.compile(r"[\w’'.-]+")


def _re(key: str, name: str = "reporting_verbs") -> str:
    return alternation(LANG, name, key)


@cache
def _verbs() -> re.Pattern[str]:
    keys = ("deny", "hedge", "question", "cite", "neutral")
    alts = "|".join(f"(?P<{k}>{_re(k)})" for k in keys)
    describe = alternation(LANG, "denials", "describe")
    # Case-sensitive: a capitalised 'States' or 'Reports' inside a sentence is part of a name.
    return re.compile(rf"\b(?:{alts}|(?P<describe>{describe}))\b")


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    """Trim spaces, commas and final stops (not quote marks inside) from a span."""
    while start < end and text[start] in " ,;:—–-":
        start += 1
    while end > start and text[end - 1] in " ,;:.!?—–-":
        end -= 1
    return start, end


def _named_at(found: list[Found], text: str, start: int, end: int) -> list[Found]:
    """The claims with their source named at text[start:end] (trimmed), where not yet set."""
    s_start, s_end = _strip(text, start, end)
    return [claim.sourced(s_start, s_end) for claim in found]


def _unquote(name: str) -> str:
    name = re.sub(r"\bdescribed as\s+", "", name)
    name = re.sub(r"[“”\"«»]", "", name)
    return re.sub(r"\s+", " ", name).strip(" ,.;:")


def _drop_article(name: str) -> str:
    return re.sub(r"^(?:the|The)\s+", "", name).strip()


def _trailing_adverbs(phrase: str) -> str:
    adverbs = word_set(LANG, "sources", "adverbs") | word_set(LANG, "hedges", "adverbs")
    changed = True
    while changed:
        changed = False
        for adverb in sorted(adverbs, key=len, reverse=True):
            if phrase.casefold().endswith(" " + adverb):
                phrase = phrase[: -len(adverb) - 1].rstrip(" ,")
                changed = True
    return phrase


WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
# When a subject says it spoke ('the ministry on Monday, March 10, denied'): not part of its name.
TEMPORAL = re.compile(
    rf"\s+(?:(?:on\s+)?{WEEKDAY}|last\s+(?:week|month|night|year)|yesterday|today|earlier)"
    r"(?:\s+(?:morning|afternoon|evening|night))?$"
)
DATE_SEGMENT = re.compile(rf"^(?:{WEEKDAY}|[A-Z][a-z]+\s+\d{{1,2}}|\d{{1,2}}\s+[A-Z][a-z]+)$")


def _segments(phrase: str) -> list[str]:
    """Comma segments of a subject, without lead-ins ('In an interview with X') or relatives."""
    parts = [TEMPORAL.sub("", p.strip()) for p in re.split(r",\s*", phrase) if p.strip()]
    parts = [p for p in parts if p and not DATE_SEGMENT.match(p)]
    lead = word_set(LANG, "sources", "lead_ins")
    bound = word_set(LANG, "sources", "bound_words")
    while len(parts) > 1 and parts[0].split()[0].casefold() in lead:
        parts.pop(0)
    return [p for p in parts if p.split()[0].casefold() not in bound]


def _has(phrase: str, key: str, name: str = "sources") -> bool:
    alts = alternation(LANG, name, key)
    return bool(alts) and re.search(rf"\b(?:{alts})\b", phrase, re.IGNORECASE) is not None


def _anonymous(phrase: str) -> bool:
    """An unnamed source's head word, written in lower case ('Workers' in a name is not one)."""
    heads = word_set(LANG, "sources", "unnamed_heads")
    tokens = WORD.findall(phrase)
    return any(
        token.casefold() in heads and (index == 0 or not token[:1].isupper())
        for index, token in enumerate(tokens)
    ) or any(" " in head and head in phrase.casefold() for head in heads)


def _capital_run(tokens: list[str]) -> list[str]:
    return [t for t in tokens if CAPITALISED.match(t)]


def _outlet_name(phrase: str) -> str | None:
    """The name inside 'the Turkish newspaper X', 'X newspaper', 'the X News Agency'."""
    heads = alternation(LANG, "sources", "outlet_heads")
    match = re.search(rf"\b(?:{heads})\b", phrase)
    tokens = WORD.findall(phrase)
    if match:
        after = _capital_run(WORD.findall(phrase[match.end() :])[:4])
        before = WORD.findall(phrase[: match.start()])
        if after and phrase[match.end() :].strip().startswith(after[0]):
            return " ".join(after)
        run = [t for t in before if CAPITALISED.match(t) and t not in ("The", "A", "An")]
        while len(run) > 1 and DEMONYM.match(run[0]):
            run.pop(0)
        if run and DEMONYM.match(run[0]) and len(run) == 1:
            return None
        return " ".join(run) or None
    names = word_set(LANG, "sources", "outlet_name_words")
    run = [t for t in tokens if CAPITALISED.match(t) and t not in ("The", "A", "An")]
    if run and any(t.casefold() in names for t in run) and len(run) >= 2:
        return " ".join(run)
    return None


def _person(role_part: str, name_part: str) -> Link | None:
    name_tokens = WORD.findall(name_part)
    if not name_tokens or not all(CAPITALISED.match(t) for t in name_tokens):
        return None
    if not _has(role_part, "role_words", "roles"):
        return None
    return Link(name_part.strip(), "person", _drop_article(role_part.strip()) or None)


def _owned(person: Link, state: Discourse) -> Chain:
    """'Its spokesman, X' speaks for the institution named before: [institution, X (spokesman)]."""
    role = person.role or ""
    owner = re.match(r"^(?:its|their)\s+", role, re.IGNORECASE)
    if owner:
        link = Link(person.name, "person", role[owner.end() :] or None)
        for kind in ("institution", "outlet"):
            if kind in state.last:
                return (*state.last[kind], link)
        return (link,)
    # 'government spokeswoman X' after 'Ardesh's government denied…' speaks for it.
    body = role.split()[0].casefold() if role else ""
    institution = state.last.get("institution")
    if body in word_set(LANG, "sources", "institution_heads") and institution:
        words = [
            w.casefold().removesuffix("’s").removesuffix("'s") for w in institution[-1].name.split()
        ]
        if body in words:
            return (*institution, person)
    return (person,)


def _role_and_name(segment: str) -> Link | None:
    """'Foreign Minister Halvard Ost' → person with role; the name is the final capitalised run."""
    tokens = segment.split()
    roles = word_set(LANG, "roles", "role_words")
    cut = len(tokens)
    while (
        cut > 0 and CAPITALISED.match(tokens[cut - 1]) and tokens[cut - 1].casefold() not in roles
    ):
        cut -= 1
    if cut == 0 or cut == len(tokens):
        return None
    role, name = " ".join(tokens[:cut]), " ".join(tokens[cut:])
    # The role word sits right before the name: 'Foreign Minister' | 'Halvard Ost'.
    if tokens[cut - 1].casefold() not in roles:
        return None
    return Link(name, "person", _drop_article(role))


def classify(phrase: str, state: Discourse, outlet_verb: bool = False) -> Chain | None:
    """The attribution chain a subject phrase names, outermost first; None if it names no one."""
    phrase = _trailing_adverbs(phrase.strip(" ,.;:"))
    if not phrase:
        return None
    told = re.match(r"^(?:speaking|talking)\s+to\s+(?P<to>[^,]+),\s*(?P<who>.+)$", phrase, re.I)
    if told:
        outlet = classify(told.group("to"), state, True)
        who = classify(told.group("who"), state)
        own = state.own_outlet
        if outlet and outlet[-1].kind == "outlet" and who:
            mine = own and (same_name(outlet[-1].name, own) or outlet[-1].name in own)
            return who if mine else (*outlet, *who)
    quoted_by = re.match(r"^(?P<inner>.+?)\s+(?:quoted|cited)\s+by\s+(?P<outer>.+)$", phrase)
    if quoted_by:
        outer = classify(quoted_by.group("outer"), state, True)
        inner = classify(quoted_by.group("inner"), state)
        if outer and inner:
            return outer + inner
    cited = re.search(r",?\s*\b(?:citing|quoting)\s+(?P<inner>[^,]+),?", phrase, re.I)
    if cited:
        outer = classify(phrase[: cited.start()] + phrase[cited.end() :], state, True)
        inner = classify(cited.group("inner"), state)
        if outer and inner:
            return outer + inner
    parts = _segments(phrase)
    if not parts:
        return None
    if len(parts) >= 2:
        first, second = parts[0], parts[1]
        person = _person(first, second)
        if person is None and second.casefold().startswith("the "):
            person = _person(second, first)
        if person:
            owner = re.match(r"^(?P<outlet>.+?)['’]s\s+(?P<role>.+)$", first)
            if owner:
                outlet = classify(owner.group("outlet"), state, True)
                if outlet and outlet[-1].kind == "outlet":
                    return (*outlet, Link(person.name, "person", owner.group("role")))
            return _owned(person, state)
    return _single(parts[0], state, outlet_verb)


def _anaphor(segment: str, state: Discourse) -> Chain | None:
    low = re.sub(r"\s+", " ", segment.casefold())
    for kind in ("unnamed", "outlet", "person", "institution"):
        for entry in word_set(LANG, "sources", f"anaphora.{kind}"):
            if low == entry:
                if kind == "outlet" and entry == "it":
                    return state.latest or None
                if kind == "unnamed":
                    return state.unnamed_called(low.split()[-1]) or state.last.get(kind)
                return state.last.get(kind)
    tokens = WORD.findall(segment)
    if tokens and tokens[0].casefold() in ("the", "these", "this", "its", "their"):
        rest = " ".join(tokens[1:])
        if not _capital_run(tokens[1:]) or all(DEMONYM.match(t) for t in _capital_run(tokens[1:])):
            for kind, key in (("outlet", "outlet_heads"), ("unnamed", "unnamed_heads")):
                heads = word_set(LANG, "sources", key)
                if (
                    tokens[-1].casefold() in heads
                    and kind in state.last
                    and not (kind == "unnamed" and len(tokens) > 2)
                ):
                    return state.last[kind]
            if tokens[-1].casefold() in word_set(LANG, "roles", "role_words") and "person" in (
                state.last
            ):
                return state.last["person"]
        named = state.named(rest) if rest else None
        if named:
            return named
    return None


def _single(segment: str, state: Discourse, outlet_verb: bool) -> Chain | None:
    segment = _unquote(segment)
    # A subject this long is a clause of its own, not a source's name.
    if not segment or len(segment.split()) > 12:
        return None
    found = _anaphor(segment, state)
    if found:
        return found
    if segment.casefold() in word_set(LANG, "sources", "pronouns"):
        return None
    sources_of = re.match(
        r"^(?P<head>(?:\w+\s+)?sources?)\s+(?:from|of|at|in)\s+(?P<rest>.+)$", segment, re.I
    )
    if sources_of:
        rest = sources_of.group("rest")
        outlet = _outlet_name(rest)
        if outlet is None:
            known = state.named(_drop_article(rest))
            if known and known[-1].kind == "outlet":
                return (*known, Link(sources_of.group("head"), "unnamed"))
        if outlet:
            tail = rest.split(outlet, 1)[1] if outlet in rest else ""
            tail = re.sub(rf"^\s*(?:{alternation(LANG, 'sources', 'outlet_heads')})\b", "", tail)
            name = (sources_of.group("head") + " " + tail.strip()).strip()
            return (Link(outlet, "outlet"), Link(name, "unnamed"))
    published = re.search(r"\b(?:published|issued|released)?\s*by\s+(?P<by>.+)$", segment)
    statement = re.match(r"^(?:a|the)\s+statement\s+(?:from|by)\s+(?P<by>.+)$", segment, re.I)
    if statement:
        return _single(statement.group("by"), state, False)
    if published and not _has(segment[: published.start()], "unnamed_heads"):
        inner = _single(published.group("by"), state, True)
        if inner:
            return inner
    tokens = WORD.findall(segment)
    person = _role_and_name(segment)
    if person:
        return _owned(person, state)
    affiliated = rf"^(?:[a-z][\w-]*\s+){{1,3}}(?:{alternation(LANG, 'sources', 'affiliations')})\b"
    if re.match(affiliated, segment) or (_anonymous(segment) and not _outlet_name(segment)):
        return (Link(segment, "unnamed"),)
    outlet = _outlet_name(segment)
    if outlet:
        return (Link(outlet, "outlet"),)
    if _has(segment, "institution_heads"):
        evidence = alternation(LANG, "sources", "evidence_nouns")
        name = re.sub(rf"\s+(?:{evidence})$", "", _drop_article(segment))
        return (Link(name, "institution"),)
    run = [t for t in _capital_run(tokens) if t not in ("The", "A", "An")]
    if run and len(run) == len([t for t in tokens if t.casefold() != "the"]):
        known = state.named(" ".join(run))
        if known:
            return known
        name = " ".join(run)
        # People take no article: 'The Harbour Lamp reported' is a paper, 'Ina Brel wrote' a writer.
        article = bool(re.match(r"^(?:the|a|an)\s", segment, re.IGNORECASE))
        if outlet_verb and (article or not _is_person(name)):
            return (Link(_drop_article(segment), "outlet"),)
        return (Link(name, "person" if _is_person(name) else "institution"),)
    return None


def _is_person(name: str) -> bool:
    from storyline.claims.entities import english_mentions

    return any(m.kind == "person" and m.text == name for m in english_mentions(name + " said."))


def _hedged(sentence: str) -> bool:
    adverbs = alternation(LANG, "hedges", "adverbs")
    phrases = alternation(LANG, "hedges", "phrases")
    return re.search(rf"\b(?:{adverbs}|{phrases})\b", sentence, re.IGNORECASE) is not None


def _denial_span(text: str, start: int, end: int, deny_verb: bool) -> tuple[int, int, bool]:
    """Narrow a complement to the proposition a denial rejects; says whether it is one."""
    start, end = _strip(text, start, end)
    part = text[start:end]
    reports = alternation(LANG, "denials", "report_nouns")
    links = alternation(LANG, "denials", "report_links")
    predicates = alternation(LANG, "denials", "predicates")
    verdicts = alternation(LANG, "denials", "verdicts")
    if deny_verb and re.match(rf"(?:{alternation(LANG, 'denials', 'pointers')})\b", part, re.I):
        # 'rejected what it called fabricated allegations': the verdict is the pointer's own.
        return start, end, True
    verdict = re.search(rf"\s+as\s+[“\"«]?(?:{verdicts})\b", part, re.IGNORECASE)
    if not verdict and deny_verb:
        verdict = re.search(rf"(?<=\w)\s+[“\"«]?(?:{verdicts})\b", part, re.IGNORECASE)
    if verdict:
        return start, start + verdict.start(), True
    predicate = re.search(rf"\s+(?:{predicates})\s*$", part, re.IGNORECASE) or re.search(
        rf"\s+(?:is|was|are|were)\s+(?:\w+\s+)?[“\"«]?(?:{verdicts})[”\"»]?[.,]?\s*$", part, re.I
    )
    denied = deny_verb or predicate is not None
    if predicate:
        end = start + predicate.start()
        part = text[start:end]
    inner_deny = re.search(
        rf"\b(?:{alternation(LANG, 'reporting_verbs', 'deny')})\W*\s+(?:{reports})\s+that\s+",
        part,
        re.IGNORECASE,
    )
    if inner_deny:
        return start + inner_deny.end(), end, True
    if denied:
        lead = re.match(rf"^(?:recent\s+|media\s+)?(?:{reports})\s+(?:{links})\s+", part, re.I)
        if lead:
            start += lead.end()
        elif re.match(r"^that\s+", part):
            start += 5
    return start, end, denied


def _complement_start(text: str, after: int, end: int, state: Discourse) -> tuple[int, Chain]:
    """Where the proposition begins after a reporting verb, and any outlet told it ('told X')."""
    window = text[after:end]
    quote = re.match(r"^\s*[,:]?\s*(?=[“\"‘«])", window)
    if quote:
        return after + quote.end(), ()
    that = re.match(r"^(?P<pre>[^.;]{0,80}?)\bthat\b\s*", window)
    told: Chain = ()
    reports = alternation(LANG, "denials", "report_nouns")
    if that and (
        re.search(rf"\b(?:{reports})\s*$", that.group("pre"), re.IGNORECASE)
        or _verbs().search(that.group("pre"))
    ):
        return after, ()
    # A clause of its own before 'and that' is the first complement, not who was told.
    clause_words = r"\b(?:and|is|was|were|are|had|has|have|would|will|could)\b"
    if that and re.search(clause_words, that.group("pre")):
        return after, ()
    if that and len(that.group("pre").split()) <= 10:
        pre = that.group("pre").strip(" ,")
        pre = re.sub(r"^(?:to|in\s+a\s+statement|privately|on\s+\S+(?:\s+\d+)?)\s*", "", pre)
        if pre and not re.match(r"^(?:on|in|at|during|after)\b", pre):
            outlet = classify(pre, state, True)
            own = state.own_outlet
            if (
                outlet
                and outlet[-1].kind == "outlet"
                and not (own and (same_name(outlet[-1].name, own) or outlet[-1].name in own))
            ):
                told = outlet
        return after + that.end(), told
    return after, ()


def _quote_claims(text: str, start: int, end: int, state: Discourse) -> list[Found] | None:
    """'“Q,” X said.' and '“Q,” said X, adding that Y.'"""
    pattern = quote_pattern(LANG)
    head = re.match(r"\s*", text[start:end])
    match = pattern.match(text, start + (head.end() if head else 0), end)
    if not match:
        return None
    rest_start = match.end()
    rest = text[rest_start:end]
    verbs = _verbs()
    verb = verbs.search(rest)
    if not verb or verb.group("cite"):
        return None
    continuation = re.search(
        rf",\s*(?P<word>{_re('continuations')})\b\s*(?P<obj>[^,]*?)\bthat\s+", rest, re.I
    )
    speaker_end = continuation.start() if continuation else len(rest)
    before = rest[: verb.start()].strip(" ,")
    after = rest[verb.end() : speaker_end].strip(" ,.")
    after = re.split(r"\s+(?:on|in|at|during|after)\s+", after, maxsplit=1)[0]
    chain = classify(before or after, state)
    if before:
        s_start, s_end = rest_start, rest_start + verb.start()
    else:
        s_start = (
            rest_start
            + verb.end()
            + (len(rest[verb.end() :]) - len(rest[verb.end() :].lstrip(" ,")))
        )
        s_end = s_start + len(after)
    if not chain:
        return None
    q_start, q_end = quoted(match)
    q_start, q_end = _strip(text, q_start, q_end)
    modality = _modality(verb, text[start:end])
    found = [Found(q_start, q_end, chain, modality, "affirmed", "direct")]
    if continuation:
        c_start = rest_start + continuation.end()
        c_start, c_end = _strip(text, c_start, end)
        deny = continuation.group("word").casefold() in ("rejecting", "denying")
        found.append(_indirect(text, c_start, c_end, chain, "reported", deny))
        return _named_at(found, text, s_start, s_end)
    # '“Q1,” X said, “Q2.”': the quotation goes on after its speaker, in the same words.
    resumed = pattern.search(text, rest_start + verb.end(), end)
    between = text[rest_start + verb.end() : resumed.start()] if resumed else ""
    if resumed and len(between.split()) <= 8 and not _verbs().search(between):
        r_start, r_end = _strip(text, *quoted(resumed))
        return [
            *_named_at(found, text, s_start, s_end),
            Found(r_start, r_end, chain, modality, "affirmed", "direct"),
        ]
    return _named_at(found, text, s_start, s_end)


def _modality(verb: re.Match[str], clause: str) -> Modality:
    if verb.group("hedge") or _hedged(clause):
        return "hedged"
    if verb.group("question"):
        return "questioned"
    return "reported"


def _indirect(
    text: str, start: int, end: int, chain: Chain, modality: Modality, deny: bool
) -> Found:
    c_start, c_end, denied = _denial_span(text, start, end, deny)
    c_start, c_end = _strip(text, c_start, c_end)
    polarity: Polarity = "denied" if denied else "affirmed"
    whole = text[c_start:c_end]
    direct = bool(re.fullmatch(r"[“\"«].*[”\"»]", whole))
    if direct:
        c_start, c_end = c_start + 1, c_end - 1
        c_start, c_end = _strip(text, c_start, c_end)
    return Found(c_start, c_end, chain, modality, polarity, "direct" if direct else "indirect")


def _according(text: str, start: int, end: int, state: Discourse) -> list[Found] | None:
    clause = text[start:end]
    lead = re.match(
        r"^\s*According to (?P<src>[^,]+(?:,\s*(?:citing|quoting)\s+[^,]+)?),\s*", clause
    )
    if lead:
        chain = classify(lead.group("src"), state)
        if chain:
            c_start, c_end = _split_tail(text, start + lead.end(), end)
            modality: Modality = "hedged" if _hedged(clause) else "reported"
            found = [_indirect(text, c_start, c_end, chain, modality, False)]
            found = _named_at(found, text, start + lead.start("src"), start + lead.end("src"))
            return found + _tail_assertion(text, c_end, end, state)
    tail = re.search(
        r",\s*(?:according to|as (?:reported|claimed|stated|said) by) (?P<src>[^,.]+)[.]?\s*$",
        clause,
    )
    if tail:
        chain = classify(tail.group("src"), state)
        if chain:
            c_start, c_end = _strip(text, start, start + tail.start())
            lead_in = re.match(r"^(?:and|but|however)\s+", text[c_start:c_end], re.I)
            if lead_in:
                c_start += lead_in.end()
            modality = "hedged" if _hedged(clause) else "reported"
            found = [_indirect(text, c_start, c_end, chain, modality, False)]
            return _named_at(found, text, start + tail.start("src"), start + tail.end("src"))
    return None


def _split_tail(text: str, start: int, end: int) -> tuple[int, int]:
    """A proposition ends before ', though/but the X did …' (a second, own statement)."""
    cut = re.search(r",\s*(?:though|although|but)\s+", text[start:end])
    return _strip(text, start, start + cut.start() if cut else end)


def _tail_assertion(text: str, claim_end: int, end: int, state: Discourse) -> list[Found]:
    cut = re.match(r"[\s,]*(?:though|although|but)\s+", text[claim_end:end])
    if not cut:
        return []
    a_start, a_end = _strip(text, claim_end + cut.end(), end)
    if len(text[a_start:a_end].split()) < 3:
        return []
    return [Found(a_start, a_end, (), "asserted", "affirmed", "none")]


def _passive_denial(text: str, start: int, end: int, state: Discourse) -> list[Found] | None:
    """'The claims were dismissed by the government as baseless.'"""
    verdicts = alternation(LANG, "denials", "verdicts")
    match = re.match(
        rf"^\s*(?P<what>.+?)\s+(?:was|were|has\s+been|have\s+been|had\s+been)\s+"
        rf"(?:{_re('deny')})\s+by\s+(?P<by>.+?)(?:\s+as\s+[“\"«]?(?:{verdicts})[”\"»]?)?\s*[.]?\s*$",
        text[start:end],
    )
    chain = classify(match.group("by"), state) if match else None
    if not match or not chain:
        return None
    c_start, c_end = _strip(text, start + match.start("what"), start + match.end("what"))
    found = [Found(c_start, c_end, chain, "reported", "denied", "indirect")]
    return _named_at(found, text, start + match.start("by"), start + match.end("by"))


def _reported(text: str, start: int, end: int, state: Discourse) -> list[Found] | None:
    clause = text[start:end]
    passive = re.search(
        r"^(?P<subj>.+?)\s+(?:was|were)\s+(?:cited|quoted)\s+as\s+(?:telling|saying)\s+"
        r"(?P<obj>[^,]*?)\s*\bthat\s+",
        clause,
    )
    if passive:
        inner = classify(passive.group("subj"), state)
        outer = classify(passive.group("obj"), state, True) if passive.group("obj") else ()
        if inner:
            c_start, c_end = _strip(text, start + passive.end(), end)
            found = [_indirect(text, c_start, c_end, (*(outer or ()), *inner), "reported", False)]
            return _named_at(
                found, text, start + passive.start("subj"), start + passive.end("subj")
            )
    verdicts = alternation(LANG, "denials", "verdicts")
    for verb in _verbs().finditer(clause):
        subject = clause[: verb.start()]
        if not subject.strip() or subject.strip().endswith(("that", ",”")):
            continue
        verdict = rf"^\s+(?:\S+\s+){{0,10}}?(?:as\s+)?[“\"«]?(?:{verdicts})\b"
        if verb.group("describe") and not re.search(verdict, clause[verb.end() :], re.I):
            continue
        publishing = verb.group(0).casefold() in word_set(LANG, "sources", "outlet_verbs")
        chain = classify(subject, state, bool(verb.group("cite")) or publishing)
        if not chain:
            continue
        own = state.own_outlet
        if len(chain) == 1 and chain[0].kind == "outlet" and own and same_name(chain[0].name, own):
            c_start, c_end = _strip(
                text, _complement_start(text, start + verb.end(), end, state)[0], end
            )
            return [Found(c_start, c_end, (), "asserted", "affirmed", "none")]
        after = start + verb.end()
        s_start, s_end = start, start + verb.start()
        inner: Chain = ()
        if verb.group("cite"):
            said = re.search(
                rf"\s*(?P<inner>.+?)\s*(?:,?\s*\b(?:{_re('as_saying')})|,\s*who\s+"
                rf"(?:{_re('neutral')}|{_re('hedge')}))\b\s*",
                text[after:end],
            )
            if not said:
                continue
            inner = classify(re.split(r",\s*including\b", said.group("inner"))[0], state) or ()
            if not inner:
                continue
            s_start, s_end = after + said.start("inner"), after + said.end("inner")
            after += said.end()
        # 'X reported, citing sources within the leadership, that …' and '… that P, citing S.':
        # whom the source cites, right after its verb or after what it says.
        cited = CITED_AFTER_VERB.match(text, after, end)
        if cited and not inner:
            inner = classify(cited.group("inner"), state) or ()
            if inner:
                after = cited.end()
        c_start, told = _complement_start(text, after, end, state)
        trailing = CITED_AT_END.search(text, c_start, end)
        if trailing and not inner:
            inner = classify(trailing.group("inner"), state) or ()
        chain = (*told, *chain, *inner)
        if told and chain[len(told)].kind == "outlet" and len(chain) > len(told):
            chain = chain[len(told) :]
        found = _complements(text, c_start, end, chain, verb, clause, state)
        return _named_at(found, text, s_start, s_end)
    return None


CITED_AFTER_VERB = re.compile(r"\s*,\s*(?:citing|quoting)\s+(?P<inner>[^,.]+),\s*")
CITED_AT_END = re.compile(r",\s*(?:citing|quoting)\s+(?P<inner>[^,.]+)[.]?\s*$")
# What may follow a postposed reporting verb before the sentence or its next clause begins.
AFTER_VERB = re.compile(
    rf"^(?:\s+(?:on\s+)?{WEEKDAY}|\s+(?:on|last|this|earlier|late)\s+[A-Za-z]+(?:\s+\d{{1,2}})?"
    r"|\s+(?:reporters|journalists)|\s+in\s+an?\s+(?:statement|report|interview))*"
    r"\s*(?P<rest>,.*|[.]?\s*)$"
)
# Whom a source 'told' after the claim: a name ('GPA', 'The Associated Press') or a short
# description ('the newspaper', 'state television', 'a news conference').
TOLD_RECIPIENT = re.compile(
    r"^\s+(?:(?:[Tt]he\s+)?[A-Z][\w.&'’-]*(?:\s+[A-Z][\w.&'’-]*){0,3}"
    r"|(?:the|a|an|local|state|foreign)\s+[a-z]+(?:\s+[a-z]+)?)(?=[\s,.]|$)"
)


def _after_verb(verb: re.Match[str], rest: str) -> tuple[re.Match[str], int] | None:
    """What follows a postposed reporting verb when it is only time, manner or, for 'told',
    whom the source told, with where that match starts in `rest`; None when a clause follows
    (the verb then reports what comes next)."""
    if verb.group(0).casefold().startswith(("told", "tell")):
        recipient = TOLD_RECIPIENT.match(rest)
        if recipient:
            tail = AFTER_VERB.match(rest[recipient.end() :])
            if tail:
                return tail, recipient.end()
    tail = AFTER_VERB.match(rest)
    return (tail, 0) if tail else None


def _postposed(text: str, start: int, end: int, state: Discourse) -> list[Found] | None:
    """'CLAIM, the Veldran daily X reported on Sunday, …': the source named after the claim."""
    clause = text[start:end]
    for verb in _verbs().finditer(clause):
        if verb.group("describe") or verb.group("question") or verb.group("cite"):
            continue
        comma = clause.rfind(",", 0, verb.start())
        subject = clause[comma + 1 : verb.start()] if comma > 0 else ""
        if re.match(rf"^\s*(?:a|an)\s+(?:{_re('rebuttal_nouns', 'denials')})\b", subject):
            continue  # ', a charge the ministry denied' rebuts the clause before it
        after = _after_verb(verb, clause[verb.end() :])
        if not subject.strip() or len(subject.split()) > 8 or not after:
            continue
        tail, skipped = after
        claim_words = clause[:comma].split()
        if (
            len(claim_words) < 3
            or claim_words[0].casefold() in word_set(LANG, "sources", "lead_ins")
            or clause[:comma].count("“") > clause[:comma].count("”")
            or re.match(r"^,\s*[“\"«‘]", tail.group("rest"))
        ):
            continue
        chain = classify(subject, state, True)
        if not chain:
            continue
        cited = re.match(r"^,\s*(?:citing|quoting)\s+(?P<inner>[^,.]+)", tail.group("rest"))
        inner = classify(cited.group("inner"), state) if cited else None
        own = state.own_outlet
        if len(chain) == 1 and chain[0].kind == "outlet" and own and same_name(chain[0].name, own):
            chain = ()
        chain = (*chain, *(inner or ()))
        c_start, c_end = _strip(text, start, start + comma)
        if not chain:
            return [Found(c_start, c_end, (), "asserted", "affirmed", "none")]
        deny = bool(verb.group("deny"))
        found = [_indirect(text, c_start, c_end, chain, _modality(verb, clause), deny)]
        if inner and cited:
            rest_at = start + verb.end() + skipped + tail.start("rest")
            return _named_at(
                found, text, rest_at + cited.start("inner"), rest_at + cited.end("inner")
            )
        return _named_at(found, text, start + comma + 1, start + verb.start())
    return None


def _complements(
    text: str,
    c_start: int,
    end: int,
    chain: Chain,
    verb: re.Match[str],
    clause: str,
    state: Discourse,
) -> list[Found]:
    """The proposition after a reporting verb, and any 'adding that …' which follows it."""
    deny = bool(verb.group("deny") or verb.group("describe"))
    modality = _modality(verb, clause)
    window = text[c_start:end]
    rebuttal = re.search(
        rf",\s*(?:a|an)\s+(?:{_re('rebuttal_nouns', 'denials')})\s+(?:that\s+|which\s+)?"
        rf"(?P<who>.+?)\s+(?:{alternation(LANG, 'denials', 'describe')}|{_re('deny')})\b",
        window,
    )
    if rebuttal:
        first = _indirect(text, c_start, c_start + rebuttal.start(), chain, modality, deny)
        who = classify(rebuttal.group("who"), state)
        if who:
            rebuttal_at = c_start + rebuttal.start("who"), c_start + rebuttal.end("who")
            denial = Found(first.start, first.end, who, "reported", "denied", "indirect")
            return [first, *_named_at([denial], text, *rebuttal_at)]
        return [first]
    quote = quote_pattern(LANG).match(window.lstrip())
    if quote:
        offset = c_start + len(window) - len(window.lstrip())
        q_start, q_end = quoted(quote)
        q_start, q_end = _strip(text, offset + q_start, offset + q_end)
        found = [Found(q_start, q_end, chain, modality, "affirmed", "direct")]
        after = offset + quote.end()
        more = re.match(rf"^\W*(?P<word>{_re('continuations')})\b[^,]*?\bthat\s+", text[after:end])
        if more:
            n_start, n_end = _strip(text, after + more.end(), end)
            denied = more.group("word").casefold() in ("rejecting", "denying")
            found.append(_indirect(text, n_start, n_end, chain, "reported", denied))
        if more or not text[after:end].strip(" .,"):
            return found
    continuation = re.search(
        rf",\s*(?P<word>{_re('continuations')})\b\s*(?P<obj>[^,]*?)\bthat\s+", window, re.I
    )
    and_said = re.search(rf"\s+and\s+(?:(?:{_re('neutral')})\s+(?:that\s+)?|that\s+)", window)
    participle = re.search(r",\s*(?!including|according)[a-z]+ing\b", window)
    stop = min([m.start() for m in (continuation, and_said, participle) if m] + [len(window)])
    nested = _nested(text, c_start, c_start + stop, chain, state)
    found = nested or [_indirect(text, c_start, c_start + stop, chain, modality, deny)]
    if continuation:
        n_start, n_end = _strip(text, c_start + continuation.end(), end)
        word = continuation.group("word").casefold()
        denied = word in ("rejecting", "denying")
        found.append(_indirect(text, n_start, n_end, chain, "reported", denied))
    elif and_said:
        n_start, n_end = _strip(text, c_start + and_said.end(), end)
        found.append(_indirect(text, n_start, n_end, chain, "reported", False))
    return found


def _nested(text: str, start: int, end: int, chain: Chain, state: Discourse) -> list[Found] | None:
    """'… said its sources inside the ministry had confirmed that Y': the chain grows inward."""
    clause = text[start:end]
    verb = _verbs().search(clause)
    if not verb or verb.start() == 0 or len(clause[: verb.start()].split()) > 8:
        return None
    subject = re.sub(r"\s+(?:had|has|have|was|were|also)$", "", clause[: verb.start()].strip())
    if not _has(subject, "unnamed_heads"):
        return None
    inner = classify(subject, state)
    if not inner or inner[-1].kind != "unnamed":
        return None
    c_start, _ = _complement_start(text, start + verb.end(), end, state)
    c_end = _strip(text, c_start, end)[1]
    found = [_indirect(text, c_start, c_end, (*chain, inner[-1]), _modality(verb, clause), False)]
    return _named_at(found, text, start, start + verb.start())


NAME_WORD = rf"[{UPPER}][\w.’'-]*"
SPEAKER_COLON = re.compile(rf"^\s*(?P<who>{NAME_WORD}(?:\s+{NAME_WORD}){{0,3}}):\s+(?P<what>\S.*)$")


def _speaker_colon(text: str, start: int, end: int, state: Discourse) -> list[Found] | None:
    """'Pence: Flowers Won’t Be at Debate' (a headline) or 'WALLACE: Let’s start' (a
    transcript): a name and a colon open what the named one says."""
    match = SPEAKER_COLON.match(text, start, end) if start == 0 else None
    if not match or len(match.group("what").split()) < 3:
        return None
    who = match.group("who")
    chain = classify(who, state) or (Link(who, "person" if _is_person(who) else "institution"),)
    c_start, c_end = _strip(text, match.start("what"), end)
    found = _indirect(text, c_start, c_end, chain, "reported", False)
    return _named_at([found], text, match.start("who"), match.end("who"))


def _parsed(text: str, start: int, end: int, state: Discourse) -> list[Found] | None:
    """An attribution the patterns above miss, read off the parse by the learned cue model:
    'The Indiana governor said Democrats are to blame', 'Clinton called for a new tax'."""
    from storyline.claims.cues import find_cues
    from storyline.claims.entities import parsed_english

    doc = parsed_english(text)
    found: list[Found] = []
    for cue in find_cues(doc, start, end):
        # Two cues of one clause report two things ('X said A and Y argued B'), not the same.
        if cue.source is None or any(
            cue.content[0] < claim.end and claim.start < cue.content[1] for claim in found
        ):
            continue
        phrase = text[cue.source[0] : cue.source[1]]
        chain = classify(phrase, state) or _named_phrase(phrase, doc, cue.source, state)
        if not chain:
            continue
        verb = _verbs().fullmatch(cue.word)
        modality: Modality = _modality(verb, text[start:end]) if verb else "reported"
        deny = bool(verb and (verb.group("deny") or verb.group("describe")))
        claim = _indirect(text, cue.content[0], cue.content[1], chain, modality, deny)
        found.extend(_named_at([claim], text, *cue.source))
        # What the content names stays an antecedent, as in a sentence no one is cited for.
        remember_mentions(text[claim.start : claim.end], state)
    return sorted(found, key=lambda claim: claim.start) or None


def _named_phrase(phrase: str, doc: Any, span: tuple[int, int], state: Discourse) -> Chain:
    """The source a subject names when `classify` knows no one by it: 'he' is the person last
    named; otherwise the phrase itself, a person or institution when the tagger says so."""
    words = phrase.casefold().split()
    if words in (["he"], ["she"]):
        person = state.last.get("person") or (state.mentioned[:1] and (state.mentioned[0],))
        return tuple(person) if person else ()
    if len(words) > 12 or words[0] in word_set(LANG, "sources", "pronouns") | {"who", "which"}:
        return ()
    kinds = {token.ent_type_ for token in doc if span[0] <= token.idx < span[1] and token.ent_type_}
    kind: SourceKind = (
        "person" if "PERSON" in kinds else "institution" if kinds & {"ORG", "NORP"} else "unnamed"
    )
    return (Link(_drop_article(_unquote(phrase)), kind),)


def remember_mentions(sentence: str, state: Discourse) -> None:
    """Outlets and titled persons a sentence names become antecedents for later sentences."""
    roles = word_set(LANG, "roles", "role_words")
    names = word_set(LANG, "sources", "outlet_name_words")
    tokens = [(m.start(), m.group(0)) for m in re.finditer(r"[\w’'.-]+|,", sentence)]
    index = 0
    while index < len(tokens):
        word = tokens[index][1].rstrip(".")
        if word.casefold() in roles:
            follow = index + 1 + (index + 1 < len(tokens) and tokens[index + 1][1] == ",")
            run = []
            while (
                follow < len(tokens)
                and CAPITALISED.match(tokens[follow][1])
                and (tokens[follow][1].casefold() not in roles)
            ):
                run.append(tokens[follow][1].rstrip("."))
                follow += 1
            back = index
            while (
                back > 0
                and CAPITALISED.match(tokens[back - 1][1])
                and index - back < 3
                and (tokens[back - 1][1] not in ("The", "A", "An"))
            ):
                back -= 1
            if len(run) >= 2:
                role = " ".join(t for _, t in tokens[back : index + 1])
                state.remember((Link(" ".join(run), "person", role),))
                index = follow
                continue
        index += 1
    for run in re.finditer(rf"(?:[{UPPER}][\w’'-]+\s+){{1,3}}[{UPPER}][\w’'-]+", sentence):
        words = [w for w in run.group(0).split() if w not in ("The", "A", "An")]
        if len(words) >= 2 and any(w.casefold() in names for w in words):
            state.remember((Link(" ".join(words), "outlet"),))


def _mention_people(sentence: str, state: Discourse) -> None:
    from storyline.claims.entities import english_mentions

    for mention in english_mentions(sentence):
        if mention.kind == "person" and len(mention.text.split()) >= 2:
            state.mention(Link(mention.text, "person", mention.role))


def _plain(text: str, start: int, end: int) -> list[Found]:
    """A sentence no one is cited for: the outlet's own assertion, hedge or question."""
    clause = text[start:end]
    openers = alternation(LANG, "hedges", "question_openers")
    closers = alternation(LANG, "hedges", "question_closers")
    opener = re.match(rf"^\s*(?:{openers})\s+", clause, re.IGNORECASE)
    closer = re.search(rf"\s+(?:{closers})[.?]?\s*$", clause, re.IGNORECASE)
    if (opener and opener.group(0).strip().casefold() != "whether") or (opener and closer):
        c_end = start + closer.start() if closer else end
        c_start, c_end = _strip(text, start + opener.end(), c_end)
        return [Found(c_start, c_end, (), "questioned", "affirmed", "none")]
    if clause.rstrip().endswith("?"):
        first = re.match(r"^\s*(\w+)\s+", clause)
        qwords = word_set(LANG, "hedges", "question_words")
        c_start = start + first.end() if first and first.group(1).casefold() in qwords else start
        c_start, c_end = _strip(text, c_start, end)
        return [Found(c_start, c_end, (), "questioned", "affirmed", "none")]
    c_start, c_end = _strip(text, start, end)
    modality: Modality = "hedged" if _hedged(clause) else "asserted"
    return [Found(c_start, c_end, (), modality, "affirmed", "none")]


def _clauses(text: str) -> list[tuple[int, int]]:
    """Coordinated reports ('X said A, while Y said B', 'X denied A, and Y said B') are
    separate clauses."""
    bounds, position = [], 0
    for match in re.finditer(r",\s*(?:but|while|whereas|and)\s+|;\s+", text):
        if match.group(0).rstrip().endswith("and"):
            # Only when a new subject and its reporting verb follow within a few words.
            verb = _verbs().search(text, match.end(), match.end() + 60)
            between = text[match.end() : verb.start()] if verb else ""
            if not verb or "," in between or not 1 <= len(between.split()) <= 5:
                continue
        bounds.append((position, match.start()))
        position = match.end()
    bounds.append((position, len(text)))
    return bounds


OPENING_QUOTES = '“"«'
CLOSING_QUOTES = '”"»'


def _continued_quote(sentence: str, state: Discourse, found: list[Found]) -> list[Found]:
    """A sentence that names no one and carries on the quotation the sentence before ended in
    (“Q1,” she said. “Q2.”) is the same speaker's: one direct claim with her chain.

    Updates which speaker's quotation, if any, the next sentence may carry on.
    """
    stripped = sentence.strip()
    odd_straight = stripped.count('"') % 2 == 1
    opens = sum(stripped.count(mark) for mark in "“«") + (odd_straight and stripped[0] == '"')
    closes = sum(stripped.count(mark) for mark in "”»") + (odd_straight and stripped[0] != '"')
    quoted_start = stripped[:1] in OPENING_QUOTES
    if (
        state.quoting
        and not any(claim.chain for claim in found)
        and (quoted_start or state.quote_open)
        and len(stripped.split()) >= 2
    ):
        start = sentence.index(stripped[0]) + quoted_start
        c_start, c_end = _strip(sentence, start, len(sentence))
        while c_end > c_start and sentence[c_end - 1] in CLOSING_QUOTES + ".!?,":
            c_end -= 1
        state.quote_open = (state.quote_open or opens > closes) and not closes
        return [Found(c_start, c_end, state.quoting, "reported", "affirmed", "direct")]
    last = found[-1] if found else None
    if last and last.chain and last.quote == "direct":
        state.quoting = last.chain
        # 'He said: “Q1.' leaves the quotation open for the sentences after it.
        state.quote_open = opens > closes
    else:
        state.quoting, state.quote_open = (), False
    return found


def analyse(sentence: str, state: Discourse, min_words: int = 5) -> list[Found]:
    """Claims of one English sentence, with offsets into it; updates the discourse state."""
    found = analyse_clauses(
        sentence,
        state,
        _clauses(sentence),
        (
            _speaker_colon,
            _quote_claims,
            _according,
            _passive_denial,
            _postposed,
            _reported,
            _parsed,
        ),
        _plain,
        remember_mentions,
        too_short=lambda text: len(text.split()) < min_words,
        mention_people=_mention_people,
        # A leftover clause of one or two words is a fragment, not a proposition.
        min_clause_words=3,
    )
    return _continued_quote(sentence, state, found)
