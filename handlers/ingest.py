"""Ingest: read a file, split it, find people and figures, hand one document to the store."""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from handlers.analysis.attribution import Said, SentenceSaid, attribute
from handlers.analysis.elided import with_context
from handlers.analysis.figures import Figure, extract_figures
from handlers.analysis.names import name_key
from handlers.analysis.people import Mention, extract_people
from handlers.analysis.sentences import Sentence, split_sentences
from handlers.analysis.status import with_status
from handlers.analysis.text import terms
from handlers.ingest_pool import mapper
from handlers.readers import SUPPORTED_SUFFIXES, RawDocument, UnreadableFile, read_bytes
from store import (
    AddResult,
    Attribution,
    NewDocument,
    NewFigure,
    NewMention,
    NewPassage,
    Scope,
    Store,
)

MAX_FILE_MB_ENV = "FACTDESK_MAX_FILE_MB"
DEFAULT_MAX_FILE_MB = 50
WRITE_BATCH = 32  # documents per transaction in bulk ingest


def max_file_bytes() -> int:
    raw = os.environ.get(MAX_FILE_MB_ENV, "")
    megabytes = float(raw) if raw.replace(".", "", 1).isdigit() else DEFAULT_MAX_FILE_MB
    return int(megabytes * 1024 * 1024)


@dataclass(frozen=True)
class FileOutcome:
    """What happened to one file: added, updated, unchanged, duplicate or skipped."""

    path: str
    status: str
    reason: str | None = None
    title: str | None = None
    passages: int = 0
    people: int = 0
    figures: int = 0
    document_id: int | None = None  # added or updated: what watches look at
    source: str | None = None  # links: the site's name
    published: str | None = None  # links: the article's date, ISO
    url: str | None = None  # links: the canonical URL
    retry: bool = False  # links: skipped for a reason that may pass (a timeout, HTTP 503)


@dataclass
class IngestSummary:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    passages: int = 0
    people: int = 0
    figures: int = 0
    seconds: float = 0.0
    outcomes: list[FileOutcome] = field(default_factory=list)

    def count(self, outcome: FileOutcome) -> None:
        self.outcomes.append(outcome)
        if outcome.status in ("added", "updated", "unchanged"):
            setattr(self, outcome.status, getattr(self, outcome.status) + 1)
        else:
            self.skipped += 1
        self.passages += outcome.passages
        self.people += outcome.people
        self.figures += outcome.figures

    @property
    def indexed(self) -> int:
        return self.added + self.updated + self.unchanged


def discover(paths: Iterable[Path]) -> Iterator[Path]:
    """Files named, and supported files below folders named (recursive, sorted, no dot-files)."""
    for path in paths:
        if path.is_dir():
            for found in sorted(path.rglob("*")):
                hidden = any(part.startswith(".") for part in found.relative_to(path).parts)
                if found.is_file() and not hidden and found.suffix.lower() in SUPPORTED_SUFFIXES:
                    yield found
        else:
            yield path


def indexed_text(raw: RawDocument) -> str:
    """The body, headed by its headline when the reader took that off the body.

    A headline is a source's own statement of the story, so it is searchable like
    any sentence; a title the reader made up from the first sentence is not repeated.
    """
    head = raw.title.rstrip("…").strip()
    if not head or raw.text.lstrip().startswith(head[:60]):
        return raw.text
    return f"{raw.title}\n{raw.text}"


def build_document(raw: RawDocument, path: str, digest: str, scope: Scope) -> NewDocument:
    """Split the text into sentence passages and extract what /who and /figures need."""
    sentences = split_sentences(indexed_text(raw))
    texts = [s.text for s in sentences]
    found_figures = [extract_figures(text) for text in texts]
    found_figures = with_status(texts, with_context(texts, found_figures))
    found = extract_people(texts, author=raw.author, bare=True)
    said = attribute(
        texts,
        [s.paragraph for s in sentences],
        [m for m in found if not m.bare],  # a lone surname is no one yet: see /who
        [[f.start for f in fs] for fs in found_figures],
    )
    return NewDocument(
        path=path,
        content_hash=digest,
        title=raw.title,
        scope=scope,
        source=raw.source,
        author=raw.author,
        published=raw.published,
        url=raw.url,
        kind=raw.kind,
        passages=_passages(sentences, said),
        figures=_figures(sentences, found_figures, said),
        mentions=_mentions(sentences, found),
    )


def _passages(sentences: list[Sentence], said: list[SentenceSaid]) -> tuple[NewPassage, ...]:
    return tuple(
        NewPassage(
            s.paragraph, s.index, s.start, s.end, s.text, " ".join(terms(s.text)), _stored(a.said)
        )
        for s, a in zip(sentences, said, strict=True)
    )


def _figures(
    sentences: list[Sentence], found: list[list[Figure]], said: list[SentenceSaid]
) -> tuple[NewFigure, ...]:
    return tuple(
        NewFigure(**f.measured(), position=s.index, said=_stored(w))
        for s, fs, a in zip(sentences, found, said, strict=True)
        for f, w in zip(fs, a.figures, strict=True)
    )


