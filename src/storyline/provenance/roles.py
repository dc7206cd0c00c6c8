"""Who held which role when, as the store's dated reports tell it: the evidence that an article
speaks of people as they stood at another time than its date."""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache, lru_cache
from typing import Any

from storyline.claims.names import skeleton
from storyline.lexicons import load, merged_list
from storyline.model import Article
from storyline.provenance.timeline import STALE_DAYS, as_date
from storyline.store.base import Store
from storyline.text.normalize import fold

# Dates good enough to say when a report called someone by a role.
DATED_ESTIMATES = ("stated", "inferred")
# How many words before and after a name a cue that the person has left office may stand
# ('replaced Rear Admiral Samer X', 'X, who stepped down in 2021').
CUE_WORDS_BEFORE = 6
CUE_WORDS_AFTER = 5
# Words that may stand between a title and the name it belongs to ('Rear Admiral', 'اللواء').
TITLE_GAP = 3
SENTENCE = re.compile(r"[^.!?؟\n]+")
# Surnames are also matched by their consonant skeleton, across scripts; shorter ones are too
# common to tell people apart.
MIN_SKELETON = 3
SKELETON_KEY = "~"
# A year written in a sentence, in Western or Arabic-Indic digits.
YEAR = re.compile(r"(?<![0-9٠-٩])(?:19|20|١٩|٢٠)[0-9٠-٩]{2}(?![0-9٠-٩])")
ARABIC_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789")
# Turkish case endings after an apostrophe: 'Moreno'nun yerine'.
SUFFIXED = re.compile(r"^(?P<stem>.+?)['’][a-zçğıöşü]{1,5}$")


def person_roles(store: Store, articles: Mapping[str, Article]) -> dict[str, list[dict]]:
    """Per article, the roles it gives people, each with the roles every other article gives
    the same person in the same language (roles are compared word by word)."""
    found: dict[str, list[dict]] = {}
    for row in store.query("SELECT name, kind, roles_json FROM entities ORDER BY name"):
        if row["kind"] != "person":
            continue
        roles = [r for r in json.loads(row["roles_json"]) if r["article_id"] in articles]
        for mine in roles:
            language = articles[mine["article_id"]].language
            others = [
                {"article_id": o["article_id"], "role": o["role"]}
                for o in roles
                if o["article_id"] != mine["article_id"]
                and articles[o["article_id"]].language == language
            ]
            found.setdefault(mine["article_id"], []).append(
                {"person": row["name"], "role": mine["role"], "others": others}
            )
    return found


def role_date_check(
    stated: date, roles: Sequence[Mapping[str, Any]], articles: Mapping[str, Article]
) -> dict[str, Any] | None:
    """Evidence that an article is older than its stated date: it gives a person a role that
    reports dated more than a year before it contradict. Roles change over years, so a piece
    dated long after reports that call someone 'foreign minister', which still calls them by
    another title, more likely carries content from another time than news of its date."""
    from storyline.alignment.drift import different_roles

    contradictions = []
    for mine in roles:
        for other in mine["others"]:
            published = articles[other["article_id"]].published
            when = as_date(published.date) if published.estimate in DATED_ESTIMATES else None
            if (
                when is not None
                and (stated - when).days > STALE_DAYS
                and different_roles(mine["role"], other["role"])
            ):
                contradictions.append(
                    {
                        "person": mine["person"],
                        "role_here": mine["role"],
                        "role_there": other["role"],
                        "article_id": other["article_id"],
                        "dated": when.isoformat(),
                    }
                )
    return _evidence("role contradicted", stated, contradictions)


def _evidence(reason: str, stated: date, contradictions: list[dict]) -> dict[str, Any] | None:
    """A date flag's evidence from the roles that contradict the stated date, or None where
    none does."""
    if not contradictions:
        return None
    return {"reason": reason, "stated": stated.isoformat(), "roles": contradictions}


# A report stating how long someone has held a role speaks for the article's time when it is
# dated no more than this many days before it.
TENURE_REPORT_DAYS = 31


