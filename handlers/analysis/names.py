"""People's names: a matching key, "same person?" and forgiving look-up (clustering spellings
into people is `handlers.analysis.name_clusters`).

`name_key` folds the ways one name gets written in English-language news into one string.
The rules, in the order they are applied:

1. anyascii: "Erdoğan" -> "Erdogan", "Зеленський" -> "Zelens'kiy", curly quotes -> "'".
2. lowercase.
3. a possessive "'s" at the end of a word is dropped ("Putin’s" -> "putin").
4. apostrophes are deleted, not turned into spaces, so "O'Brien" stays one token ("obrien")
   and so do Wade-Giles "Ch'oe" and the Ukrainian soft sign ("zelens'kiy").
5. hyphens, periods and any other non-alphanumeric character -> space, spaces collapsed:
   "Kim Jong-un" and "Kim Jong Un" both give "kim jong un"; "V." gives the initial "v".
6. per token, romanisation variants of one sound are folded:
   - "kh" -> "h" (Kharkiv/Harkiv, Mikhail/Mihail);
   - a trailing "iy", "yy", "ii", "yi", "ij" or "y" -> "i" on tokens of 4+ letters
     (Zelensky, Zelenskiy, Zelenskyy, Selenskij -> "...ski"); short tokens such as the Korean
     family name "Yi" are left alone;
   - doubled letters collapse ("Rutte" -> "rute", "Yoon" -> "yon", "Zelenskyy" after the rule
     above is already "zelenski").
   Not folded: "w" -> "v" (English press already writes Slavic "в" as "v"; folding would only
   merge unrelated English and German names) and "ou" -> "u" (Jaro-Winkler on the keys already
   tolerates it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from anyascii import anyascii
from rapidfuzz import fuzz
from rapidfuzz.distance import JaroWinkler

SURNAME_SIMILARITY = 0.92  # Jaro-Winkler on keys: spelling variants of one surname
GIVEN_SIMILARITY = 0.85  # Jaro-Winkler on keys: variants of one given name
SAME_PERSON_FLOOR = 90.0  # match_query: a recognised spelling of the person scores 90..100
DIFFERENT_PERSON_CAP = 60.0  # match_query: same surname, other given name ("Kim Yo-jong")

_POSSESSIVE = re.compile(r"'s\b")
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")
_TRAILING_Y = re.compile(r"(?:iy|yy|ii|yi|ij|y)$")
_DOUBLED = re.compile(r"(.)\1+")

# Family names written first in Korean, Chinese and Vietnamese names ("Kim Jong-un").
_FAMILY_FIRST_RAW = (
    "Kim Lee Yi Ri Rhee Park Pak Choe Choi Yoon Yun Moon Mun Jung Jeong Chung Kang Cho Jo Shin "
    "Han Oh Seo Kwon Hwang Ahn Song Hong Jang Ryu Nam Ban Xi Li Wang Zhang Liu Chen Yang Huang "
    "Zhao Wu Zhou Xu Sun Ma Zhu Hu Guo Lin Luo Gao Zheng Liang Deng Hun Nguyen Tran Pham Vu Vo "
    "Dang Bui Ho Ngo Duong"
)

# Lowercase words that belong to the surname that follows ("Ursula von der Leyen").
_PARTICLES_RAW = "von van der den de da di du del della la le bin ibn al el dos das zu ter"

# Titles dropped from the front of a query.
_QUERY_TITLES_RAW = (
    "president mr mrs ms dr gen general sen senator minister prime secretary "
    "leader chancellor king queen prince pope sir"
)


@dataclass(frozen=True)
class NameStat:
    name: str
    mentions: int


@dataclass(frozen=True, slots=True)  # real news at 1M holds 248,649 of them
class Cluster:
    canonical: str
    names: tuple[str, ...]
    mentions: int


def _fold_token(token: str) -> str:
    token = token.replace("kh", "h")
    if len(token) >= 4:
        token = _TRAILING_Y.sub("i", token)
    return _DOUBLED.sub(r"\1", token)


@lru_cache(maxsize=200_000)
def name_key(name: str) -> str:
    """The matching form of a name (see the module docstring for every rule)."""
    text = _POSSESSIVE.sub("", anyascii(name).lower()).replace("'", "").replace("`", "")
    return " ".join(_fold_token(t) for t in _NOT_ALNUM.sub(" ", text).split())


_FAMILY_FIRST = frozenset(name_key(n) for n in _FAMILY_FIRST_RAW.split())
_QUERY_TITLES = frozenset(name_key(n) for n in _QUERY_TITLES_RAW.split())
_PARTICLES = frozenset(_PARTICLES_RAW.split())
Reading = tuple[str, tuple[str, ...]]  # (surname, given names)


def _given(tokens: tuple[str, ...]) -> tuple[str, ...]:
    """Given names without the particles that belong to the surname ("Ursula von der")."""
    end = len(tokens)
    while end and tokens[end - 1] in _PARTICLES:
        end -= 1
    return tokens[:end]


@lru_cache(maxsize=1 << 16)
def readings(tokens: tuple[str, ...]) -> tuple[Reading, ...]:
    """Ways to read a key: surname last; also surname first for "Kim Jong Un"-shaped names.
    Particles before the surname are not given names: "von der Leyen" is surname-only."""
    last = (tokens[-1], _given(tokens[:-1]))
    if 2 <= len(tokens) <= 3 and tokens[0] in _FAMILY_FIRST:
        return last, (tokens[0], tokens[1:])
    return (last,)


def _surnames_close(a: str, b: str) -> bool:
    return a == b or JaroWinkler.similarity(a, b) >= SURNAME_SIMILARITY


def _given_token_agrees(a: str, b: str) -> bool:
    if a[0] != b[0]:
        return False
    return len(a) == 1 or len(b) == 1 or JaroWinkler.similarity(a, b) >= GIVEN_SIMILARITY


def _given_agree(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Given names agree when either is missing, or token by token ("V." agrees with
    "Volodymyr"). With different token counts they agree when the joined forms are equal
    ("Jong Un"/"Jongun") or the shorter agrees with the start of the longer (a dropped
    middle name: "Lloyd J. Austin"/"Lloyd Austin")."""
    if not a or not b:
        return True
    if len(a) == len(b):
        return all(map(_given_token_agrees, a, b))
    if "".join(a) == "".join(b):
        return True
    short, long = sorted((a, b), key=len)
    return all(map(_given_token_agrees, short, long[: len(short)]))


