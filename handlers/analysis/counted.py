"""What a figure counts: the noun after it, and which nouns count the same thing.

Counted noun (`counts`): the first noun within five words after the figure (or its
unit), skipping modifiers ("500 heavily armed elite soldiers", "10,000 North Korean
troops": capitalised words count only when last, "8,000 Russians"; modifiers joined by
"and": "2,340 damp and mould repairs"), or the noun after
"of the" ("10,000 of the troops", "15% of the population"; the only place a percentage or
an amount of money names one). A noun is plural-looking or known (`SYNONYMS`,
"personnel"); "wounded"/"killed"/"dead" count when no noun follows ("300 wounded"). The
result is singular lowercase ("casualties" -> "casualty", "people" stays), "" when a
function word or verb follows ("10,000 have been sent").

Synonym groups (`SYNONYMS`) let /figures and /claim compare "troops" with "soldiers",
"forces" and "personnel", and "casualties" with "deaths", "killed" and "wounded".
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz

# ---- counted things -------------------------------------------------------------------

SYNONYMS: dict[str, frozenset[str]] = {
    group: frozenset({group, *members.split(",")})
    for group, members in {
        "troop": "soldier,force,personnel,serviceman,servicemen,servicemember,service member,"
        "military personnel,fighter,combatant,conscript,recruit,mercenary,infantry,"
        "infantryman,paratrooper,trooper,reservist,marine",
        "casualty": "death,dead,killed,wounded,injured,fatality,loss,victim",
        "civilian": "people,person,resident,inhabitant,citizen",
        "refugee": "displaced,displaced person,evacuee,asylum seeker",
        "prisoner": "prisoner of war,pow,captive,detainee",
        "drone": "uav,unmanned aerial vehicle",
        "missile": "rocket,ballistic missile,cruise missile",
        "tank": "armoured vehicle,armored vehicle",
        "aircraft": "jet,fighter jet,warplane,plane,helicopter",
        "shell": "artillery shell,round",
    }.items()
}
_GROUP_OF = {member: group for group, members in SYNONYMS.items() for member in members}
_PARTICIPLES = frozenset({"dead", "killed", "wounded", "injured", "displaced", "missing"})
_INVARIANT = frozenset({"personnel", "police", "staff", "infantry", "aircraft", "artillery"})
_INVARIANT |= {"series", "species", "news", "cattle", "livestock", "equipment"} | _PARTICIPLES
_IRREGULAR = {"people": "people", "children": "child", "lives": "life", "feet": "foot"}
_NOUNS = (frozenset(_GROUP_OF) - _PARTICIPLES) | _INVARIANT
_STOP_WORDS = """a an the of in on at to from for with by and or but nor as than that which who whom
    whose this these those it its they them their there here have has had having be been
    being is are was were will would could should may might must can shall do does did not
    no per each every into onto over under about after before during since until while when
    where if so such according across against along among around between through toward
    towards via within without said says say also already still just only even ever yet then
    now ago all both either neither some any many much most perhaps always sometimes"""
STOP = frozenset(_STOP_WORDS.split())
_MODIFIERS = frozenset({"more", "additional", "extra", "new", "other", "elite", "strong"})
_ADJECTIVE_ENDINGS = ("ly", "ed", "ing", "ive", "ous", "ful", "al", "ic", "ible", "able")


def singular(noun: str) -> str:
    """Lowercase singular of `noun`: troops -> troop, casualties -> casualty, people stays."""
    word = " ".join(noun.lower().split())
    if " " in word:
        first, _, last = word.rpartition(" ")
        return f"{first} {singular(last)}"
    if word in _INVARIANT or word in _IRREGULAR:
        return _IRREGULAR.get(word, word)
    if word.endswith("men") and len(word) >= 3:
        return word[:-3] + "man"
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "ches", "shes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3:
        return word[:-1]
    return word


_PLURAL_OF = {one: many for many, one in _IRREGULAR.items()}


def _plural(noun: str) -> str:
    if noun in _INVARIANT or noun.endswith("people"):
        return noun
    first, _, last = noun.rpartition(" ")
    if last in _PLURAL_OF:  # child -> children, not childs
        return f"{first} {_PLURAL_OF[last]}".strip()
    if noun.endswith("man"):
        return noun[:-3] + "men"
    if noun.endswith("y") and noun[-2:-1] not in ("a", "e", "o", "u"):
        return noun[:-1] + "ies"
    return noun + ("es" if noun.endswith(("s", "x", "ch", "sh")) else "s")


def plural(noun: str) -> str:
    """The plural of a singular counted noun: soldier -> soldiers, casualty -> casualties."""
    return _plural(noun)


def counted_group(noun: str) -> str:
    """The canonical group of a counted noun ("soldiers" -> "troop"), else its singular."""
    word = singular(noun)
    return _GROUP_OF.get(word, word)


def same_counted(a: str, b: str) -> bool:
    """True when two counted nouns name the same kind of thing (troops ~ soldiers)."""
    return bool(a.strip()) and bool(b.strip()) and counted_group(a) == counted_group(b)


def _fuzzy_in(candidates: set[str], members: frozenset[str]) -> bool:
    return any(
        max(fuzz.ratio(candidate, member), fuzz.ratio(candidate, _plural(member))) >= 85
        for candidate in candidates
        for member in members
    )


def topic_nouns(topic: str) -> set[str]:
    """Every singular noun of the group(s) a /figures topic names, typos tolerated
    (rapidfuzz ratio >= 85 against a member or its plural): "soldiers" -> {"troop",
    "soldier", "force", ...}; "casualites" -> the casualty group; else {its singular}."""
    text = " ".join(topic.lower().split())
    if not text:
        return set()
    last = text.rpartition(" ")[2]
    candidates = {text, singular(text), last, singular(last)}
    groups = [members for members in SYNONYMS.values() if _fuzzy_in(candidates, members)]
    return set().union(*groups) if groups else {singular(text)}


# ---- where the counted noun is ---------------------------------------------------------

_CHAIN_WORD = re.compile(r"(?:[ \t]+|-)([A-Za-z](?:[A-Za-z'’-]*[A-Za-z])?)")
_OF = re.compile(
    r"\s+of(?:\s+(?:the|all|its|their|those|these|his|her|our|[A-Z]\w*['’]s))?(?=\s)", re.I
)


def _chain(sentence: str, pos: int) -> list[tuple[str, int]]:
    """Up to five words after `pos`, stopping at punctuation or a function word."""
    words: list[tuple[str, int]] = []
    while len(words) < 5 and (match := _CHAIN_WORD.match(sentence, pos)):
        if match[1].lower() in STOP:
            break
        words.append((match[1], match.end()))
        pos = match.end()
    return words


def is_noun(word: str) -> bool:
    """A plural-looking or known counted noun ("strikers", "personnel"), not a participle."""
    lower = word.lower()
    if lower in _NOUNS or lower.endswith("men"):
        return lower not in _PARTICIPLES
    plural = lower.endswith("s") and not lower.endswith(("ss", "us", "is", "'s", "’s"))
    return plural and len(lower) > 2 and not word.isupper()


def _noun_at(words: list[tuple[str, int]], k: int) -> str:
    noun = singular(words[k][0])
    pair = f"{words[k - 1][0].lower()} {noun}" if k else ""
    return pair if pair in _GROUP_OF else noun


def _head(words: list[tuple[str, int]]) -> tuple[str, int] | None:
    """The counted noun among `words`: the first noun, skipping modifiers such as
    "heavily armed elite" and capitalised words unless last ("North Korean")."""
    for k, (word, end) in enumerate(words):
        modifier = word[0].isupper() and k < len(words) - 1
        if not modifier and is_noun(word):
            return _noun_at(words, k), end
    for word, end in words:
        if word.lower() in _PARTICIPLES:
            return word.lower(), end
    if len(words) == 1 and words[0][0].islower():
        word = words[0][0]
        if word not in _MODIFIERS and not word.endswith(_ADJECTIVE_ENDINGS):
            return singular(word), words[0][1]
    return None


_AND = re.compile(r"\s+(?:and|or)(?=\s)")


def _modified(sentence: str, words: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """ "2,340 damp and mould repairs": modifiers joined by "and"/"or" before the noun; the
    chain goes on past the conjunction when no noun came before it."""
    if not words or any(is_noun(word) for word, _ in words):
        return words
    joined = _AND.match(sentence, words[-1][1])
    more = _chain(sentence, joined.end()) if joined else []
    return [*words, *more] if any(is_noun(word) for word, _ in more) else words


_HARMED = re.compile(
    r"\s+(?:(?:were|have\s+been|had\s+been|have|being)\s+)?"
    r"(?:killed|wounded|injured|dead)\b",
    re.I,
)


def counted_noun(sentence: str, pos: int, unit: str) -> tuple[str, int]:
    """The counted noun after a figure ending at `pos` and where it ends: "troops",
    "of the population" (the only place a percentage or money names one). People
    followed by "killed", "wounded"... are casualties: "500,000 soldiers killed or
    wounded" counts losses, not troops."""
    words = [] if unit else _modified(sentence, _chain(sentence, pos))
    if not words and (of := _OF.match(sentence, pos)):
        words = _chain(sentence, of.end())
    found = _head(words)
    if not found:
        return "", pos
    noun, end = found
    if counted_group(noun) in ("troop", "civilian") and (harmed := _HARMED.match(sentence, end)):
        return "casualty", harmed.end()
    return noun, end


