"""Arabic attribution: verb-first reports, 'بحسب', denials, hedges and questions."""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache

from storyline.claims.clauses import analyse_clauses
from storyline.claims.lexicon import pointer_cue, quote_pattern, quoted, words
from storyline.claims.model import Chain, Discourse, Found, Link, Modality, Polarity
from storyline.claims.names import same_name
from storyline.text.normalize import fold

LANG = "ar"
TOKEN = re.compile(r"\S+")
# '، اليوم الاثنين،' between a subject and what it says: when it was said, not what.
TEMPORAL_ASIDE = re.compile(r"(?:اليوم|أمس|يوم|مساء|صباح|ليلة)\s+[^،,]{0,30}[،,]\s*")
# Shadda, short vowels and tatweel: written on some words, never in the lexicons. The tanween
# of 'تقريراً' stays: it marks an object, which the rules read.
MARKS = re.compile(r"[\u0610-\u061a\u064c-\u065f\u0670\u06d6-\u06ed\u0640]")
NAME_IN_MARKS = re.compile(r"[(«\"“](?P<name>[^)»\"”]{2,40})[)»\"”]")


@cache
def _folded(name: str, key: str) -> frozenset[str]:
    return frozenset(fold(entry) for entry in words(LANG, name, key))


def _alt(name: str, key: str) -> str:
    return "|".join(re.escape(e).replace(r"\ ", r"\s+") for e in words(LANG, name, key))


def _verb_core(token: str, key: str = "") -> str:
    """A verb without its conjunction prefix: 'ووصفت' → 'وصفت', 'فقال' → 'قال'."""
    bare = fold(token)
    forms = {
        f
        for kind in ("deny", "hedge", "question", "neutral", "object_verbs")
        for f in _folded("reporting_verbs", kind)
    }
    if bare not in forms and bare[:1] in ("و", "ف") and len(bare) > 3:
        return bare[1:]
    return bare


def _verb_kind(token: str) -> str | None:
    """The kind of reporting verb a token is ('neutral', 'hedge', 'deny', 'question')."""
    core = _verb_core(token)
    for kind in ("deny", "hedge", "question", "neutral"):
        if core in _folded("reporting_verbs", kind):
            return kind
    return None


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in " ،,:؛;.-–—":
        start += 1
    while end > start and text[end - 1] in " ،,:؛;.؟?!-–—":
        end -= 1
    return start, end


def _head_kind(token: str) -> str | None:
    bare = fold(token)
    plain = fold(re.sub(r"^ال", "", token))
    for kind, key in (
        ("outlet", "outlet_heads"),
        ("unnamed", "unnamed_heads"),
        ("institution", "institution_heads"),
    ):
        forms = _folded("sources", key)
        if bare in forms or plain in forms:
            return kind
    return None


def _outlet_name(rest: str) -> str:
    marked = NAME_IN_MARKS.search(rest)
    if marked and rest.strip().startswith(marked.group(0)[0]):
        return marked.group("name").strip()
    attached = _alt("sources", "attached_adjectives")
    rest = re.split(rf"[،,]|\s(?:{attached})\b|\sعن\s|\sفي\s", rest)[0]
    # 'صحيفة الساحل اليوم تقريراً': an accusative object ends the name.
    return re.split(r"\s\S+اً(?:\s|$)", rest)[0].strip()