def same_readings(a: tuple[Reading, ...], b: tuple[Reading, ...]) -> bool:
    return any(_surnames_close(sa, sb) and _given_agree(ga, gb) for sa, ga in a for sb, gb in b)


def _same_tokens(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    return same_readings(readings(a), readings(b))


# Ingest compares each surname of a document with each full name in it (~180 pairs per
# article): the same few spellings, keyed again and again without these caches.
@lru_cache(maxsize=1 << 16)
def name_tokens(name: str) -> tuple[str, ...]:
    return tuple(name_key(name).split())


def same_person(a: str, b: str) -> bool:
    """True when `a` and `b` can be spellings of one person: surnames (last token, or first
    for family-name-first names) within Jaro-Winkler 0.92 and given names agreeing when both
    are given. A surname alone matches any full name with that surname."""
    ta, tb = name_tokens(a), name_tokens(b)
    return bool(ta and tb) and _same_tokens(ta, tb)


def compound_surname(spelling: str, full: str) -> bool:
    """True when `spelling` is a hyphenated surname ending the full name `full`:
    "Nowak-Jezioranski" in "Jan Nowak-Jezioranski" (whose key reads "nowak" as a given name,
    so `same_person` says no)."""
    if "-" not in spelling.strip("-"):
        return False
    key, whole = name_key(spelling), name_key(full)
    return len(whole) > len(key) and whole.endswith(" " + key)


def _conflicts(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Two full names with one surname (and, when called, different given names)."""
    return any(
        _surnames_close(sa, sb) and ga and gb for sa, ga in readings(a) for sb, gb in readings(b)
    )


def _surname_score(query: tuple[str, ...], candidate: tuple[str, ...]) -> float:
    """Best Jaro-Winkler of a query token against the candidate's surname, rescaled so that
    unrelated words (JW ~0.5-0.65) score low: 0.5 -> 0, 1.0 -> 100."""
    surnames = [s for s, _ in readings(candidate)]
    best = max(JaroWinkler.similarity(q, s) for q in query for s in surnames)
    return max(0.0, (best - 0.5) * 200)


def query_score(query: str, candidate: str) -> float:
    qt, ct = tuple(query.split()), tuple(candidate.split())
    if not ct:
        return 0.0
    if _same_tokens(qt, ct):
        return SAME_PERSON_FLOOR + fuzz.ratio(query, candidate) / 10
    fuzzy = max(
        fuzz.WRatio(query, candidate),
        fuzz.token_set_ratio(query, candidate),
        _surname_score(qt, ct),
    )
    cap = DIFFERENT_PERSON_CAP if _conflicts(qt, ct) else SAME_PERSON_FLOOR - 0.1
    return min(fuzzy, cap)


def without_titles(key: str) -> str:
    """Drop leading titles a user may type ("president zelensky") while a name remains."""
    tokens = key.split()
    while len(tokens) > 1 and tokens[0] in _QUERY_TITLES:
        tokens.pop(0)
    return " ".join(tokens)


def match_query(
    query: str, names: list[str], limit: int = 10, cutoff: float = 80
) -> list[tuple[str, float]]:
    """The names best matching a (misspelt, partial) query, best first, scores 0..100.

    A name that `same_person` accepts scores 90..100; otherwise the best of WRatio,
    token_set_ratio and the surname Jaro-Winkler, capped below 90, and capped at 60 when the
    two are full names sharing a surname with different given names. This scores every
    name in Python; for many queries against one list, `name_index.NameIndex` answers the
    same faster."""
    key = without_titles(name_key(query))
    if not key:
        return []
    scored = [(n, round(query_score(key, name_key(n)), 1)) for n in dict.fromkeys(names)]
    ranked = sorted((s for s in scored if s[1] >= cutoff), key=lambda s: (-s[1], s[0]))
    return ranked[:limit]


def suggest(query: str, names: list[str], limit: int = 3) -> list[str]:
    """Names for a "did you mean" line: match_query with a looser cutoff (60)."""
    return [name for name, _ in match_query(query, names, limit=limit, cutoff=60)]