# ---- a counted noun written before the figure ------------------------------------------

_DET = r"(?:(?:the|its|their|his|her|our|all|those|these)\s+)?"
_NOUN_WORD = r"([A-Za-z][a-z'’-]*[a-z])"
# "put the strikers at 1,500", "put the number of soldiers killed ... at 200".
_PUT_BEFORE = re.compile(
    rf"\bput(?:s|ting)?\s+(?:the\s+(?:number|count|total|tally)\s+of\s+)?{_DET}"
    rf"((?:[a-z][\w'’-]*\s+){{0,8}}?)at\s+$"
)
# "the strikers numbered 1,500", "membership stood at", "losses totalled", "were put at".
_VERB_AFTER_NOUN = (
    r"number(?:ed|ing)?|(?:stood|stand|stands|standing)\s+at|total(?:l?ed|l?ing|s)?"
    r"|(?:came|come|comes)\s+to|amount(?:ed|s)?\s+to"
    r"|(?:were|are|was|is)\s+(?:put|estimated|counted|reckoned)\s+at"
    r"|(?:rose|rise|rises|risen|fell|fall|falls|fallen|climbed|climbs|dropped|drops"
    r"|jumped|grew|increased|decreased)\s+to|reached"
)
# ...with a short phrase between: "casualties from the crash numbered 31", "workers at the
# plant totalled 900". The match starting leftmost is the head: "the bill of the dockers
# totalled 6,000" is the bill's (no counted thing), not the dockers'.
_BETWEEN = (
    r"(?:(?:from|in|of|among|at|on|across)\s+(?:(?:the|its|their)\s+)?"
    r"[A-Za-z][\w'’-]*(?:\s+[a-z][\w'’-]*)?\s+)?"
)
_NOUN_BEFORE = re.compile(rf"\b{_NOUN_WORD}\s+{_BETWEEN}(?:{_VERB_AFTER_NOUN})\s+$")


def counted_before(sentence: str, start: int) -> str:
    """The counted noun written before a figure starting at `start` ("" if none): "Police
    put the strikers at 1,500", "the strikers numbered 1,500" and "measles cases rose to
    87" count strikers and cases. Only a
    plural-looking or known noun counts ("the bill totalled 6,000" names no counted
    thing: a bill is not what the 6,000 are)."""
    window = max(0, start - 100)
    if put := _PUT_BEFORE.search(sentence, window, start):
        words = put[1].split()
        for k, word in enumerate(words):
            if is_noun(word) and word.lower() not in STOP:
                return _noun_at([(w, 0) for w in words], k)
        return ""
    found = _NOUN_BEFORE.search(sentence, window, start)
    if found and is_noun(found[1]) and found[1].lower() not in STOP:
        return singular(found[1])
    return ""
