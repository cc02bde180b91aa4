"""`make load`'s archive (bench/load.py): at least --sentences news-like sentences, generated
documents through handlers.ingest.build_document, built once and reused when big enough, and
a vector for each passage unless FACTDESK_MEANING=off."""

from __future__ import annotations

import datetime as dt
import random
import time

from bench.startup import Recycled
from handlers.embedding import MEANING
from handlers.ingest import build_document
from handlers.meaning import embed_missing
from handlers.readers import RawDocument
from store import Scope, Store

PLACES = ["Kursk", "Belgorod", "Kharkiv", "Sumy", "Donetsk", "Zaporizhzhia", "Kherson", "Odesa"]
PEOPLE = ["Volodymyr Zelensky", "Rustem Umerov", "Mark Rutte", "Lloyd Austin", "Olena Petrenko"]
THINGS = ["troops", "soldiers", "drones", "tanks", "shells", "trucks", "casualties", "refugees"]
VERBS = ["were sent to", "arrived near", "were seen in", "left", "were moved towards"]


def sentence(rng: random.Random) -> str:
    who, place, thing = rng.choice(PEOPLE), rng.choice(PLACES), rng.choice(THINGS)
    number = f"{rng.randrange(2, 400) * 50:,}"
    hedge = rng.choice(["", "about ", "at least ", "up to ", "more than "])
    day, verb = rng.randrange(1, 900), rng.choice(VERBS)
    return f"{who} said {hedge}{number} {thing} {verb} {place} on day {day}."


def document(n: int, sentences: int) -> RawDocument:
    rng = random.Random(n)
    paragraphs = [" ".join(sentence(rng) for _ in range(5)) for _ in range(max(1, sentences // 5))]
    return RawDocument(
        title=f"Front-line report {n}",
        author="Mara Lind",
        published=dt.date(2024, 1, 1) + dt.timedelta(days=n % 365),
        source="Desk wire",
        url=None,
        text="\n".join(paragraphs),
        kind="txt",
    )


def build_index(url: str, sentences: int, per_document: int = 50) -> int:
    """At least `sentences` passages in the database at `url`; the count."""
    store = Store(url)
    try:
        have = store.passage_count()
        n = store.document_count(Scope())
        started = time.monotonic()
        while have < sentences:
            doc = build_document(document(n, per_document), f"load/{n}.txt", f"h{n}", Scope())
            store.documents.add(doc)
            have += len(doc.passages)
            n += 1
            if n % 200 == 0:
                print(f"  {have:,} sentences ({time.monotonic() - started:.0f} s)", flush=True)
        embed(store)
        return store.passage_count()
    finally:
        store.close()


def embed(store: Store, real: int = 2000) -> None:
    """A vector for every passage, as `factdesk index` leaves an archive (unless meaning is
    off): the model's for the first `real`, perturbed copies of those after (bench/startup.py's
    Recycled), since encoding them all would take this shared machine most of an hour."""
    MEANING.start()
    if (embedder := MEANING.ready()) is None:
        return
    started = time.monotonic()
    stored = embed_missing(store, Recycled(embedder, real))
    if stored:
        print(f"  {stored:,} vectors ({time.monotonic() - started:.0f} s)", flush=True)