def _role_person(phrase: str) -> Link | None:
    roles = sorted(words(LANG, "roles", "role_words"), key=len, reverse=True)
    stop = _folded("roles", "stop_words")
    for role in roles:
        if not fold(phrase).startswith(fold(role) + " ") and fold(phrase) != fold(role):
            continue
        if "،" in phrase:
            role_part, name_part = (p.strip() for p in phrase.split("،", 1))
            name_part = name_part.split("،")[0].strip()
            # 'المتحدث باسم الجيش، العقيد سامر الخطيب': a rank before the name is not the name.
            ranks = _folded("roles", "role_words") | _folded("roles", "name_titles")
            while len(name_part.split()) > 2 and fold(name_part.split()[0]) in ranks:
                name_part = name_part.split(" ", 1)[1]
            if name_part:
                return Link(name_part, "person", role_part)
        tokens = phrase.split()
        count = len(role.split())
        # 'وزير خارجية تارسيل': a ministry in construct, then the country it belongs to.
        if count + 1 < len(tokens) and fold(tokens[count]) in _folded("roles", "construct_domains"):
            count += 2
        # 'رئيس هيئة الحبوب': an indefinite noun right after the title heads its complement.
        elif (
            count == 1
            and not tokens[0].startswith("ال")
            and count + 1 < len(tokens)
            and not tokens[count].startswith("ال")
            and tokens[count + 1].startswith("ال")
            and fold(tokens[count]) not in stop
        ):
            count += 1
        while count < len(tokens):
            token, before = tokens[count], tokens[count - 1]
            if token == "في" and count + 3 < len(tokens):
                # 'وزير التجارة في بلمار آردو كمب': the place after 'في' is part of the role.
                count += 2
            elif before in ("باسم", "قناة", "صحيفة") or token == "باسم":
                count += 1
            elif token.startswith("ال") and (
                count == len(role.split())
                or not before.startswith("ال")
                or re.search(r"(?:ي|ية|يين|يون)$", token)
            ):
                # A definite complement of an indefinite noun, or a relational adjective
                # ('الخارجية التركي'); another definite noun starts the object ('الصور').
                count += 1
            else:
                break
        role_text = " ".join(tokens[:count])
        # 'مدير المعبر العقيد سامر حداد': a rank or honorific between the role and the name is
        # neither.
        titles = _folded("roles", "name_titles")
        while count < len(tokens) - 1 and fold(tokens[count]) in titles:
            count += 1
        name_tokens = [t for t in tokens[count:] if fold(t) not in stop][:2]
        # A given name never carries the article: 'الصور المتداولة' after a title is an object.
        if not name_tokens or name_tokens[0].startswith("ال"):
            return Link(role_text, "person", role_text)
        return Link(" ".join(name_tokens), "person", role_text)
    return None


def _is_own(name: str, state: Discourse) -> bool:
    """Whether an outlet name is the article's own, with or without its head noun."""
    own = state.own_outlet
    if not own:
        return False
    heads = _alt("sources", "outlet_heads")
    core = re.sub(rf"^(?:{heads})\s+", "", own.strip())
    return same_name(name, own) or same_name(name, core)


