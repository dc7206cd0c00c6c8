"""Turkish attribution: verb-final reports, '-e göre', denials, hedges and open questions."""

from __future__ import annotations

import re
from functools import cache

from storyline.claims.clauses import analyse_clauses
from storyline.claims.lexicon import pointer_cue, quote_pattern, quoted, words
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

LANG = "tr"
CAPITAL = re.compile(r"^[A-ZÇĞİÖŞÜ]")
# Case endings on a source word: 'kaynaklarına' → 'kaynakları', 'yetkiliye' → 'yetkili'.
DATIVE = re.compile(r"(?:'?(?:y?[ea]|n[ea]))$")
GENITIVE = re.compile(r"'?n?[ıiuü]n$")
# A word naming a trade or an industry ('Madencilik', 'Denizcilik', 'Havacılık').
TRADE_WORD = re.compile(r"\w[cç][ıiuü]l[ıiuü]k\b")
# A subject opened by what it did: a participle ('-an/-en'), then a capitalised run holding a title.
PARTICIPLE_SUBJECT = re.compile(
    r"^(?:\S+\s+){0,6}?[a-zçğıöşü]\w*[yn]?[ae]n\s+(?:[A-ZÇĞİÖŞÜ][^\s,'’]*\s+)*"
    r"[A-ZÇĞİÖŞÜ][^\s,'’]*(?=[\s,])"
)


def _low(text: str) -> str:
    return text.replace("I", "ı").replace("İ", "i").lower()


@cache
def _set(name: str, key: str) -> frozenset[str]:
    return frozenset(_low(w) for w in words(LANG, name, key))


def _alt(name: str, key: str) -> str:
    return "|".join(re.escape(e).replace(r"\ ", r"\s+") for e in words(LANG, name, key))


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in " ,;:-–—":
        start += 1
    while end > start and text[end - 1] in " ,;:.?!-–—":
        end -= 1
    return start, end


def _base(phrase_words: list[str]) -> str:
    """A source phrase in its base form: 'hükümete yakın kaynaklara' → '… kaynaklar'.

    A possessive stays after a bare noun ('istihbarat kaynakları'), not after a modifier
    ending in -ki or a case ending ('emniyetteki kaynaklar').
    """
    *before, word = phrase_words
    if _low(word) not in _set("sources", "unnamed_heads") and len(word) > 5:
        word = _without_ending(word, DATIVE)
    possessive = re.match(r"^(?P<stem>\w+l[ae]r)[ıi]$", word)
    if possessive and (not before or re.search(r"(?:ki|[ea]|yakın)$", before[-1])):
        word = possessive.group("stem")
    return " ".join([*before, word])


def _without_ending(word: str, ending: re.Pattern[str]) -> str:
    """'Bakanlığa' → 'Bakanlık': a vowel ending softened the k; a name keeps its apostrophe
    and its letters ('Uludağ'a' → 'Uludağ')."""
    bare = ending.sub("", word)
    if bare != word and "'" not in word and bare.endswith("ğ"):
        return bare[:-1] + "k"
    return bare


def _role_person(phrase: str) -> Link | None:
    tokens = phrase.split()
    roles = _set("roles", "role_words")
    last = max((i for i, t in enumerate(tokens) if _low(t.split("'")[0]) in roles), default=-1)
    if last < 0:
        return None
    name = [t for t in tokens[last + 1 :] if CAPITAL.match(t)]
    # 'Basın toplantısı düzenleyen Karaova Valisi': what the person did is not the role.
    role = _without_modifier(" ".join(tokens[: last + 1]))
    if not name:
        return Link(role, "person", role)
    return Link(" ".join(name), "person", role)


def _without_modifier(name: str) -> str:
    """'Veldra'da yayımlanan Brennpost' → 'Brennpost': a participle clause is not the name."""
    match = re.match(r"^.*\s[a-zçğıöşü]\w*(?:[yn]?[ae]n)\s+(?=[A-ZÇĞİÖŞÜ])", name)
    return name[match.end() :] if match else name


