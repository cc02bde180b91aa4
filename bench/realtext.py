"""Real news text for `bench.scale --real PATH`: read a public corpus, copy it with
perturbations up to the size asked.

PATH is a folder (searched recursively) or a file, of either kind:

- plain-text articles, one a file, headline on the first line, paragraphs after it
  (the BBC News dataset of Greene & Cunningham, `bbc/<topic>/NNN.txt`); files whose
  name starts with "readme" are not articles;
- Reuters-21578 SGML (`reut2-NNN.sgm`): each `<REUTERS>` with a `<BODY>` is an article,
  its `<TITLE>` the headline, its hard-wrapped lines joined into paragraphs.

Copy 0 of each article is its text as published; every further copy is perturbed so
that it is a different document the index must tell apart: each figure is scaled (its
digits, commas and decimals kept; years and days of the month stay), a fifth of the
less common words are swapped for other words of the corpus (the 500 most frequent,
"said" among them, stay), and proper names are varied: each one, consistently through
the article, becomes another proper name of the corpus (a name: capitalised, at least
five times as often as lowercase; not a month or a weekday).
"""

from __future__ import annotations

import html
import random
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from handlers.analysis.sentences import split_sentences

SWAP_SHARE = 0.2  # of the lowercase words that are not among the COMMON, in each copy
_REUTERS = re.compile(r"<REUTERS\b.*?</REUTERS>", re.S)
_TITLE = re.compile(r"<TITLE>(.*?)</TITLE>", re.S)
_BODY = re.compile(r"<BODY>(.*?)</BODY>", re.S)
_SIGN_OFF = re.compile(r"\s*\bReuter\s*$")
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?"
_TOKEN = re.compile(  # a date (kept), a number, or a word
    rf"(?P<date>{_MONTH}\s\d{{1,2}}\b|\b\d{{1,2}}\s{_MONTH})"
    r"|\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|[^\W\d_]+(?:'[^\W\d_]+)?"
)
_YEAR = re.compile(r"(?:1[89]|20)\d\d")
_CALENDAR = frozenset(
    [
        "January",
        "February",
        "March",
        "April",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ]
)
COMMON = 500  # the corpus's most frequent words are never swapped (said, people, because…)


@dataclass(frozen=True)
class Article:
    title: str
    paragraphs: tuple[str, ...]

    def text(self) -> str:
        """As a plain-text file: headline, blank line, paragraphs a blank line apart."""
        return self.title + "\n\n" + "\n\n".join(self.paragraphs) + "\n"


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")  # Reuters-21578 has a few Latin-1 bytes


def _plain(text: str) -> Article | None:
    lines = [line.strip() for line in text.splitlines()]
    head = next((i for i, line in enumerate(lines) if line), None)
    if head is None:
        return None
    body = [line for line in lines[head + 1 :] if line]
    return Article(lines[head], tuple(body)) if body else None


def _reuters(text: str) -> Iterator[Article]:
    for story in _REUTERS.findall(text):
        body, title = _BODY.search(story), _TITLE.search(story)
        if not body or not title:
            continue
        raw = _SIGN_OFF.sub("", html.unescape(body.group(1)).replace("\x03", ""))
        paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s{3,}", raw)]
        paragraphs = [p for p in paragraphs if p]
        if paragraphs:
            yield Article(" ".join(html.unescape(title.group(1)).split()), tuple(paragraphs))


def load_articles(path: Path) -> list[Article]:
    """Every article under `path`, in a stable order; [] when none is found."""
    files = sorted(path.rglob("*")) if path.is_dir() else [path]
    sgml = [f for f in files if f.suffix.lower() == ".sgm" and f.is_file()]
    if sgml:  # Reuters-21578: its folder's .txt files are category lists, not articles
        return [a for f in sgml for a in _reuters(_decode(f.read_bytes()))]
    plain = (_plain(_decode(f.read_bytes())) for f in files if _is_article(f))
    return [a for a in plain if a]


def _is_article(file: Path) -> bool:
    return file.suffix.lower() == ".txt" and not file.name.lower().startswith("readme")


class Perturber:
    """The corpus's words and proper names, from which copies draw their swaps."""

    def __init__(self, articles: list[Article]) -> None:
        lower: Counter[str] = Counter()
        capital: Counter[str] = Counter()
        for article in articles:
            for paragraph in article.paragraphs:
                for match in _TOKEN.finditer(paragraph):
                    word = match.group(0)
                    if match.group("date") or word[0].isdigit():
                        continue
                    (lower if word.islower() else capital)[word] += 1
        common = {w for w, _ in lower.most_common(COMMON)}
        self.words = sorted(w for w, n in lower.items() if n >= 2 and w not in common)
        self._swappable = set(self.words)
        # A proper name: capitalised, 4+ letters, never seen lowercase (so not "The").
        self.names = sorted(
            w
            for w in capital
            if len(w) >= 4
            and w.isalpha()
            and w[1:].islower()
            and capital[w] >= 5 * lower[w.lower()]
            and w not in _CALENDAR
        )
        self._names = set(self.names)

    def copy(self, article: Article, seed: int) -> Article:
        """Copy `seed` of `article` (0: as published)."""
        if seed == 0:
            return article
        rng = random.Random(seed)
        names: dict[str, str] = {}
        paragraphs = tuple(self._paragraph(p, rng, names) for p in article.paragraphs)
        return Article(self._paragraph(article.title, rng, names), paragraphs)

    def _paragraph(self, text: str, rng: random.Random, names: dict[str, str]) -> str:
        return _TOKEN.sub(lambda m: self._token(m, rng, names), text)

    def _token(self, match: re.Match, rng: random.Random, names: dict[str, str]) -> str:
        token = match.group(0)
        if match.group("date"):
            return token
        if token[0].isdigit():
            return scale(token, rng)
        base, possessive = token.removesuffix("'s"), token.endswith("'s")
        if base in self._names:
            return names.setdefault(base, rng.choice(self.names)) + ("'s" if possessive else "")
        if token in self._swappable and rng.random() < SWAP_SHARE:
            return rng.choice(self.words)
        return token


def scale(number: str, rng: random.Random) -> str:
    """`number` times a factor between 0.5 and 2, written the same way; years stay."""
    if _YEAR.fullmatch(number):
        return number
    digits = number.replace(",", "")
    decimals = len(digits.partition(".")[2])
    value = float(digits) * rng.uniform(0.5, 2.0)
    if decimals == 0:
        value = max(1, round(value))
    return f"{value:,.{decimals}f}" if "," in number else f"{value:.{decimals}f}"


def sentences_of(article: Article) -> int:
    return len(split_sentences(article.text()))


def copies(articles: list[Article], sentences: int) -> Iterator[tuple[int, Article]]:
    """(index, article) until about `sentences` sentences: every article as published,
    then perturbed copies round after round, each copy seeded by its index."""
    perturber, counts = Perturber(articles), [sentences_of(a) for a in articles]
    total, index = 0, 0
    while total < sentences:
        article, first_round = articles[index % len(articles)], index < len(articles)
        yield index, perturber.copy(article, 0 if first_round else index)
        total += counts[index % len(articles)]
        index += 1


def write_copies(articles: list[Article], sentences: int, path_of: Callable[[int], Path]) -> int:
    """The copies as plain-text files at `path_of(index)`; how many were written."""
    written = 0
    for index, article in copies(articles, sentences):
        path = path_of(index)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(article.text(), encoding="utf-8")
        written += 1
    return written