def classify(phrase: str, state: Discourse) -> Chain | None:
    """The chain a subject phrase names, outermost first; None if it names no one."""
    phrase = re.sub(r"\s+", " ", phrase).strip(" ،,:")
    phrase = re.sub(r"(?:^|\s+)قد$", "", phrase)
    phrase = re.sub(rf"\s+(?:{_alt('reporting_verbs', 'speech_nouns')})$", "", phrase)
    phrase = re.sub(
        r"\s+(?:في\s+(?:بيان|كلمة|تصريح|مؤتمر)\S*(?:\s+\S+)?|للصحفيين|للصحافيين)$", "", phrase
    )
    if not phrase:
        return state.latest or None
    nested = re.match(r"^(?:\S+\s+صادر\S*\s+عن|\S+\s+نشرته?ا?|تقديرات)\s+(?P<src>.+)$", phrase)
    if nested:
        return classify(nested.group("src"), state)
    cited = re.search(r"\s(?:نقلاً|نقلا)?\s?عن\s+(?P<inner>.+)$", phrase)
    if cited:
        outer = classify(phrase[: cited.start()], state)
        inner = classify(cited.group("inner"), state)
        if outer and inner:
            return outer + inner
    told = re.search(
        r"\s+(?:لـ\s?|ل(?=[«\"“])|ل(?=(?:صحيفة|موقع|قناة|وكالة)\s))[«\"“]?(?P<to>[^»\"”]+)[»\"”]?$",
        phrase,
    )
    if told and not phrase.startswith("ل"):
        phrase = phrase[: told.start()].strip()
        # Sources who told another outlet reach us through it; told us, through no one.
        to = classify(told.group("to"), state)
        if (not to or to[-1].kind != "outlet") and re.search(r"[«\"“]", told.group(0)):
            # 'لـ«الراصد»': whom a source speaks to, named in marks, is an outlet.
            to = (Link(told.group("to").strip(), "outlet"),)
        inner = classify(phrase, state)
        if to and to[-1].kind == "outlet" and inner and not _is_own(to[-1].name, state):
            return (*to, *inner)
    folded = fold(phrase)
    for kind in ("unnamed", "outlet", "person", "institution"):
        if folded in _folded("sources", f"anaphora.{kind}") and kind in state.last:
            if kind == "unnamed" and folded == fold("مصادر الصحيفة") and "outlet" in state.last:
                return (*state.last["outlet"], Link("مصادر", "unnamed"))
            if kind == "unnamed":
                noun = re.sub(r"^ال", "", phrase.split()[0])
                return state.unnamed_called(noun) or state.last[kind]
            return state.last[kind]
    learned = re.match(
        r"^(?:موقع|صحيفة|قناة|وكالة)\s+(?:[«\"“][^»\"”]+[»\"”]|\S+)\s+من\s+(?P<src>.+)$", phrase
    )
    tokens = phrase.split()
    first = _head_kind(tokens[0])
    for kind, key in (("institution", "institution_heads"), ("outlet", "outlet_heads")):
        if any(" " in head and folded.startswith(head) for head in _folded("sources", key)):
            first = first or kind
    if learned and first == "outlet":
        return classify(learned.group("src"), state)
    person = _role_person(phrase)
    if person:
        owner = re.search(
            # 'مراسل قناة X' works for an outlet; 'المتحدث باسم الوكالة X' speaks for a body.
            r"(?<![\u0600-\u06ff])(?:قناة|صحيفة|موقع|وكالة)\s+(?P<name>\S+(?:\s+ال\S+)?)",
            person.role or "",
        )
        if owner and person.name != person.role:
            return (Link(_outlet_name(owner.group("name")), "outlet"), person)
        # 'المتحدث باسمها' speaks for the institution named before.
        if re.search(r"باسم(?:ها|ه)$", person.role or "") and "institution" in state.last:
            return (*state.last["institution"], person)
        return (person,)
    if first == "unnamed" and len(tokens) > 1 and _head_kind(tokens[1]) == "outlet":
        rest = " ".join(tokens[2:])
        return (Link(_outlet_name(rest), "outlet"), Link(tokens[0], "unnamed"))
    if (
        first == "unnamed"
        and len(tokens) > 2
        and tokens[1] in ("في", "من", "داخل")
        and _head_kind(tokens[2]) == "outlet"
    ):
        return (Link(_outlet_name(" ".join(tokens[3:])), "outlet"), Link(tokens[0], "unnamed"))
    if first == "unnamed":
        return (Link(phrase.split("،")[0].strip(), "unnamed"),)
    if first == "outlet" and tokens[0].startswith("ال"):
        if all(token.startswith("ال") for token in tokens[1:]) and len(tokens) > 1:
            return (Link(phrase, "outlet"),)  # 'التلفزيون الرسمي' names itself
        if "outlet" in state.last:
            # 'الصحيفة' is the outlet named before, whatever follows it.
            return state.last["outlet"]
    if first == "outlet":
        head = tokens[0]
        if fold(head) == fold("وكالة"):
            return (Link(phrase.split("،")[0].strip(), "outlet"),)
        return (Link(_outlet_name(" ".join(tokens[1:])), "outlet"),)
    if first == "institution":
        return (Link(phrase.split("،")[0].strip(), "institution"),)
    known = state.named(phrase)
    if known:
        return known
    from storyline.claims.entities import tagged_kind

    # A bare name no rule knows: the tagger tells a person or a body.
    kind = {"person": "person", "organization": "institution"}.get(tagged_kind(phrase, LANG) or "")
    if kind:
        return (Link(phrase, kind),)
    return None


def unknown_source(phrase: str) -> Chain | None:
    """A short noun phrase a reporting verb or 'بحسب' names though no lexicon knows it:
    a definite one is a body ('نقابة عمال الموانئ'), an indefinite one an unnamed source."""
    tokens = re.sub(r"\s+", " ", phrase).strip(" ،,:").split()
    if (
        not tokens
        or len(tokens) > 5
        or any(fold(t) in _folded("roles", "stop_words") for t in tokens[:1])
    ):
        return None
    name = " ".join(tokens)
    # 'الوزير' with no one named before: a title speaks, and it is a person's.
    if len(tokens) == 1 and fold(re.sub(r"^ال", "", name)) in _folded("roles", "role_words"):
        return (Link(name, "person", name),)
    kind = "institution" if tokens[-1].startswith("ال") else "unnamed"
    return (Link(name, kind),)