def _spokesman(person: Link, state: Discourse) -> Chain:
    """'Bakanlık Sözcüsü X' after 'Dışişleri Bakanlığı' speaks for it: [ministry, X]."""
    role_words = _low(person.role or "").split()
    owner = state.last.get("institution")
    if owner and len(role_words) >= 2 and role_words[-1] in _set("roles", "spokesperson_words"):
        stem = role_words[0][:5]
        if any(_low(word).startswith(stem) for word in owner[-1].name.split()):
            return (*owner, person)
    return (person,)


def _anaphor(word: str, state: Discourse) -> Chain | None:
    for kind in ("outlet", "unnamed", "person", "institution"):
        if _low(word) in _set("sources", f"anaphora.{kind}") and kind in state.last:
            return state.last[kind]
    return None


def classify(phrase: str, state: Discourse) -> Chain | None:
    """The chain a subject phrase names, outermost first; None if it names no one."""
    phrase = re.sub(r"\s+", " ", phrase).strip(" ,")
    particles = _alt("sources", "particles")
    phrase = re.sub(rf"(?:\s+(?:{particles}))+$", "", phrase, flags=re.IGNORECASE)
    if not phrase:
        return None
    told = re.match(
        r"^(?P<to>.+?)(?:'[ea]|y[ea])\s+(?:konuşan|açıklama yapan|bilgi veren)\s+(?P<who>.+)$",
        phrase,
    )
    if told:
        # Sources who told another outlet are that outlet's sources; told us, they are ours.
        outlet = _anaphor(
            told.group("to") + told.group(0)[len(told.group("to")) :].split()[0], state
        )
        if outlet and outlet[-1].kind == "outlet":
            return (*outlet, Link(_base(phrase.split()), "unnamed"))
        phrase = told.group("who")
    low = _low(phrase)
    for kind in ("unnamed", "outlet", "person", "institution"):
        if low in _set("sources", f"anaphora.{kind}") and kind in state.last:
            return state.last[kind]
    outlet_heads = _alt("sources", "outlet_heads")
    of_outlet = re.match(
        rf"^(?P<outlet>.+?)(?:\s+(?:{outlet_heads})|'n?[ıiuü]n)\s+(?P<rest>.*kaynak\S*)$", phrase
    )
    if of_outlet:
        outer = classify(of_outlet.group("outlet"), state) or (
            Link(of_outlet.group("outlet"), "outlet"),
        )
        return (*outer, Link(_base(of_outlet.group("rest").split()), "unnamed"))
    reached = re.match(
        r"^(?P<owner>.+?)'n?[ıiuü]n\s+(?:ulaştığı|elde ettiği|yayımladığı)\s+\S+$", phrase
    )
    if reached:
        return classify(reached.group("owner"), state)
    tokens = phrase.split()
    person = _role_person(phrase)
    if person and person.name != person.role:
        return _spokesman(person, state)
    if _low(tokens[-1]) in _set("sources", "outlet_heads") and len(tokens) > 1:
        return (Link(_without_modifier(" ".join(tokens[:-1])), "outlet"),)
    heads = _set("sources", "unnamed_heads")
    if any(_low(t) in heads or _low(t).startswith("kaynak") for t in tokens) or any(
        _low(t).startswith(head) and not CAPITAL.match(t)
        for t in tokens
        for head in heads
        if len(head) >= 5
    ):
        return (Link(_base(tokens), "unnamed"),)
    if any(_low(t.split("'")[0]) in _set("sources", "institution_heads") for t in tokens):
        return (Link(phrase.split("'")[0], "institution"),)
    if person:
        return state.last.get("person") or (person,)
    known = state.named(phrase.split("'")[0])
    if known:
        return known
    if all(CAPITAL.match(t) for t in tokens) and len(tokens) <= 4:
        name = phrase.split("'")[0]
        return (Link(name, _bare_kind(name)),)
    return None