@cache
def _tenure_pattern(language: str) -> re.Pattern[str] | None:
    """'since 2024', "2024'ten bu yana", 'منذ عام 2024': a year from which a role is held (the
    group 'before' or 'after' holds it, by where the language puts its marker)."""
    lexicon = load(language, "roles")
    year = r"(?:19|20)\d\d"
    forms = []
    before = sorted(lexicon.get("tenure_before_year", []), key=len, reverse=True)
    after = sorted(lexicon.get("tenure_after_year", []), key=len, reverse=True)
    if before:
        markers = "|".join(re.escape(marker) for marker in before)
        forms.append(rf"(?<!\w)(?:{markers})\s+(?P<before>{year})(?!\d)")
    if after:
        markers = "|".join(re.escape(marker) for marker in after)
        forms.append(rf"(?<!\d)(?P<after>{year})\s*(?:{markers})")
    return re.compile("|".join(forms), re.IGNORECASE) if forms else None


def _other_rank(role: str, other: str, language: str) -> bool:
    """Whether two roles of one language name different offices: different words, or the same
    office but for a rank word that one has ('Deputy Governor' and 'Governor')."""
    from storyline.alignment.drift import different_roles

    if different_roles(role, other):
        return True
    return bool((set(fold(role).split()) ^ set(fold(other).split())) & _rank_words(language))


@cache
def _rank_words(language: str) -> frozenset[str]:
    """The folded words that set a rank apart within one office ('deputy', 'vice')."""
    return frozenset(fold(word) for word in load(language, "roles").get("rank_words", []))


def tenure_check(
    stated: date,
    roles: Sequence[Mapping[str, Any]],
    articles: Mapping[str, Article],
    same_family: Callable[[str], bool],
) -> dict[str, Any] | None:
    """Evidence that an article is older than its stated date: another report of about its
    time says a person has held a role since a year before the article's ('Governor X, who
    has led the bank since 2024'), and the article gives them another role or rank ('Deputy
    Governor X'). Renderings of one another are left out: a translation's changed title is
    drift, not age: `same_family` tells the article's copies and original."""
    contradictions = []
    for mine in roles:
        for other in mine["others"]:
            if same_family(other["article_id"]):
                continue
            article = articles[other["article_id"]]
            published = article.published
            when = as_date(published.date) if published.estimate in DATED_ESTIMATES else None
            if when is None or (stated - when).days > TENURE_REPORT_DAYS:
                continue
            if not _other_rank(mine["role"], other["role"], article.language):
                continue
            pattern = _tenure_pattern(article.language)
            if pattern is None:
                continue
            for sentence, _, _, _ in _mentions(article_words(article), [mine["person"]]):
                found = pattern.search(sentence)
                held = found and next(v for v in found.groupdict().values() if v)
                if held and int(held) < stated.year:
                    contradictions.append(
                        {
                            "person": mine["person"],
                            "role_here": mine["role"],
                            "role_there": other["role"],
                            "article_id": other["article_id"],
                            "dated": when.isoformat(),
                            "says": sentence[:300],
                        }
                    )
                    break
    return _evidence("role held since an earlier year contradicted", stated, contradictions)


@dataclass(frozen=True)
class Cues:
    """A language's cues of one kind, each as its folded words in lexicon order, and where each
    word that starts one starts them (their places in that order)."""

    cues: tuple[tuple[str, ...], ...]
    by_first: Mapping[str, tuple[int, ...]]


@cache
def _cues(language: str, key: str, without: str | None = None) -> Cues:
    """Read for every person looked up in every article, so folded once; the cues of the kind
    `without` names are left out."""
    lexicon = load(language, "roles")
    left_out = {tuple(fold(cue).split()) for cue in lexicon.get(without, [])} if without else set()
    folded = (tuple(fold(cue).split()) for cue in lexicon.get(key, []) if fold(cue))
    cues = tuple(cue for cue in folded if cue not in left_out)
    by_first: dict[str, list[int]] = {}
    for at, cue in enumerate(cues):
        by_first.setdefault(cue[0], []).append(at)
    return Cues(cues, {word: tuple(places) for word, places in by_first.items()})


@cache
def _reversing(language: str) -> frozenset[str]:
    """The folded words that turn a cue round ('replaced by')."""
    return frozenset(fold(w) for w in load(language, "roles").get("successor_markers", []))


def _surnames(names: Sequence[str]) -> set[str]:
    """The last word of each spelling of a person's name, folded ('al-Hadidi' -> 'al hadidi'
    folds to 'hadidi'), with its script-neutral skeleton ('HDD', which 'الحديدي' shares): what
    later mentions of the person keep, in any script."""
    found = set()
    for name in names:
        words = fold(name).split()
        if words and len(words[-1]) >= 3:
            found.add(words[-1])
            key = skeleton(name.split()[-1])
            if len(key) >= MIN_SKELETON:
                found.add(SKELETON_KEY + key)
    return found