def _np_end(tokens: list[re.Match[str]]) -> int:
    """How many tokens a subject takes in 'نفت وزارة الداخلية استخدام…' (head + ال-words)."""
    if not tokens:
        return 0
    phrase = " ".join(t.group(0) for t in tokens[:8])
    person = _role_person(phrase)
    if person and person.name != person.role:
        name_end = phrase.find(person.name) + len(person.name)
        return len(phrase[:name_end].split())
    if person:
        return len((person.role or "").split())  # 'المتحدث باسم الشرطة' with no name
    count = 1
    if len(tokens) > 1 and tokens[1].group(0).startswith(("«", '"', "(")):
        while count < len(tokens) and not tokens[count - 1].group(0).endswith(("»", '"', ")")):
            count += 1
        return count
    # An indefinite head in a construct chain ('ألوية درع الوادي') runs on to its definite end.
    while (
        not tokens[count - 1].group(0).startswith("ال")
        and count + 1 < len(tokens)
        and not tokens[count].group(0).startswith("ال")
        and tokens[count + 1].group(0).startswith("ال")
        and fold(tokens[count].group(0)) not in _folded("roles", "stop_words")
    ):
        count += 1
    while count < len(tokens) and tokens[count].group(0).startswith("ال"):
        count += 1
    # 'وزارة الخارجية في تارسيل': a place after the head belongs to the name.
    if (
        count + 1 < len(tokens)
        and tokens[count].group(0) == "في"
        and not tokens[count + 1].group(0).startswith("ال")
        and fold(tokens[count + 1].group(0).rstrip("،,")) not in _folded("sources", "speech_words")
    ):
        count += 2
    return count


def _denied_span(text: str, start: int, end: int, deny: bool) -> tuple[int, int, bool]:
    start, end = _strip(text, start, end)
    part = text[start:end]
    cue = pointer_cue(LANG)
    if deny and cue and cue.match(part):
        # The verdict in 'ما وصفته بـ"روايات مفبركة"' belongs to the pointer.
        return start, end, True
    marker = re.search(_alt("denials", "markers"), part)
    predicate = re.search(rf"\s*[«\"“]?(?:{_alt('denials', 'predicates')})", part)
    if marker and (deny or fold(marker.group(0)).startswith(fold("عدم"))):
        start += marker.end()
        end = start + len(re.split(r"[،,]", text[start:end])[0])
        return (*_strip(text, start, end), True)
    if predicate and predicate.start() > 0:
        return (*_strip(text, start, start + predicate.start()), True)
    return start, end, deny


def _indirect(
    text: str, start: int, end: int, chain: Chain, modality: Modality, deny: bool
) -> Found:
    c_start, c_end, denied = _denied_span(text, start, end, deny)
    polarity: Polarity = "denied" if denied else "affirmed"
    whole = text[c_start:c_end]
    match = quote_pattern(LANG).fullmatch(whole)
    if match:
        q_start, q_end = quoted(match)
        return Found(c_start + q_start, c_start + q_end, chain, modality, polarity, "direct")
    return Found(c_start, c_end, chain, modality, polarity, "indirect")


def _continuations(text: str, start: int, end: int) -> tuple[int, list[tuple[int, bool]]]:
    """Where a complement stops before 'مشيرة إلى أن…', 'رافضةً الاتهامات…', and what follows."""
    alts = _alt("reporting_verbs", "continuations")
    match = re.search(
        rf"[،,]\s*(?P<word>{alts})\S*\s+(?:(?:على|إلى)\s+)?(?:أن|إن)?\s*", text[start:end]
    )
    if not match:
        return end, []
    deny = fold(match.group("word")).startswith(fold("رافض"))
    return start + match.start(), [(start + match.end(), deny)]


# A phrase set off by a comma before the reporting verb: 'وفي أول رد لها، قالت الشركة …',
# 'وفي حين كررت مصادر أمنية اتهامها …، نفت الجماعة …'.
LEAD_PHRASE = re.compile(
    r"\s*[وف]?(?:في|خلال|بعد|قبل|عقب|إثر|مع|وسط|رغم|بينما|فيما)\s[^،,.]{2,160}?[،,]\s*"
)