def _bare_kind(name: str) -> SourceKind:
    """The kind of a bare capitalised name: an outlet when a word says so ('Poyraz TV', 'Ova
    Manşet'); else a person or a body as the tagger reads it ('Mehmet Aslan', 'Göktaş Uzay
    Sistemleri'); else, unread, an outlet when it has several words, a body when one."""
    from storyline.claims.entities import tagged_kind
    from storyline.lexicons import merged_list

    words = {_low(word) for word in name.split()}
    # Outlets keep their names' words in any language: 'Kerrin Gazette' in a Turkish report.
    outlet_words = {_low(w) for w in merged_list("outlets", "type_words")}
    if words & (outlet_words | _set("sources", "outlet_heads")):
        return "outlet"
    tagged = tagged_kind(name, LANG)
    if tagged == "person":
        return "person"
    if tagged == "organization":
        return "institution"
    return "outlet" if len(name.split()) > 1 else "institution"


def _head_name(phrase: str, state: Discourse) -> Chain | None:
    """The name a long subject ends on ('… mühendislerin işvereni Özsoy Yapı'): a Turkish noun
    phrase puts its head last, after whatever describes it."""
    tokens = phrase.split()
    take = 0
    while take < min(len(tokens) - 1, 4) and CAPITAL.match(tokens[-1 - take]):
        take += 1
    if not take or CAPITAL.match(tokens[-1 - take]):
        return None
    return classify(" ".join(tokens[-take:]), state)


# 'Liman Başkanlığı'ndan bir yetkilinin Kuzey Postası gazetesine verdiği bilgiye': who gave the
# information, and to whom.
GIVEN_TO = re.compile(
    r"^(?P<who>.+?)'?n?[ıiuü]n\s+(?P<to>.+?)\s+verdiği\s+(?:bilgiye|bilgilere|demece)$"
)


def _according(text: str, start: int, end: int, state: Discourse) -> list[Found] | None:
    clause = text[start:end]
    hedged = re.match(r"^\s*(?:İddiaya|iddiaya)\s+göre,?\s+", clause)
    if hedged:
        return [Found(*_strip(text, start + hedged.end(), end), (), "hedged", "affirmed", "none")]
    match = re.match(r"^\s*(?P<src>.+?)\s+göre,?\s+", clause)
    if not match:
        return None
    src = match.group("src")
    given = GIVEN_TO.match(src)
    if given:
        # 'X'in Y gazetesine verdiği bilgiye göre': X told Y, which passes it on.
        told = classify(DATIVE.sub("", given.group("to")), state) or ()
        who = classify(given.group("who"), state)
        if who:
            outlet = told if told and told[-1].kind == "outlet" else ()
            return [_indirect(text, start + match.end(), end, (*outlet, *who), "reported", False)]
    chain = _report_source(src, state)
    if not chain:
        return None
    return [_indirect(text, start + match.end(), end, chain, "reported", False)]


# What an outlet's report is called before 'göre': 'haberine', 'açıklamasına', 'aktardığına'.
REPORT_NOUN = re.compile(
    r"\s+(?:haber(?:ler)?(?:in)?[ey]?e|açıklama(?:lar)?(?:ın|y)?a|rapor(?:un)?a|veri(?:ler)?(?:in)?e"
    r"|bilgi(?:ler)?(?:in)?e|yazı(?:sın)?a|\w+d[ıiuü]ğ[ıiuü]n[ae]|\w+t[ıiuü]ğ[ıiuü]n[ae])$"
)
# A genitive owner word: 'Ajansı'nın', 'gazetesinin', 'Gazetenin'; after a consonant without an
# apostrophe ('Valiliğin', 'kaynakların') only when a lowercase word follows, as 'Tahsin' in
# 'Tahsin Yılmaz'ın' is a name, not an owner.
OWNER_WORD = re.compile(r"^\S+(?:'n?[ıiuü]n|n[ıiuü]n)$")
OWNER_AFTER_CONSONANT = re.compile(r"^\S+[^aeıioöuüAEIİOÖUÜ'][ıiuü]n$")