@lru_cache(maxsize=1 << 16)
def _token_keys(token: str) -> tuple[str, str]:
    """A token's folded form (a Turkish case ending after an apostrophe cut) and its skeleton
    key: read for every person looked up in every article, so computed once per token."""
    stem = SUFFIXED.match(token)
    return fold(stem.group("stem") if stem else token), SKELETON_KEY + skeleton(token)


def _name_keys(token: str) -> tuple[str, ...]:
    """The surname keys a token answers to: its folded form, that form less one or two leading
    letters (a surname may follow a particle joined to its front, as Arabic writes 'and' or
    'to'), and its skeleton key. A token names a person when one of these is among the
    person's surnames (what it ends with, at most two letters longer, or its skeleton)."""
    word, skeleton_key = _token_keys(token)
    return (word, word[1:], word[2:], skeleton_key)


def _has_cue(words: Sequence[str], cues: Cues) -> str | None:
    """The first cue, in lexicon order, that occurs among `words`."""
    words = tuple(words)
    found = [
        at
        for start, word in enumerate(words)
        for at in cues.by_first.get(word, ())
        if words[start : start + len(cues.cues[at])] == cues.cues[at]
    ]
    return " ".join(cues.cues[min(found)]) if found else None


@dataclass(frozen=True)
class Words:
    """An article's sentences as tokens and folded tokens, and every word's keys (folded form,
    consonant skeleton), read once for all the people looked up in it; `positions` gives, for
    each surname key a token answers to (_name_keys), where those tokens stand (sentence, token),
    in text order."""

    sentences: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...]
    folded: str
    skeletons: frozenset[str]
    positions: Mapping[str, tuple[tuple[int, int], ...]] = field(default_factory=dict)

    def naming(self, surnames: set[str]) -> list[tuple[int, int]]:
        """Where a token names one of these surnames, in text order."""
        found: set[tuple[int, int]] = set()
        for key in surnames:
            found.update(self.positions.get(key, ()))
        return sorted(found)

    def may_name(self, surnames: set[str]) -> bool:
        """Whether any of these surnames can occur here: a quick test before the word by word
        reading (a folded surname inside the folded text, or a shared skeleton)."""
        return any(
            key in self.skeletons if key.startswith(SKELETON_KEY) else key in self.folded
            for key in surnames
        )


def article_words(article: Article) -> Words:
    sentences = []
    skeletons: set[str] = set()
    positions: dict[str, list[tuple[int, int]]] = {}
    for at, sentence in enumerate(SENTENCE.findall(article.text)):
        tokens = tuple(sentence.split())
        sentences.append((sentence.strip(), tokens, tuple(fold(token) for token in tokens)))
        skeletons.update(_token_keys(token)[1] for token in tokens)
        for index, token in enumerate(tokens):
            for key in dict.fromkeys(_name_keys(token)):
                positions.setdefault(key, []).append((at, index))
    return Words(
        tuple(sentences),
        fold(article.text),
        frozenset(skeletons),
        {key: tuple(found) for key, found in positions.items()},
    )


def _mentions(
    words: Words, names: Sequence[str], strangers: frozenset[str] = frozenset()
) -> Iterator[tuple[str, list[str], list[str], list[str]]]:
    """Each mention of the person: its sentence, with the folded words before the name (up to
    CUE_WORDS_BEFORE) and after it (up to CUE_WORDS_AFTER), and the words before as written.
    `strangers` are other people's given names: a surname after one is theirs."""
    surnames = _surnames(names)
    if not surnames:
        return
    given = {fold(name).split()[0] for name in names if len(fold(name).split()) > 1}
    for at, index in words.naming(surnames):
        sentence, tokens, folded = words.sentences[at]
        if not _kin(tokens, folded, index, given, strangers):
            window = range(max(0, index - CUE_WORDS_BEFORE), index)
            before = [folded[i] for i in window if folded[i]]
            written = [tokens[i] for i in window if folded[i]]
            after = [w for w in folded[index + 1 : index + 1 + CUE_WORDS_AFTER] if w]
            yield sentence, before, after, written