def _reported(text: str, start: int, end: int, state: Discourse) -> list[Found] | None:
    clause = text[start:end]
    openers = (
        _alt("reporting_verbs", "reported_openers")
        + "|"
        + _alt("reporting_verbs", "contrast_openers")
    )
    opener = re.match(rf"^\s*(?:{openers})\s+", clause)
    offset = start + (opener.end() if opener else 0)
    topic = re.match(
        rf"\s*(?:{_alt('reporting_verbs', 'topic_openers')})(?:\s+[^،,]{{0,80}})?[،,]\s*",
        text[offset:end],
    )
    if topic:
        offset += topic.end()
    else:
        lead = LEAD_PHRASE.match(text, offset, end)
        after = TOKEN.match(text, lead.end(), end) if lead else None
        if after and _verb_kind(after.group(0)):
            offset = lead.end()  # type: ignore[union-attr]
    pluperfect = re.match(r"\s*و?(?:كان|كانت)\s+", text[offset:end])
    if pluperfect:
        offset += pluperfect.end()
    tokens = list(TOKEN.finditer(text, offset, end))
    position = None
    for index, token in enumerate(tokens[:10]):
        kind = _verb_kind(token.group(0))
        if kind:
            if index and not classify(text[offset : token.start()], state):
                continue
            position = index
            break
    if position is None:
        return None
    verb = tokens[position]
    kind = _verb_kind(verb.group(0)) or "neutral"
    pre_subject = text[offset : verb.start()].strip()
    complementisers = _alt("reporting_verbs", "complementizers")
    rest_start = verb.end()
    comp = re.search(
        rf"(?:^|\s|[،,])(?:{complementisers})(?=\s|$)|:\s*(?=[«\"“])|عما\s+إذا|ما\s+إذا",
        text[rest_start:end],
    )
    core = _verb_core(verb.group(0))
    objective = core in _folded("reporting_verbs", "object_verbs")
    if objective and core.startswith(fold("وصف")):
        comp = None
    deny = kind == "deny"
    early_marker = re.search(_alt("denials", "markers"), text[rest_start:end])
    if comp and early_marker and early_marker.start() < comp.start():
        comp = None
    cue = pointer_cue(LANG)
    # 'نفى …، ما وصفه بـ"حملة أكاذيب"، مؤكداً أن…': what is denied is what the pointer names;
    # a 'أن' after it opens the denier's own next statement.
    pointer = cue.search(text, rest_start, end) if deny and cue else None
    if pointer and comp and rest_start + comp.start() < pointer.start():
        pointer = None
    if pointer:
        comp = None
    modality: Modality = {"hedge": "hedged", "question": "questioned"}.get(kind, "reported")  # type: ignore[assignment]
    if comp:
        # 'نفت المتحدثة …، اليوم الأحد، أن…': the day it spoke is not part of who spoke.
        between = re.sub(
            rf"[،,]\s*{TEMPORAL_ASIDE.pattern}$", "", text[rest_start : rest_start + comp.start()]
        )
        subject = pre_subject or between
        if pre_subject and re.match(r"^\s*عن\s+\S", between):
            subject = pre_subject + " " + between.strip()
        c_start = rest_start + comp.end()
        if "إذا" in comp.group(0):
            modality = "questioned"
    else:
        rest_tokens = list(TOKEN.finditer(text, rest_start, end))
        marker = re.search(_alt("denials", "markers"), text[rest_start:end])
        count = _np_end(rest_tokens)
        if pointer and not pre_subject and count < len(rest_tokens):
            subject = text[rest_start : rest_tokens[count - 1].end()]
            c_start = pointer.start()
        elif marker and not pre_subject:
            subject = text[rest_start : rest_start + marker.start()]
            c_start = rest_start + marker.start()
        elif pre_subject:
            subject, c_start = pre_subject, rest_start
        elif rest_tokens and count < len(rest_tokens):
            subject = text[rest_start : rest_tokens[count - 1].end()]
            c_start = rest_tokens[count].start()
            when = TEMPORAL_ASIDE.match(text, c_start, end)
            if when:
                c_start = when.end()
            # An object noun phrase ends at the first comma: '…، وجدد الحديث' is a new clause.
            comma = re.search(r"[،,]", text[c_start:end])
            if comma and deny:
                end = c_start + comma.start()
        else:
            return None
        if not deny and not marker and kind not in ("hedge",):
            object_end = c_start
            verdict = re.search(r"\s+بأن(?:ها|ه)?\s+", text[object_end:end])
            if verdict and re.search(_alt("denials", "predicates"), text[object_end:end]):
                o_start, o_end = _strip(text, object_end, object_end + verdict.start())
                chain = classify(subject, state)
                if chain:
                    return [Found(o_start, o_end, chain, "reported", "denied", "indirect")]
            if not marker and not objective:
                return None
    # A denial names its denier before what it denies ('نفت ألوية درع الوادي أي علاقة'): a
    # body no lexicon knows is still the source.
    subject = _without_asides(subject, state)
    chain = classify(subject, state) or (unknown_source(subject) if comp or deny else None)
    if chain is None:
        return None
    if len(chain) == 1 and chain[0].kind == "outlet" and _is_own(chain[0].name, state):
        chain = ()
    stop, more = _continuations(text, c_start, end)
    rebuttal = (
        re.search(
            r"[،,]\s*وهو ما\s+(?P<verb>\S+)\s+(?P<who>.+?)(?:\s+جملة.*)?$",
            text[c_start:stop].rstrip(" ."),
        )
        if chain
        else None
    )
    if rebuttal and fold(rebuttal.group("verb"))[:3] in {
        fold(v)[:3] for v in words(LANG, "denials", "deny_nouns")
    }:
        stop = c_start + rebuttal.start()
    first = _indirect(text, c_start, stop, chain, modality if chain else "asserted", deny)
    if not chain:
        first = Found(first.start, first.end, (), "asserted", "affirmed", "none")
    found = [first]
    if rebuttal and stop == c_start + rebuttal.start():
        who = classify(rebuttal.group("who"), state)
        if who:
            found.append(Found(first.start, first.end, who, "reported", "denied", "indirect"))
    for n_start, n_deny in more:
        found.append(_indirect(text, n_start, end, chain, "reported", n_deny))
    return found


