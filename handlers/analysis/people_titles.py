"""The role written with a name (`handlers.analysis.people`).

The last title word in a run that still has a name after it ("President", "Minister",
"Secretary-General", "Gen.") opens the name; the title is that word with the title words,
organisations and places written before it ("U.S. Defense Secretary", "NATO
Secretary-General"), minus leading nationalities and compass words, which say where someone
is from, not the role: "Ukrainian Defense Minister" -> "Defense Minister", "North Korean
leader" -> "leader". A lowercase role just before the name ("leader Kim Jong-un") counts too,
and so does "Secretary of State" before "Antony Blinken".
"""

from __future__ import annotations

from handlers.analysis.people_tokens import Token, is_acronym, joined
from handlers.analysis.people_words import (
    BREAKS,
    DEMONYMS,
    ORG_WORDS,
    PLACES,
    TIME_WORDS,
    TITLE_HEADS,
    TITLE_WORDS,
)

Span = tuple[int, int]
_NOT_OWNER = BREAKS | TIME_WORDS  # "On Tuesday Kowal's deputy": the owner is Kowal


def _title_like(token: Token) -> bool:
    low = token.low
    return (
        low in TITLE_WORDS or low in DEMONYMS or low in PLACES or low in ORG_WORDS
    ) or is_acronym(token)


def _walk_back(tokens: list[Token], head: int) -> int:
    """The first of the title-like words joined before a title head; one lowercase word
    between them joins too when a title-like word precedes it ("the UN aid coordinator")."""
    first = head
    while first > 0 and joined(tokens[first - 1], tokens[first]):
        if _title_like(tokens[first - 1]):
            first -= 1
        elif first == head and first > 1 and _bridges(tokens, first - 1):
            first -= 2
        else:
            break
    return first


def _bridges(tokens: list[Token], k: int) -> bool:
    """A lowercase, non-function word joined after a title-like word: "UN *aid* coordinator"."""
    word = tokens[k]
    return (
        not word.capital
        and word.low not in BREAKS
        and joined(tokens[k - 1], word)
        and _title_like(tokens[k - 1])
    )


def _apposed(first: Token) -> bool:
    """ "Her spokeswoman, Lina Farouk, said": only a comma between a title head and a name."""
    return first.gap.strip() == "," and "\n" not in first.gap


def _without_origin(tokens: list[Token], first: int, head: int) -> int:
    """Skip leading nationalities and compass words: "North Korean leader" -> "leader"."""
    while first < head and tokens[first].low in DEMONYMS:
        first += 1
    return first


def _title_before(tokens: list[Token], first: Token) -> Span | None:
    """A role written just before a run, typically lowercase: "North Korean leader Kim";
    or in apposition before it: "her spokeswoman, Lina Farouk,"."""
    head = first.i - 1
    if head < 0 or tokens[head].low not in TITLE_HEADS:
        return None
    if tokens[head].possessive or not (joined(tokens[head], first) or _apposed(first)):
        return None
    start = _without_origin(tokens, _walk_back(tokens, head), head)
    return tokens[_owner(tokens, start)].start, tokens[head].end


def _owner(tokens: list[Token], start: int) -> int:
    """A named owner before a title ("Kowal's deputy, Lena Ortiz", "Hallett Mining's
    spokeswoman, Ana Reyes"): where the owner's name starts, else `start`."""
    owner = tokens[start - 1] if start else None
    if not (owner and owner.possessive and owner.capital and tokens[start].gap.isspace()):
        return start
    k = start - 1
    while k and tokens[k - 1].capital and tokens[k - 1].low not in _NOT_OWNER:
        if not joined(tokens[k - 1], tokens[k]):
            break
        k -= 1
    return k


def parts(
    piece: list[Token], tokens: list[Token], before: Span | None
) -> list[tuple[list[Token], Span | None]]:
    """A piece as (words, title span) parts: the words before its title, and after it."""
    heads = [k for k, token in enumerate(piece[:-1]) if token.low in TITLE_HEADS]
    if not heads:
        return [(piece, before or _title_before(tokens, piece[0]))]
    head = heads[-1]
    first = _walk_back(piece, head)
    span = (piece[_without_origin(piece, first, head)].start, piece[head].end)
    return [(piece[:first], None), (piece[head + 1 :], span)]


def after_connector(run: list[Token], tokens: list[Token]) -> tuple[list[Token], Span | None]:
    """A run after "of"/"for": continuing an organisation ("Centre for Countering
    Disinformation") it is dropped; after a title ("Secretary of State Antony Blinken") its
    leading title-like words complete the title."""
    k = run[0].i - 1
    if k < 1 or tokens[k].low not in ("of", "for"):
        return run, None
    owner = tokens[k - 1]
    if not (joined(owner, tokens[k]) and joined(tokens[k], run[0])):
        return run, None
    if owner.capital and owner.low in ORG_WORDS:
        return [], None
    n = 0
    while owner.low in TITLE_HEADS and n < len(run) - 1 and _title_like(run[n]):
        n += 1
    if n == 0:
        return run, None
    start = _without_origin(tokens, _walk_back(tokens, owner.i), owner.i)
    return run[n:], (tokens[start].start, run[n - 1].end)
