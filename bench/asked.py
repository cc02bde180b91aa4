"""The questions `bench.scale` asks, drawn from the corpus as indexed, so that the right
answer is known: /claim queries are indexed sentences as typed from memory (typos,
dropped words, halves swapped); /who names and /figures topics are those the indexed
documents mention (real text) or the generator's own (generated text)."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from handlers.analysis.text import term_set
from handlers.ingest import prepare_file
from store import NewDocument, Scope

SCOPE = Scope("bench")
SEED = 6


@dataclass(frozen=True)
class Asked:
    """The questions of a run: /claim queries with the sentence each came from, /who
    names and /figures topics."""

    claims: list[tuple[str, str]]
    names: list[str]
    topics: list[str]


def mangle(sentence: str, rng: random.Random) -> str:
    """A query for `sentence` as typed from memory: typos in one or two long words, one to
    three words dropped, and half the time the halves swapped."""
    words = sentence.rstrip(".").split()
    long = [i for i, w in enumerate(words) if len(w) >= 6 and w.isalpha()]
    for i in rng.sample(long, min(len(long), rng.choice((1, 2)))):
        words[i] = typo(words[i], rng)
    for _ in range(rng.choice((1, 2, 3))):
        if len(words) > 5:
            words.pop(rng.randrange(len(words)))
    if rng.random() < 0.5:
        cut = len(words) // 2
        words = words[cut:] + words[:cut]
    return " ".join(words)


def sampled(path_of: Callable[[int], Path], n_docs: int, count: int) -> list[NewDocument]:
    """`count` of the corpus's documents as indexed, drawn at random."""
    rng = random.Random(SEED + 1)
    chosen = rng.sample(range(n_docs), min(count, n_docs))
    return [doc for i in chosen if (doc := prepare_file(path_of(i), SCOPE).doc)]


def queries(docs: list[NewDocument]) -> list[tuple[str, str]]:
    """(query, the sentence it came from), from sentences as indexed: one of eight words
    or more of each document's body (a whole sentence, not a fragment or the title)."""
    rng = random.Random(SEED + 1)
    found = []
    for doc in docs:
        body = [p for p in doc.passages[1:] if len(p.text.split()) >= 8] or doc.passages[1:]
        if body:
            target = rng.choice(body).text
            found.append((mangle(target, rng), target))
    return found


def undecidable(claims: list[tuple[str, str]], answers: list) -> int:
    """The misses no ranking by the query's words could avoid: every one of the five
    passages answered holds each word the query shares with its own sentence (the
    perturbation dropped or misspelt the word that told them apart; the real-news copies
    give each sentence about 22 near-twins that differ by one word)."""
    count = 0
    for (query, target), answer in zip(claims, answers, strict=True):
        excerpts = [m.excerpt for m in answer.results]
        if target in excerpts or len(excerpts) < 5:
            continue
        shared = term_set(query) & term_set(target)
        count += all(shared <= term_set(excerpt) for excerpt in excerpts)
    return count


def real_asked(docs: list[NewDocument]) -> Asked:
    rng = random.Random(SEED + 2)
    return Asked(queries(docs), people_asked(docs, rng, 200), topics_asked(docs, rng, 200))


def people_asked(docs: list[NewDocument], rng: random.Random, count: int) -> list[str]:
    """/who queries: full names the indexed documents mention, a third with a typo in
    the surname (as an editor half-remembers it)."""
    names = sorted({m.person_name for d in docs for m in d.mentions if " " in m.person_name})
    chosen = rng.sample(names, min(count, len(names)))
    return [_misspelt(name, rng) if rng.random() < 1 / 3 else name for name in chosen]


def _misspelt(name: str, rng: random.Random) -> str:
    first, _, last = name.rpartition(" ")
    return f"{first} {typo(last, rng)}" if len(last) >= 5 else name


def topics_asked(docs: list[NewDocument], rng: random.Random, count: int) -> list[str]:
    """/figures queries: the counted things of the indexed documents' figures."""
    counted = sorted({f.counts for d in docs for f in d.figures if f.counts})
    return rng.sample(counted, min(count, len(counted))) if counted else ["people"]


def typo(word: str, rng: random.Random) -> str:
    """A swapped, dropped, doubled or wrong letter inside `word` (not its first)."""
    j = rng.randrange(1, len(word) - 1)
    kind = rng.randrange(4)
    if kind == 0:
        return word[:j] + word[j + 1] + word[j] + word[j + 2 :]
    if kind == 1:
        return word[:j] + word[j + 1 :]
    if kind == 2:
        return word[:j] + word[j] + word[j:]
    return word[:j] + rng.choice("aeioustnr") + word[j + 1 :]