# 'أصدرت وزارة الصحة اليوم بياناً قالت فيه إن …', 'أصدرت الشركة بياناً ردت فيه على ما نشر …':
# who issued a statement, then what it says or what it answers.
ISSUED = re.compile(r"^\s*و?(?:أصدرت|أصدر)\s+(?P<src>.+?)\s+بيانا?ً?(?=[\s،,.])")
ISSUED_TIME = re.compile(r"(?:[،,]?\s+(?:اليوم|أمس|يوم|مساء|صباح|ليلة)(?:\s+[^\s،,]+)?[،,]?)+$")
ISSUED_REPLY = re.compile(r"(?:ردت|رد|تعقيبا|تعقيباً|ردا|رداً)\s+(?:فيه\s+)?على\s+")
ISSUED_SAYING = re.compile(r"(?P<verb>[^\s،,]+)\s+فيه\s+(?:أن|إن|بأن)\s+")


def _issued_statement(text: str, start: int, end: int, state: Discourse) -> list[Found] | None:
    """A statement its issuer put out: what it says is the issuer's, and a statement issued in
    answer to what was published ('ردت فيه على ما نشرته وسائل إعلام') rejects those reports."""
    issued = ISSUED.match(text, start, end)
    if not issued:
        return None
    subject = ISSUED_TIME.sub("", issued.group("src"))
    chain = classify(subject, state) or unknown_source(subject)
    if not chain:
        return None
    rest = issued.end()
    reply = ISSUED_REPLY.search(text, rest, end)
    cue = pointer_cue(LANG)
    if reply and cue and cue.match(text, reply.end(), end):
        return [Found(*_strip(text, reply.start(), end), chain, "reported", "denied", "indirect")]
    saying = ISSUED_SAYING.search(text, rest, end)
    if not saying or not _verb_kind(saying.group("verb")):
        return None
    stop, more = _continuations(text, saying.end(), end)
    found = [_indirect(text, saying.end(), stop, chain, "reported", False)]
    for n_start, n_deny in more:
        found.append(_indirect(text, n_start, end, chain, "reported", n_deny))
    return found


# 'علمت «الصحيفة» من مصدر في خفر السواحل أن …': what an outlet learned, and from whom.
LEARNED = re.compile(
    r"^\s*و?(?:علمت|علم)\s+(?P<outlet>[«\"“][^»\"”]+[»\"”]|\S+)\s+من\s+(?P<src>[^،,]+?)\s+"
    r"(?:أن|إن|بأن)\s+"
)