def _kin(
    tokens: Sequence[str],
    folded: Sequence[str],
    index: int,
    given: set[str],
    strangers: frozenset[str],
) -> bool:
    """Whether the surname at `index` follows another given name than the person's: a relative
    sharing the surname ('Ece Kaya' beside 'Orhan Kaya'), told by a known stranger's given name
    in any script, or by a capitalised word where names are capitalised."""
    if not given or index == 0:
        return False
    if folded[index - 1] in strangers and folded[index - 1] not in given:
        return True
    previous = tokens[index - 1]
    if not previous[:1].isupper() or folded[index - 1] in given:
        return False
    return folded[index - 1] not in _title_words()


@cache
def _title_words() -> frozenset[str]:
    """Every single word of the title and office cues, in all languages: a capitalised word
    before a surname that is one of these is a title ('Minister Tan'), not a given name."""
    cues = [*merged_list("roles", "role_words"), *merged_list("roles", "former_before_name")]
    return frozenset(word for cue in cues for word in fold(cue).split())


def _titles_the_name(before: Sequence[str], written: Sequence[str], title: str) -> bool:
    """Whether the title found in `before` is the named person's own: at most TITLE_GAP words
    lie between it and the name, and in a script with capitals they are capitalised ('Navy
    commander Rear Admiral X'). A title further off, or across lower-case words, is someone
    else's ('Board Chair A, who took over from her father, founder X')."""
    cue = title.split()
    starts = [
        start
        for start in range(len(before) - len(cue) + 1)
        if list(before[start : start + len(cue)]) == cue
    ]
    gap = written[starts[-1] + len(cue) :] if starts else written
    if len(gap) > TITLE_GAP:
        return False
    return all(not word[:1].isalpha() or not word[:1].islower() for word in gap)


def left_office(
    article: Article, names: Sequence[str], words: Words | None = None, adjectives: bool = True
) -> str | None:
    """The sentence of `article` that speaks of this person as having left an office ('former
    interior minister X', 'succeeding X', 'X, who stepped down', 'X'in yerine', 'X السابق'),
    or None. A cue read the other way ('succeeded by X') names the successor instead."""
    # Without adjectives, only the cues that tell the leaving ('predecessor', 'stepped down'),
    # not 'former'.
    without = None if adjectives else "former_adjectives"
    before_cues = _cues(article.language, "former_before_name", without)
    after_cues = _cues(article.language, "former_after_name", without)
    reversing = _reversing(article.language)
    for sentence, before, after, _ in _mentions(words or article_words(article), names):
        cue = _has_cue(before, before_cues)
        if (cue and not _succeeds(before, before_cues, reversing)) or _has_cue(after, after_cues):
            return sentence
    return None


def in_office(
    article: Article,
    names: Sequence[str],
    words: Words | None = None,
    strangers: frozenset[str] = frozenset(),
) -> str | None:
    """The sentence of `article` that gives this person a title ('Navy commander Rear Admiral
    X', 'İçişleri Bakanı X', 'قائد القوات البحرية اللواء X') without saying they have left it,
    or None."""
    words = words or article_words(article)
    if left_office(article, names, words):
        return None
    titles = _cues(article.language, "role_words")
    for sentence, before, _, written in _mentions(words, names, strangers):
        title = _has_cue(before, titles)
        if title and _titles_the_name(before, written, title):
            return sentence
    return None


def _succeeds(window: Sequence[str], cues: Cues, reversing: frozenset[str]) -> bool:
    """Whether some cue in `window` is followed by a word that turns it round ('replaced by'):
    the person named after it is the successor, whatever other cue stands between ('succeeded
    by former Olympian X' names who holds the office now, not who left it)."""
    words = tuple(window)
    for cue in cues.cues:
        for start in range(len(words) - len(cue)):
            if words[start : start + len(cue)] == cue and words[start + len(cue)] in reversing:
                return True
    return False


@dataclass(frozen=True)
class Offices:
    """Per person, the articles that give them a title and those that say they have left an
    office, each with the sentence that says so; gathered once over the store."""

    titled: dict[str, dict[str, str]]
    left: dict[str, dict[str, str]]
    # Of `left`, the sentences that tell the leaving itself ('her predecessor X stepped down'),
    # not only call the person 'former' something, which may be no office ('former economist').
    left_by_deed: dict[str, dict[str, str]] = field(default_factory=dict)


