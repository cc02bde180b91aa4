"""Text normalisation shared by indexing and querying.

Both sides MUST go through these functions: the full-text index stores
`" ".join(terms(passage))` and queries look up `terms(query)`, so SQLite and
PostgreSQL index identical terms and a query matches whatever was indexed.

- `fold` evens out Unicode (quotes, dashes, accents on Latin letters, case, invisible
  characters) and never raises.
- `normalise` is `fold` plus number rewriting ("ten thousand" -> "10000") and
  whitespace collapsing.
- `terms` is `normalise`, tokenising, stopword removal and Porter stemming.
- `clean_post` strips the noise of a pasted social-media post before it becomes a query.
"""

from __future__ import annotations

import re
import threading
import unicodedata

import Stemmer

from handlers.analysis.numbers import find_numbers, replace_number_words

_APOSTROPHES = "‘’‚‛′‵ʼ´`｀\u1fef"
_QUOTES = "“”„‟″‶‴‷⁗〝〞＂"
_DASHES = "‐‑‒–—―−⁻₋﹘﹣－⸺⸻︱︲"
_LINE_BREAKS = "\r\x0b\x0c\x1c\x1d\x1e\x85"
_FOLD_TABLE = str.maketrans(
    {
        **dict.fromkeys(_APOSTROPHES, "'"),
        **dict.fromkeys(_QUOTES, '"'),
        **dict.fromkeys(_DASHES, "-"),
        **dict.fromkeys(_LINE_BREAKS, "\n"),
        "ŉ": "'n",
    }
)
# C0/C1 controls (bar \t \n), format characters (soft hyphen, zero-width and bidi
# marks, BOM) and lone surrogates, which cannot be encoded for the database.
_INVISIBLE = re.compile(
    "[\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f\u00ad\u061c\u180e\u200b-\u200f"
    "\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\ud800-\udfff]"
)
# Combining diacritics are dropped only after a Latin base (or a space), so that
# Cyrillic "й", Greek tonos, Devanagari vowel signs and the like survive.
_LATIN_MARKS = re.compile(
    "([\x00-\u024f\u1e00-\u1eff])"
    "[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+"
)


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


STOPWORDS: frozenset[str] = _word_set(
    """
    a about above after again against all am an and any are as at be because been
    before being below between both but by can could did do does doing down during
    each few for from further had has have having he her here hers herself him
    himself his how i if in into is it its itself just me more most my myself no nor
    not now of off on once only or other our ours ourselves out over own same she
    should so some such than that the their theirs them themselves then there these
    they this those through to too under until up very was we were what when where
    which while who whom why will with would you your yours yourself yourselves
    also may might must shall upon yet via whether whose onto
    aren couldn didn doesn hadn hasn haven isn ll mustn needn re shan shouldn ve
    wasn weren wouldn eg ie etc
    """
)

_TOKEN = re.compile(
    r"\d+(?:\.\d+)+"  # a decimal: 3.5
    r"|[^\W\d_](?:\.[^\W\d_])+\.?(?![^\W_])"  # a dotted acronym: u.s., u.k., e.u.
    r"|[^\W_]+"  # a word or number; hyphens, apostrophes and the like separate
)
_THREAD = threading.local()
# Word -> index term. Words repeat far more than they vary, and stemming one costs more
# than looking it up; cleared when full, so it stays a few MB.
_STEMS: dict[str, str] = {}
_STEMS_MAX = 100_000


# ASCII characters that `fold` changes other than by case: line breaks, controls, "`".
_ASCII_FOLDED = re.compile(r"[\x00-\x08\x0b-\x1f\x7f`]")


def fold(text: str) -> str:
    """Case-, accent- and punctuation-folded `text`; never raises."""
    if _folds_by_case(text):
        return text.lower()  # what `_fold_all` gives such text, at a tenth of the cost
    return _fold_all(text)


def _folds_by_case(text: str) -> bool:
    return text.isascii() and not _ASCII_FOLDED.search(text)


def _folded_numbers(text: str) -> str:
    """`replace_number_words(fold(text))`. Text that folds by case alone has the numbers
    of its unfolded self, which ingest has just searched for figures (numbers remembers
    them), so they are not searched for again."""
    if _folds_by_case(text):
        return replace_number_words(text.lower(), find_numbers(text))
    return replace_number_words(_fold_all(text))


def _fold_all(text: str) -> str:
    text = text.replace("\r\n", "\n").translate(_FOLD_TABLE)
    text = unicodedata.normalize("NFKD", _INVISIBLE.sub("", text)).casefold()
    return unicodedata.normalize("NFC", _LATIN_MARKS.sub(r"\1", text))


def normalise(text: str) -> str:
    """`fold`, numbers written as plain digits, whitespace collapsed to single spaces."""
    return " ".join(_folded_numbers(text).split())