def _learned(text: str, start: int, end: int, state: Discourse) -> list[Found] | None:
    """What an outlet learned from a source: the source's claim, passed on by the outlet
    (the article's own outlet is left out of the chain)."""
    learned = LEARNED.match(text, start, end)
    if not learned:
        return None
    source = classify(learned.group("src"), state) or unknown_source(learned.group("src"))
    if not source:
        return None
    name = learned.group("outlet").strip('«»"“”')
    outlet = () if _is_own(name, state) else (Link(name, "outlet"),)
    stop, more = _continuations(text, learned.end(), end)
    found = [_indirect(text, learned.end(), stop, (*outlet, *source), "reported", False)]
    for n_start, n_deny in more:
        found.append(_indirect(text, n_start, end, (*outlet, *source), "reported", n_deny))
    return found


# Where and to whom a source spoke, after its name: 'في بيان أصدرته …', 'لـ«الصحيفة»'.
STATEMENT_ASIDE = re.compile(r"\s+(?:في|خلال)\s+(?:بيان|تصريح|حديث|مقابلة|مؤتمر)(?:\s.*)?$")
ADDRESSEE = re.compile(r"\s+لـ?\s*(?:[«\"“][^»\"”]+[»\"”]|\S+)$")


def _without_asides(subject: str, state: Discourse) -> str:
    """A subject without what is said of its words ('بلدية المدينة في بيان أصدرته …'), and,
    where it names no one whole, without what a comma sets off after the name ('حداد، في تصريح
    مكتوب لـ«الصحيفة»،', 'أحد حراس المتحف لـ«الصحيفة»، طالباً عدم ذكر اسمه،')."""
    subject = STATEMENT_ASIDE.sub("", subject.strip(" ،,"))
    if classify(subject, state) or unknown_source(subject):
        return subject
    head = re.split(r"[،,]", subject, maxsplit=1)[0].strip()
    head = ADDRESSEE.sub("", head) if ADDRESSEE.sub("", head).strip() else head
    return head if head and head != subject else subject


def _according(text: str, start: int, end: int, state: Discourse) -> list[Found] | None:
    clause = text[start:end]
    hedged = _alt("reporting_verbs", "hedged_according")
    plain = _alt("reporting_verbs", "according")
    lead = re.match(
        rf"^\s*و?(?:(?P<hedged>{hedged})|(?:{plain}))\s*(?P<src>[^،,]+)[،,]\s*(?:فإن|فان)?\s*",
        clause,
    )
    if not lead:
        return None
    src, _ = _relayed_source(lead.group("src"))
    chain = classify(src, state) or unknown_source(src)
    if chain is None:
        return None
    modality: Modality = "hedged" if lead.group("hedged") else "reported"
    stop, more = _continuations(text, start + lead.end(), end)
    found = [_indirect(text, start + lead.end(), stop, chain, modality, False)]
    for n_start, n_deny in more:
        found.append(_indirect(text, n_start, end, chain, "reported", n_deny))
    return found


def _relayed_source(phrase: str) -> tuple[str, bool]:
    """'ما نقلته وكالة X' after 'بحسب' names X; so does 'نقلت وكالة X' after 'حسبما'. Returns
    the source phrase and whether a reporting verb introduced it."""
    phrase = phrase.strip()
    relayed = re.match(r"^(?:ما\s+)?(?P<verb>\S+?)(?:ه|ها|هم)?\s+(?P<src>\S.*)$", phrase)
    if relayed and _verb_kind(relayed.group("verb")) == "neutral":
        return relayed.group("src"), True
    return phrase, False


def _according_after(text: str, start: int, end: int, state: Discourse) -> list[Found] | None:
    """'CLAIM، بحسب ما نقلته وكالة X عن مصدر': the source named after what it says. A report
    before it ('قال الوزير إن …، بحسب X') reaches us through X."""
    plain = _alt("reporting_verbs", "according")
    tail = re.search(rf"[،,]\s*و?(?:{plain})\s*(?P<src>[^،,.؛:]+?)\s*[.]?\s*$", text[start:end])
    if not tail:
        return None
    src, relayed = _relayed_source(tail.group("src"))
    chain = classify(src, state) or (unknown_source(src) if relayed else None)
    if not chain or (
        len(chain) == 1 and chain[0].kind == "outlet" and _is_own(chain[0].name, state)
    ):
        return None
    cut = start + tail.start()
    inner = _reported(text, start, cut, state)
    if inner:
        return [replace(f, chain=(*chain, *f.chain)) if f.chain else f for f in inner]
    c_start, c_end = _strip(text, start, cut)
    if len(text[c_start:c_end].split()) < 3:
        return None
    if re.match(r"^و\S{2}", text[c_start:c_end]):
        c_start += 1
    return [_indirect(text, c_start, c_end, chain, "reported", False)]