def _report_source(src: str, state: Discourse) -> Chain | None:
    """The chain behind '… göre': 'X gazetesinin 3 Ekim tarihli haberine' → X;
    'X Ajansı'nın yerel kaynaklara dayandırdığı habere' → X, then the local sources."""
    reported = REPORT_NOUN.search(src)
    if not reported:
        src = _base(src.split())
        return classify(src, state) or classify(GENITIVE.sub("", src), state)
    words = src[: reported.start()].split()
    owner_end = next((i for i, word in enumerate(words) if OWNER_WORD.match(word)), None)
    if owner_end is None:
        owner_end = next(
            (
                i
                for i, word in enumerate(words)
                if OWNER_AFTER_CONSONANT.match(word)
                and (i + 1 == len(words) or not CAPITAL.match(words[i + 1]))
            ),
            None,
        )
    if owner_end is None:
        return classify(_base(words), state) if words else None
    owner = " ".join([*words[:owner_end], _without_ending(words[owner_end], GENITIVE)])
    chain = classify(owner, state) or classify(" ".join(words[: owner_end + 1]), state)
    if not chain:
        return None
    # What stands between owner and report is a date, 'dünkü', or whom it was based on.
    between = words[owner_end + 1 :]
    if len(between) >= 2 and re.fullmatch(r"dayan(?:dır)?dığı|atfettiği", between[-1]):
        return (*chain, Link(_base(between[:-1]), "unnamed"))
    return chain


def _denied(text: str, start: int, end: int, deny: bool) -> tuple[int, int, bool]:
    start, end = _strip(text, start, end)
    part = text[start:end]
    intensifier = rf"(?:\s+(?:{_alt('denials', 'intensifiers')}))?"
    predicate = re.search(rf"{intensifier}\s+(?:{_alt('denials', 'predicates')})\s*$", part)
    if predicate:
        deny, end = True, start + predicate.start()
        part = text[start:end]
    if deny:
        # 'X olmadı, bu haberler asılsız': the proposition is what comes before the verdict.
        noun = re.search(rf"[,\s]+(?:{_alt('denials', 'report_nouns')})$", part)
        if noun and len(part[: noun.start()].split()) >= 2:
            end = start + noun.start()
    return start, end, deny


def _indirect(
    text: str, start: int, end: int, chain: Chain, modality: Modality, deny: bool
) -> Found:
    start, end = _strip(text, start, end)
    lead = re.match(
        rf"^(?:(?:dün|bugün|\S+\s+günü)\s+)?(?:{_alt('reporting_verbs', 'statement_leads')}),?\s+",
        text[start:end],
    )
    if lead:
        start += lead.end()
    whole = quote_pattern(LANG).fullmatch(text[start:end])
    if whole:
        q_start, q_end = quoted(whole)
        c_start, c_end, denied = _denied(text, start + q_start, start + q_end, deny)
        polarity_of_quote: Polarity = "denied" if denied else "affirmed"
        return Found(c_start, c_end, chain, modality, polarity_of_quote, "direct")
    c_start, c_end, denied = _denied(text, start, end, deny)
    polarity: Polarity = "denied" if denied else "affirmed"
    match = quote_pattern(LANG).fullmatch(text[c_start:c_end])
    if match:
        q_start, q_end = quoted(match)
        return Found(c_start + q_start, c_start + q_end, chain, modality, polarity, "direct")
    return Found(c_start, c_end, chain, modality, polarity, "indirect" if chain else "none")


def _quoted_verdict(
    text: str, start: int, end: int, chain: Chain, modality: Modality
) -> list[Found] | None:
    """'“X olmadı, haberler asılsız” dedi': X as said, and the reports it names denied."""
    start, end = _strip(text, start, end)
    lead = re.match(rf"^(?:{_alt('reporting_verbs', 'statement_leads')}),?\s+", text[start:end])
    whole = quote_pattern(LANG).fullmatch(text[start + (lead.end() if lead else 0) : end])
    if not whole:
        return None
    q_start, q_end = quoted(whole)
    offset = start + (lead.end() if lead else 0)
    verdict = re.search(
        rf",\s*(?P<noun>{_alt('denials', 'report_nouns')})"
        rf"(?:\s+(?:{_alt('denials', 'intensifiers')}))?\s+(?:{_alt('denials', 'predicates')})\W*$",
        text[offset + q_start : offset + q_end],
    )
    if not verdict:
        return None
    said_end = offset + q_start + verdict.start()
    noun_start = offset + q_start + verdict.start("noun")
    noun_end = offset + q_start + verdict.end("noun")
    return [
        Found(offset + q_start, said_end, chain, modality, "affirmed", "direct"),
        Found(noun_start, noun_end, chain, modality, "denied", "direct"),
    ]