def office_evidence(store: Store, articles: Mapping[str, Article]) -> Offices:
    """Offices over the store's people (each with the spellings it knows)."""
    people = []
    for row in store.query("SELECT name, kind, aliases_json FROM entities ORDER BY name"):
        if row["kind"] != "person":
            continue
        # Aliases are stored as [spelling, kind] pairs.
        aliases = json.loads(row["aliases_json"] or "[]")
        people.append([row["name"], *(a[0] if isinstance(a, list) else a for a in aliases)])
    return office_evidence_from(people, articles)


def office_evidence_from(
    people: Sequence[Sequence[str]], articles: Mapping[str, Article]
) -> Offices:
    """Offices of `people` (each a list of spellings, the first its name) in `articles`."""
    titled: dict[str, dict[str, str]] = {}
    left: dict[str, dict[str, str]] = {}
    left_by_deed: dict[str, dict[str, str]] = {}
    words = {article_id: article_words(article) for article_id, article in articles.items()}
    # Which articles (by their place in `articles`) have a token answering to each surname key:
    # an article no token of which names the person says nothing of them, so only these are read.
    order = {article_id: at for at, article_id in enumerate(articles)}
    holding: dict[str, set[int]] = {}
    for article_id, found in words.items():
        for key in found.positions:
            holding.setdefault(key, set()).add(order[article_id])
    ids = list(articles)
    # How many people's full names end with each surname: a lone surname two of them share
    # ('Kaya' beside 'Ece Kaya' and 'Orhan Kaya') cannot say which of them held an office.
    bearers = Counter(
        surname
        for names in people
        for surname in {fold(n).split()[-1] for n in names if len(fold(n).split()) > 1}
    )
    # Given names of people the store knows by two spellings or more: a name a tagger misread
    # once ('البحري سامر الحديدي', the rank taken for a first name) tells no relative apart.
    given_names = {
        fold(n).split()[0]
        for names in people
        if len(set(names)) > 1
        for n in names
        if len(fold(n).split()) > 1
    }
    for names in people:
        if all(len(fold(n).split()) == 1 for n in names) and any(
            bearers[fold(n)] > 1 for n in names
        ):
            continue
        person = names[0]
        surnames = _surnames(names)
        own = {fold(n).split()[0] for n in names if len(fold(n).split()) > 1}
        strangers = frozenset(given_names - own)
        candidates: set[int] = set()
        for key in surnames:
            candidates.update(holding.get(key, ()))
        for article_id in (ids[at] for at in sorted(candidates)):
            article = articles[article_id]
            if not words[article_id].may_name(surnames):
                continue
            gone = left_office(article, names, words[article_id])
            if gone:
                left.setdefault(person, {})[article_id] = gone
                deed = left_office(article, names, words[article_id], adjectives=False)
                if deed:
                    left_by_deed.setdefault(person, {})[article_id] = deed
                continue
            title = in_office(article, names, words[article_id], strangers)
            if title:
                titled.setdefault(person, {})[article_id] = title
    return Offices(titled, left, left_by_deed)


def _left_years_before(sentence: str, stated: date) -> bool:
    """Whether a sentence telling that someone left an office dates that to a year before
    `stated`'s ('who took office in 2022 after her predecessor stepped down'): then a report
    dated after the article still says the person had left by the article's date."""
    years = [int(found.translate(ARABIC_DIGITS)) for found in YEAR.findall(sentence)]
    return bool(years) and max(years) < stated.year


def succession_check(
    offices: Offices, article: Article, stated: date, articles: Mapping[str, Article]
) -> dict[str, Any] | None:
    """Evidence that an article speaks of a person as still in an office that reports dated no
    later than it say they had left: its content is older than its date."""
    contradictions = []
    for person, titles in sorted(offices.titled.items()):
        if article.id not in titles:
            continue
        for other_id, sentence in sorted(offices.left.get(person, {}).items()):
            other = articles[other_id]
            when = as_date(other.published.date) or as_date(other.published.not_before)
            if other_id == article.id or when is None:
                continue
            if when > stated and not (
                other_id in offices.left_by_deed.get(person, {})
                and _left_years_before(offices.left_by_deed[person][other_id], stated)
            ):
                continue
            contradictions.append(
                {
                    "person": person,
                    "here": titles[article.id][:300],
                    "article_id": other_id,
                    "dated": when.isoformat(),
                    "says": sentence[:300],
                }
            )
            break
    return _evidence("speaks of a person in an office they had left", stated, contradictions)
