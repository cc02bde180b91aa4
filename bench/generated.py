"""bench.scale's generated news-like corpus: vocabulary drawn with its real frequencies from
the CheckThat! claims (a synthetic Zipf vocabulary without them), a long tail of place names,
people with spelling variants, figures with hedges; fixed by the seed."""

from __future__ import annotations

import itertools
import random
from collections import Counter
from pathlib import Path

from bench.asked import SEED

CLAIMS = (
    Path(__file__).resolve().parents[2]
    / "shared"
    / "benchmarks"
    / "checkthat2020"
    / "verified_claims.docs.tsv"
)
PER_DOC = 20  # sentences per generated document
HEDGES = ("at least", "about", "up to", "more than", "nearly", "roughly", "fewer than", "over")
NOUNS = ("people", "troops", "families", "schools", "homes", "patients", "jobs", "refugees")
VERBS = ("displaced", "evacuated", "reported", "counted", "affected", "registered", "lost")
TITLES = ("Minister", "President", "Senator", "Mayor", "Governor", "Dr.", "General", "Judge")
SYLLABLES = ("ka", "lo", "mi", "ra", "ne", "vo", "tu", "sha", "bel", "gor", "dan", "ri", "ko")


def _word_pool() -> tuple[list[str], list[int]]:
    words: Counter[str] = Counter()
    if CLAIMS.is_file():
        for line in CLAIMS.read_text(encoding="utf-8").splitlines()[1:]:
            words.update(w.strip(".,;:!?\"'()").lower() for w in line.split())
    words.pop("", None)
    if len(words) < 1000:  # no benchmark data beside the checkout: a synthetic Zipf vocabulary
        rng = random.Random(SEED)
        words = Counter({_coin(rng, 3): 10_000 // (i + 1) + 1 for i in range(20_000)})
    common = [w for w, _ in words.most_common(30_000) if w.isalpha()]
    return common, [words[w] for w in common]


def _coin(rng: random.Random, parts: int) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(parts))


class World:
    """Places, people (with spelling variants) and vocabulary, fixed by the seed."""

    def __init__(self) -> None:
        rng = random.Random(SEED)
        self.words, weights = _word_pool()
        self.cumulative = list(itertools.accumulate(weights))  # choices() would redo this per call
        self.places = sorted({_coin(rng, 3).capitalize() for _ in range(40_000)})
        firsts = sorted({_coin(rng, 2).capitalize() for _ in range(400)})
        lasts = sorted({_coin(rng, 3).capitalize() for _ in range(6_000)})
        self.people = [(rng.choice(firsts), last) for last in lasts]

    @staticmethod
    def variant(last: str, rng: random.Random) -> str:
        """Zelensky / Zelenskyy / Zelenskiy: the spellings a newsroom meets."""
        if last.endswith("y"):
            return last + rng.choice(("y", "i"))[:1] if rng.random() < 0.5 else last[:-1] + "i"
        return last.replace("k", "kk", 1) if "k" in last else last + "e"

    def sentence(self, rng: random.Random) -> str:
        count = rng.randint(6, 14)
        filler = " ".join(rng.choices(self.words, cum_weights=self.cumulative, k=count))
        place = rng.choice(self.places)
        kind = rng.random()
        if kind < 0.35:
            first, last = rng.choice(self.people)
            last = self.variant(last, rng) if rng.random() < 0.2 else last
            return f"{rng.choice(TITLES)} {first} {last} said {filler} in {place}."
        if kind < 0.65:
            number = rng.choice((rng.randint(2, 99), rng.randint(100, 99_999)))
            figure = f"{rng.choice(HEDGES)} {number:,} {rng.choice(NOUNS)}"
            return f"{figure.capitalize()} were {rng.choice(VERBS)} in {place} as {filler}."
        return f"{filler.capitalize()} near {place}."

    def document(self, index: int) -> str:
        """One generated article as a plain-text file: headline, blank line, paragraphs."""
        rng = random.Random(SEED * 1_000_003 + index)
        body = "\n\n".join(
            " ".join(self.sentence(rng) for _ in range(4)) for _ in range(PER_DOC // 4)
        )
        return f"Report {index}: {rng.choice(self.places)} {rng.choice(self.words)}\n\n{body}\n"


def document_path(folder: Path, index: int) -> Path:
    return folder / f"{index // 1000:04}" / f"{index:07}.txt"


def write_corpus(world: World, folder: Path, n_docs: int) -> None:
    """The generated articles as files (not timed: ingest is timed from the files on)."""
    for index in range(n_docs):
        path = document_path(folder, index)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(world.document(index), encoding="utf-8")