def terms(text: str) -> list[str]:
    """The index terms of `text`, in order, duplicates kept.

    Words are Porter-stemmed, except that a stem shorter than two letters falls back
    to the word ("us" stays "us"); numbers and words with digits are not stemmed.
    """
    # `normalise` without collapsing whitespace, which no token holds.
    found = _TOKEN.findall(_folded_numbers(text))
    kept = [token if "." not in token else _token(token) for token in found]
    stems = _STEMS
    return [
        stems.get(token) or _stemmed(token)
        for token in kept
        if len(token) > 1 and token not in STOPWORDS
    ]


def term_set(text: str) -> set[str]:
    return set(terms(text))


def truncate_query(text: str, limit: int = 2000) -> tuple[str, bool]:
    """`text` cut to at most `limit` characters at a word boundary, and whether it was cut."""
    if limit < 1:
        raise ValueError(f"limit must be positive, not {limit}")
    if len(text) <= limit:
        return text, False
    head = text[: limit + 1]
    space = max(head.rfind(" "), head.rfind("\n"), head.rfind("\t"))
    cut = head[:space].rstrip() if space > 0 else ""
    return cut or text[:limit], True


def _token(token: str) -> str:
    """Index form of one token: acronyms lose their dots, decimals write "." as "p".

    Index terms must be purely alphanumeric so that no full-text tokenizer splits
    them again ("3.5" would become "3" and "5" in SQLite's unicode61).
    """
    if "." not in token:
        return token
    return token.replace(".", "p") if token[0].isdigit() else token.replace(".", "")


def _stemmed(token: str) -> str:
    """`token`'s index term: its stem if it is alphabetic (remembered in `_STEMS`)."""
    if not token.isalpha():
        return token
    stem = _stemmer().stemWord(token)
    term = stem if len(stem) > 1 else token
    if len(_STEMS) >= _STEMS_MAX:
        _STEMS.clear()
    _STEMS[token] = term
    return term


def _stemmer() -> Stemmer.Stemmer:
    """This thread's Porter stemmer: PyStemmer instances must not be shared across threads."""
    stemmer = getattr(_THREAD, "stemmer", None)
    if stemmer is None:
        stemmer = _THREAD.stemmer = Stemmer.Stemmer("porter")
    return stemmer


_URL = re.compile(  # glued ones too: "#DefundTheCBChttps://t.co/x"
    r"[^\S\n]?(?:https?://|pic\.twitter\.com/|(?<![\w.])(?:www\.|t\.co/))"
    r"\S*[^\s.,;:!?)\]\"'”’»]"
)
_HANDLE = re.compile(r"[^\S\n]?(?<![\w@])@\w{1,50}")
_HASHTAG = re.compile(r"(?<![\w&#])#(\w+)")
_CAMEL = re.compile(r"(?<=[a-z\d])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_RETWEET = re.compile(r"\A\s*RT @\w{1,50}:\s*")
_SIGNATURE = re.compile(  # an em dash may be glued to the post: "...America.— Name (@x)"
    r"(?P<body>.*)(?:(?<!\S)[-‐‑‒–—―−]{1,2}|[—―])[^\S\n]*"
    r"(?P<author>[^\n]{1,80}?)[^\S\n]*\(@\w{1,50}\)\s*[A-Z][a-z]{2,9}\.? \d{1,2}, \d{4}\s*\Z",
    re.DOTALL,
)
_SPACES = re.compile(r"[^\S\n]+")


def _handle_words(handle: re.Match) -> str:
    """An @handle goes; a CamelCase one leaves its words ("@LindseyGrahamSC" -> "Lindsey
    Graham SC"), since in a post's body it often names who the claim is about."""
    words = _CAMEL.sub(" ", handle[0].lstrip().lstrip("@")).split()
    return " " + " ".join(words) if len(words) >= 2 and "_" not in handle[0] else ""


def post_author(text: str) -> str:
    """The name in a pasted post's trailing "— Name (@handle) Month DD, YYYY" signature, or
    "". clean_post drops the signature from the claim; /claim still searches the name, at a
    low weight, since a fact check is often about what that person posted."""
    signed = _SIGNATURE.match(text)
    return signed["author"] if signed else ""


def clean_post(text: str) -> str:
    """A pasted post without URLs, @handles, '#' marks, an "RT @x:" prefix and a trailing
    "— Name (@handle) Month DD, YYYY" signature; CamelCase hashtags and handles become
    words."""
    signed = _SIGNATURE.match(text)
    text = signed["body"] if signed else text
    text = _URL.sub("", _RETWEET.sub("", text))
    text = _HASHTAG.sub(lambda tag: _CAMEL.sub(" ", tag[1]), _HANDLE.sub(_handle_words, text))
    lines = (_SPACES.sub(" ", line).strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line)