def _plain(text: str, start: int, end: int) -> list[Found]:
    clause = text[start:end]
    openers = _alt("hedges", "question_openers")
    question = re.match(rf"^\s*(?:{openers})\s+", clause)
    inner = re.search(r"(?:عما|عمّا|ما)\s+إذا\s+", clause)
    if question or inner or clause.rstrip().endswith(("؟", "?")):
        c_start = start + (inner.end() if inner else question.end() if question else 0)
        return [Found(*_strip(text, c_start, end), (), "questioned", "affirmed", "none")]
    hedge = re.match(rf"^\s*و?(?:{_alt('hedges', 'phrases')})\s+", clause)
    if hedge:
        return [Found(*_strip(text, start + hedge.end(), end), (), "hedged", "affirmed", "none")]
    c_start, c_end = _strip(text, start, end)
    if re.match(r"^و\S{2}", text[c_start:c_end]):
        c_start += 1
    return [Found(c_start, c_end, (), "asserted", "affirmed", "none")]


def _clauses(text: str) -> list[tuple[int, int]]:
    """Contrasted reports, and a second report joined by '، و' + a reporting verb."""
    bounds, position = [], 0
    for match in re.finditer(r"[،,]\s*(?:(?:في حين|بينما|فيما)\s+|(?=و\S+\s))", text):
        if not match.group(0).rstrip().endswith(("حين", "بينما", "فيما")):
            verb = TOKEN.match(text, match.end())
            if not verb or _verb_kind(verb.group(0)) is None:
                continue
        bounds.append((position, match.start()))
        position = match.end()
    bounds.append((position, len(text)))
    return bounds


def remember_mentions(sentence: str, state: Discourse) -> None:
    """Titled persons and outlets a sentence names become antecedents for later sentences."""
    for match in re.finditer(r"(?:صحيفة|قناة|موقع|وكالة)\s+(?P<rest>[^،,.]+)", sentence):
        state.remember((Link(_outlet_name(match.group("rest")), "outlet"),))
    for role in words(LANG, "roles", "role_words"):
        for match in re.finditer(rf"(?:^|\s)(?:ال)?{re.escape(role)}\s[^.:]+", sentence):
            person = _role_person(match.group(0).strip())
            if person and person.name != person.role and len(person.name.split()) >= 2:
                state.remember((person,))
                return


def _mention_people(sentence: str, state: Discourse) -> None:
    from storyline.claims.entities import arabic_mentions

    for mention in arabic_mentions(sentence):
        if mention.kind == "person" and len(mention.text.split()) >= 2:
            state.mention(Link(mention.text, "person", mention.role))


def _unmarked(sentence: str) -> tuple[str, list[int]]:
    """The sentence without shadda, short vowels and tatweel, and where each of its characters
    stands in the sentence: the lexicons and rules read words as written without them."""
    kept = [i for i, ch in enumerate(sentence) if not MARKS.match(ch)]
    return "".join(sentence[i] for i in kept), kept


def _marked(found: Found, positions: list[int], sentence: str) -> Found:
    """A claim found in the unmarked sentence, with its offsets back in the sentence."""

    def at(offset: int) -> int:
        return positions[offset] if offset < len(positions) else len(sentence)

    def end_at(offset: int) -> int:
        end = positions[offset - 1] + 1 if offset else 0
        # The marks written on the last letter belong to it.
        while end < len(sentence) and MARKS.match(sentence[end]):
            end += 1
        return end

    source = found.source_span
    return replace(
        found,
        start=at(found.start),
        end=end_at(found.end),
        source_span=(at(source[0]), end_at(source[1])) if source else None,
    )


def analyse(sentence: str, state: Discourse, min_words: int = 5) -> list[Found]:
    """Claims of one Arabic sentence, with offsets into it; updates the discourse state."""
    text, positions = _unmarked(sentence)
    found = analyse_clauses(
        text,
        state,
        _clauses(text),
        (_issued_statement, _learned, _according, _according_after, _reported),
        _plain,
        remember_mentions,
        too_short=lambda words: len(words.split()) < min_words,
        mention_people=_mention_people,
    )
    if len(text) == len(sentence):
        return found
    return [_marked(claim, positions, sentence) for claim in found]