def _final_verb(clause: str) -> tuple[re.Match[str], str] | None:
    for kind in ("deny", "hedge", "question", "neutral"):
        match = re.search(rf"\s(?:diye\s+)?(?:{_alt('reporting_verbs', kind)})\s*[.]?\s*$", clause)
        if match:
            return match, kind
    # 'iddialara yanıt verdi', 'haberlere itiraz etti': answering the reports rebuts them; the
    # same verbs with any other object ('sorulara yanıt verdi') report nothing.
    match = re.search(rf"\s(?:{_alt('denials', 'pointer_verbs')})\s*[.]?\s*$", clause)
    cue = pointer_cue(LANG)
    if match and cue and cue.search(clause[: match.start()]):
        return match, "deny"
    return None


def _reported(text: str, start: int, end: int, state: Discourse) -> list[Found] | None:
    clause = text[start:end]
    final = _final_verb(clause)
    if not final:
        return None
    verb, kind = final
    body_end = start + verb.start()
    comma = re.match(r"^(?P<subj>[^,“\"]+),\s*", clause)
    if comma:
        subject, c_start = comma.group("subj"), start + comma.end()
    else:
        tokens = clause.split()
        take = 0
        # A name with a case ending ('Vask'ın') belongs to the clause, not to the subject.
        while take < len(tokens) and (
            (CAPITAL.match(tokens[take]) and not re.search(r"['’]", tokens[take]))
            or (take and _low(tokens[take]) in _set("sources", "particles"))
        ):
            take += 1
        heads = _set("sources", "institution_heads") | _set("sources", "outlet_heads")
        if take and take < len(tokens) and _low(tokens[take]) in heads:
            take += 1
        modified = PARTICIPLE_SUBJECT.match(clause)
        if modified and (take <= 1 or _low(tokens[0]) in _set("roles", "stop_words")):
            # 'Bir açıklama yapan Karaova Valisi Mehmet Demir …': the subject is the titled
            # name after what it did.
            take = len(modified.group(0).split())
        take = max(take, 1)
        subject = " ".join(tokens[:take])
        c_start = start + clause.find(tokens[take - 1]) + len(tokens[take - 1]) if take else start
    chain = classify(subject, state) or (_head_name(subject, state) if kind == "deny" else None)
    if chain is None:
        return None
    own = state.own_outlet
    if len(chain) == 1 and chain[0].kind == "outlet" and own and same_name(chain[0].name, own):
        return [Found(*_strip(text, c_start, body_end), (), "asserted", "affirmed", "none")]
    based = re.search(
        rf"(?P<src>(?:\S+\s+){{0,4}}?\S+)\s+(?:{_alt('reporting_verbs', 'cite')})[,\s]+",
        text[c_start:body_end],
    )
    if based:
        inner = Link(_base(based.group("src").split()), "unnamed")
        chain = (*chain, inner)
        c_start += based.end()
    modality: Modality = {"hedge": "hedged", "question": "questioned"}.get(kind, "reported")  # type: ignore[assignment]
    continuation = re.search(
        rf"\s+(?:{_alt('reporting_verbs', 'continuations')})\s+", text[c_start:body_end]
    )
    found = []
    if continuation:
        first_end = c_start + continuation.start()
        first_end -= len(re.search(r"(?:\s+açıklamasını)?$", text[c_start:first_end]).group(0))
        found.append(_indirect(text, c_start, first_end, chain, "reported", False))
        c_start += continuation.end()
    rest = _low(text[c_start:body_end].strip())
    if found and found[0].polarity == "denied" and rest in _set("denials", "report_nouns"):
        return found
    found.extend(
        _quoted_verdict(text, c_start, body_end, chain, modality)
        or [_indirect(text, c_start, body_end, chain, modality, kind == "deny")]
    )
    return found