def _mentions(sentences: list[Sentence], found: list[Mention]) -> tuple[NewMention, ...]:
    return tuple(
        NewMention(
            position=sentences[m.sentence].index if m.sentence >= 0 else None,
            person_key=name_key(m.name),
            person_name=m.name,
            spelling=m.spelling,
            title=m.title,
            bare=m.bare,
        )
        for m in found
        if name_key(m.name)
    )


def _stored(said: Said | None) -> Attribution | None:
    if said is None:
        return None
    person = said.person or None
    return Attribution(said.text, said.kind, person, name_key(person) if person else None)


@dataclass(frozen=True)
class Prepared:
    """A file read and analysed, ready for the store; or what stopped it (`outcome`)."""

    path: str
    doc: NewDocument | None = None
    outcome: FileOutcome | None = None


def prepare_bytes(
    data: bytes, name: str, path: str, scope: Scope, indexed_hash: str | None = None
) -> Prepared:
    """Read and analyse one file's bytes; no database needed, so it can run in a worker."""
    digest = hashlib.sha256(data).hexdigest()
    if indexed_hash == digest:
        return Prepared(path, outcome=FileOutcome(path, "unchanged"))
    try:
        raw = read_bytes(data, name, max_bytes=max_file_bytes())
    except UnreadableFile as exc:
        return _skipped(path, str(exc))
    return Prepared(path, doc=build_document(raw, path, digest, scope))


def _skipped(path: str, reason: str) -> Prepared:
    return Prepared(path, outcome=FileOutcome(path, "skipped", reason=reason))


def prepare_file(path: Path, scope: Scope, indexed_hash: str | None = None) -> Prepared:
    """Read and analyse one file; its absolute path identifies it."""
    shown = str(path.resolve())
    if path.suffix.lower() not in SUPPORTED_SUFFIXES:
        return _skipped(shown, f"unsupported file type {path.suffix or '?'}")
    try:
        if path.stat().st_size > max_file_bytes():
            limit = max_file_bytes() // (1024 * 1024)
            return _skipped(shown, f"larger than {limit} MB ({MAX_FILE_MB_ENV})")
        data = path.read_bytes()
    except FileNotFoundError:
        return _skipped(shown, "no such file or folder")
    except OSError as exc:
        return _skipped(shown, f"cannot read: {exc.strerror or exc}")
    return prepare_bytes(data, path.name, shown, scope, indexed_hash)


def _outcome(doc: NewDocument, result: AddResult) -> FileOutcome:
    if result.status == "duplicate":
        reason = f"same text as {result.duplicate_of}"
        return FileOutcome(doc.path, "duplicate", reason=reason)
    return FileOutcome(
        doc.path,
        result.status,
        title=doc.title,
        passages=len(doc.passages),
        people=len({m.person_key for m in doc.mentions if not m.bare}),
        figures=len(doc.figures),
        document_id=result.document_id,
    )


def write_prepared(store: Store, batch: Sequence[Prepared]) -> list[FileOutcome]:
    """Store the analysed documents of `batch` in one transaction; outcomes in batch order."""
    docs = [p.doc for p in batch if p.doc is not None]
    written = iter(store.documents.add_many(docs) if docs else [])
    return [p.outcome or _outcome(p.doc, next(written)) for p in batch]


def ingest_bytes(store: Store, data: bytes, name: str, path: str, scope: Scope) -> FileOutcome:
    """Index one file's bytes under `path` (a file path or a Slack permalink)."""
    prepared = prepare_bytes(data, name, path, scope, store.documents.content_hash(scope, path))
    return write_prepared(store, [prepared])[0]


def new_document_ids(outcomes: Iterable[FileOutcome]) -> list[int]:
    """The documents an ingest added or changed: what watches are told about."""
    return [o.document_id for o in outcomes if o.status in ("added", "updated") and o.document_id]


def ingest_file(store: Store, path: Path, scope: Scope) -> FileOutcome:
    """Index one file; its absolute path identifies it, so a re-run from elsewhere matches."""
    shown = str(path.resolve())
    known = store.documents.content_hash(scope, shown)
    return write_prepared(store, [prepare_file(path, scope, known)])[0]


def _batches(items: Iterable[Prepared], size: int) -> Iterator[list[Prepared]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def _prepare_job(job: tuple[Path, Scope, str | None]) -> Prepared:
    return prepare_file(*job)


def ingest_paths(
    store: Store,
    paths: Iterable[Path],
    scope: Scope,
    on_file: Callable[[FileOutcome], None] | None = None,
) -> IngestSummary:
    """Index every file under `paths`. Files are analysed in parallel and written in
    batches of WRITE_BATCH documents, one transaction each; outcomes arrive in file order."""
    summary = IngestSummary()
    started = time.perf_counter()
    files = list(discover(paths))
    indexed = store.documents.content_hashes(scope, [str(f.resolve()) for f in files])
    jobs = [(f, scope, indexed.get(str(f.resolve()))) for f in files]
    with mapper(len(jobs)) as mapping:
        for batch in _batches(mapping(_prepare_job, jobs), WRITE_BATCH):
            for outcome in write_prepared(store, batch):
                summary.count(outcome)
                if on_file:
                    on_file(outcome)
    summary.seconds = time.perf_counter() - started
    return summary
