"""Links: fetch a URL, read the article (or PDF, DOCX, text) in it, index it like a file.

`document.path` is the URL asked for, `document.url` the page's canonical URL (or the
address it was served from). The content hash is taken over what was read (title, byline,
date, text), not the raw bytes, so a page whose advertising or clock changes is still
"unchanged" and a page whose article changed replaces its older version.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import PurePosixPath
from urllib.parse import urljoin, urlsplit

import lxml.etree
import lxml.html

from handlers.fetch import Fetched, Fetcher, FetchError
from handlers.ingest import FileOutcome, Prepared, build_document, write_prepared
from handlers.readers import RawDocument, UnreadableFile, read_bytes
from store import Scope, Store

URL_PATTERN = re.compile(r"^[a-z][a-z0-9+.-]*://", re.I)
_BY_TYPE = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "application/pdf": "pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "text/plain": "txt",
    "text/markdown": "md",
    "text/x-markdown": "md",
}
MIN_ARTICLE_WORDS = 20  # a web page with less text than this is a menu, a form, a sign-in
_FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml")
_SUFFIX = {"html": ".html", "pdf": ".pdf", "docx": ".docx", "txt": ".txt", "md": ".md"}


def is_url(text: str) -> bool:
    """Whether a command-line argument names a URL rather than a path."""
    return bool(URL_PATTERN.match(text.strip()))


def sniff(fetched: Fetched) -> str:
    """The reader for a fetched body: by its bytes first, then by its Content-Type."""
    head = fetched.body[:1024].lstrip()
    lowered = head[:512].lower()
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04") and b"word/" in fetched.body[:65536]:
        return "docx"
    if fetched.content_type in _FEED_TYPES or b"<rss" in lowered or b"<feed" in lowered:
        raise UnreadableFile("it is a feed, not an article (add it with: feeds add URL)")
    if lowered.startswith((b"<!doctype html", b"<html")) or b"<html" in lowered:
        return "html"
    kind = _BY_TYPE.get(fetched.content_type)
    if kind is None and fetched.content_type in ("", "application/octet-stream"):
        kind = "md" if PurePosixPath(urlsplit(fetched.url).path).suffix == ".md" else "txt"
    if kind is None:
        raise UnreadableFile(f"not an article ({fetched.content_type})")
    return kind


def canonical_link(html: bytes) -> str | None:
    """<link rel="canonical" href>, relative or not (trafilatura takes absolute ones only)."""
    try:
        found = lxml.html.fromstring(html).xpath('//link[@rel="canonical"]/@href')
    except (lxml.etree.ParserError, ValueError):
        return None
    return str(found[0]).strip() or None if found else None


def read_fetched(fetched: Fetched, max_bytes: int) -> RawDocument:
    """The document in a fetched body; UnreadableFile says why there is none."""
    if not fetched.body.strip():
        raise UnreadableFile("empty page")
    kind = sniff(fetched)
    stem = PurePosixPath(urlsplit(fetched.url).path).stem or urlsplit(fetched.url).hostname
    raw = read_bytes(fetched.body, f"{stem}{_SUFFIX[kind]}", max_bytes)
    if kind == "html" and len(raw.text.split()) < MIN_ARTICLE_WORDS:
        raise UnreadableFile("not an article: no text found beyond menus and forms")
    link = raw.url or (canonical_link(fetched.body) if kind == "html" else None)
    canonical = urljoin(fetched.url, link) if link else fetched.url
    if urlsplit(canonical).scheme not in ("http", "https"):
        canonical = fetched.url
    site = (urlsplit(fetched.url).hostname or "").removeprefix("www.")
    return replace(raw, url=canonical, source=raw.source or site or None)


def content_digest(raw: RawDocument) -> str:
    published = raw.published.isoformat() if raw.published else ""
    seen = "\n".join((raw.title, raw.author or "", published, raw.text))
    return hashlib.sha256(seen.encode("utf-8")).hexdigest()


def prepare_url(url: str, scope: Scope, fetcher: Fetcher, indexed_hash: str | None) -> Prepared:
    """Fetch and analyse one URL; `path` is the URL as asked."""
    url = url.strip()
    try:
        raw = read_fetched(fetcher.get(url), fetcher.max_bytes)
    except (FetchError, UnreadableFile) as exc:
        retry = getattr(exc, "transient", False)
        return Prepared(url, outcome=FileOutcome(url, "skipped", reason=str(exc), retry=retry))
    digest = content_digest(raw)
    if digest == indexed_hash:
        return Prepared(url, outcome=FileOutcome(url, "unchanged", title=raw.title))
    return Prepared(url, doc=build_document(raw, url, digest, scope))


def _described(outcome: FileOutcome, prepared: Prepared) -> FileOutcome:
    doc = prepared.doc
    if doc is None:
        return outcome
    published = doc.published.isoformat() if doc.published else None
    return replace(outcome, source=doc.source, published=published, url=doc.url)


def ingest_url(store: Store, url: str, scope: Scope, fetcher: Fetcher | None = None) -> FileOutcome:
    """Index the document at `url` in `scope`: added, updated, unchanged or skipped (why)."""
    own = fetcher is None
    fetcher = fetcher or Fetcher()
    try:
        known = store.documents.content_hash(scope, url.strip())
        prepared = prepare_url(url, scope, fetcher, known)
    finally:
        if own:
            fetcher.close()
    return _described(write_prepared(store, [prepared])[0], prepared)


def ingest_urls(
    store: Store,
    urls: Iterable[str],
    scope: Scope,
    on_url: Callable[[FileOutcome], None] | None = None,
) -> list[FileOutcome]:
    """Index several URLs with one client (robots.txt is read once per site)."""
    outcomes = []
    with Fetcher() as fetcher:
        for url in urls:
            outcomes.append(ingest_url(store, url, scope, fetcher))
            if on_url:
                on_url(outcomes[-1])
    return outcomes