def _plain(text: str, start: int, end: int) -> list[Found]:
    clause = text[start:end]
    question = re.search(rf"\s+(?:{_alt('hedges', 'question_particles')})\s*\?\s*$", clause)
    if question:
        return [
            Found(
                *_strip(text, start, start + question.start()), (), "questioned", "affirmed", "none"
            )
        ]
    closer = re.search(
        rf"\s+(?:ise\s+)?(?:henüz\s+)?(?:{_alt('hedges', 'question_closers')})\W*$", clause
    )
    if closer:
        return [
            Found(
                *_strip(text, start, start + closer.start()), (), "questioned", "affirmed", "none"
            )
        ]
    hedge = re.search(rf"\s+(?:{_alt('hedges', 'phrases')})\W*$", clause)
    if hedge:
        return [
            Found(*_strip(text, start, start + hedge.start()), (), "hedged", "affirmed", "none")
        ]
    return [Found(*_strip(text, start, end), (), "asserted", "affirmed", "none")]


def _clauses(text: str) -> list[tuple[int, int]]:
    bounds, position = [], 0
    for match in re.finditer(r",\s*(?:ancak|fakat|ama|oysa)\s+", text):
        bounds.append((position, match.start()))
        position = match.end()
    bounds.append((position, len(text)))
    return bounds


def remember_mentions(sentence: str, state: Discourse) -> None:
    """Titled persons and outlets a sentence names become antecedents for later sentences."""
    heads = _alt("sources", "outlet_heads")
    for match in re.finditer(rf"((?:[A-ZÇĞİÖŞÜ]\S*\s+){{1,3}})(?:{heads})\b", sentence):
        state.remember((Link(match.group(1).strip(), "outlet"),))
    for match in re.finditer(r"(?:[A-ZÇĞİÖŞÜ]\S*\s+){1,4}[A-ZÇĞİÖŞÜ]\S*", sentence):
        person = _role_person(match.group(0).rstrip(","))
        if person and person.name != person.role:
            state.remember((Link(person.name.rstrip(","), "person", person.role),))


# 'Şirketin internet sitesinde yayımlanan açıklamada şu ifadelere yer verildi: "…"', 'Su İdaresi
# Genel Müdürlüğü'nün açıklamasında, "…" denildi': who made the statement, then what it says.
STATEMENT_PLACE = re.compile(r"^(?P<src>.*?)\s*\b(?:yazılı\s+)?açıklama(?:da|sında),?\s+", re.I)


def _statement_maker(phrase: str, state: Discourse) -> Chain | None:
    """Who made the statement a phrase before 'açıklamada' names: the owner in the genitive
    ('Şirketin internet sitesinde yayımlanan' → the company), the one whose signature it bears
    ('Belediye Sözcüsü X imzasıyla yayımlanan' → X); nothing named, the last statement's maker."""
    phrase = phrase.strip(" ,")
    signed = re.match(r"^(?P<who>.+?)\s+imzas[ıi]yla\b", phrase)
    if signed:
        return classify(signed.group("who"), state)
    tokens = phrase.split()
    for i, token in enumerate(tokens):
        if GENITIVE.search(token) and CAPITAL.match(tokens[0]):
            owner = [*tokens[:i], GENITIVE.sub("", token)]
            return classify(" ".join(owner), state)
    if not tokens:
        return state.last.get("institution") or state.last.get("person")
    return classify(phrase, state)


def _statement(sentence: str, state: Discourse) -> list[Found] | None:
    """A statement quoted after who made it ('X'in açıklamasında şu ifadelere yer verildi:
    "…"'), or its words reported in the passive ('Açıklamada, … olduğu belirtildi'): the
    maker's claims. An introduction without the quote leaves it to the next sentence."""
    place = STATEMENT_PLACE.match(sentence)
    if not place:
        return None
    chain = _statement_maker(place.group("src"), state)
    if not chain:
        return None
    rest_start = place.end()
    rest = sentence[rest_start:]
    intro = re.match(rf"^(?:{_alt('reporting_verbs', 'statement_intros')})\s*:?\s*", rest)
    if intro:
        state.remember(chain)
        if not rest[intro.end() :].strip():
            state.quoting, state.quote_open = chain, True
            return []
        start, end = _strip(sentence, rest_start + intro.end(), len(sentence))
        return [_indirect(sentence, start, end, chain, "reported", False)]
    passive = re.search(
        rf"\s+(?:d[ae]\s+)?(?:{_alt('reporting_verbs', 'statement_passives')})\W*$", rest
    )
    if not passive:
        return None
    state.remember(chain)
    start, end = _strip(sentence, rest_start, rest_start + passive.start())
    return [_indirect(sentence, start, end, chain, "reported", False)]


# '…, X Valiliği'nden bir yetkilinin açıklamasıyla duyuruldu': what was made known by whose
# statement, in the passive, the maker in the genitive before the statement.
BY_STATEMENT = re.compile(
    r"^(?P<content>.+?),?\s+(?P<src>[^,]+?)'?n?[ıiuü]n\s+"
    r"(?:açıklama(?:lar)?s?[ıi]yla|sözleriyle|ifadeleriyle|beyanıyla)\s+"
    r"(?:duyuruldu|bildirildi|açıklandı|öğrenildi|aktarıldı)\W*$"
)


def _by_statement(sentence: str, state: Discourse) -> list[Found] | None:
    """What a passive sentence says was made known by someone's statement: that maker's claim."""
    made = BY_STATEMENT.match(sentence)
    if not made:
        return None
    chain = classify(made.group("src"), state)
    if not chain:
        return None
    state.remember(chain)
    start, end = _strip(sentence, made.start("content"), made.end("content"))
    return [_indirect(sentence, start, end, chain, "reported", False)]


def _quoted_statement(sentence: str, state: Discourse) -> list[Found] | None:
    """The quoted words that follow a statement's introduction: its maker's."""
    chain, state.quoting, state.quote_open = state.quoting, (), False
    stripped = sentence.strip()
    if not chain or stripped[:1] not in '“"«':
        return None
    start, end = _strip(sentence, sentence.index(stripped[0]) + 1, len(sentence))
    while end > start and sentence[end - 1] in '”"».':
        end -= 1
    return [Found(start, end, chain, "reported", "affirmed", "direct")]


def _remember_statement_maker(sentence: str, state: Discourse) -> None:
    """'Kestel Madencilik A.Ş., … açıklamasını yaptı' names who made a statement, which the
    sentences after it quote ('Şirketin açıklamasında …'): a body, unless a person is named."""
    made = re.match(
        rf"^(?P<subj>[^,]+),\s.*\s(?:{_alt('reporting_verbs', 'statement_made')})\W*$", sentence
    )
    if not made:
        return
    name = _without_modifier(made.group("subj").strip())
    chain = classify(name, state)
    if not chain:
        return
    last = chain[-1]
    # A name of a trade ('Denizcilik', 'Madencilik') is a firm's, whatever the tagger says.
    trade = last.kind == "person" and not last.role and TRADE_WORD.search(last.name)
    if last.kind == "outlet" or trade:
        chain = (*chain[:-1], Link(last.name, "institution"))
    state.remember(chain)


def analyse(sentence: str, state: Discourse, min_words: int = 3) -> list[Found]:
    """Claims of one Turkish sentence, with offsets into it; updates the discourse state."""
    quoted_words = _quoted_statement(sentence, state)
    if quoted_words is not None:
        return quoted_words
    statement = _statement(sentence, state) or _by_statement(sentence, state)
    if statement is not None:
        return statement
    _remember_statement_maker(sentence, state)
    return analyse_clauses(
        sentence,
        state,
        _clauses(sentence),
        (_according, _reported),
        _plain,
        remember_mentions,
        # A short question still asks something: it stays a (questioned) claim.
        too_short=lambda text: len(text.split()) < min_words and not text.rstrip().endswith("?"),
    )
