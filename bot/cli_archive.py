"""`factdesk forget`, `factdesk retract` and `index --prune`: documents leave the archive
or are marked, from the command line."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from bot.cli_conventions import EXIT_NOTHING, EXIT_OK, UsageError
from store import DocumentRow, Scope, Store

REF = "PATH|ID"


def add_parsers(sub, common) -> None:
    text = "remove documents and everything derived from them (passages, figures, mentions)"
    forget = sub.add_parser("forget", help=text, description=text)
    forget.add_argument("refs", nargs="+", metavar=REF, help="a file, a folder, a URL or an id")
    forget.add_argument("--json", action="store_true", help="machine-readable output")
    common(forget)
    text = "mark documents retracted or superseded: still searchable, every quote says so"
    retract = sub.add_parser("retract", help=text, description=text)
    retract.add_argument("refs", nargs="+", metavar=REF, help="a file, a folder, a URL or an id")
    retract.add_argument("--note", help='why, shown with every quote ("retracted: …")')
    retract.add_argument("--undo", action="store_true", help="lift the retraction")
    retract.add_argument("--json", action="store_true", help="machine-readable output")
    common(retract)


def resolve(store: Store, scope: Scope, ref: str) -> list[DocumentRow]:
    """The documents `ref` names: an id, a URL, a file's path, or a folder (all below it)."""
    workspace, channel = scope.workspace, scope.channel
    if ref.isdigit() or "://" in ref:
        return store.documents.find(workspace, channel, ref)
    path = Path(ref).expanduser().resolve()
    if path.is_dir():
        return store.documents.find(workspace, channel, str(path), under=True)
    return store.documents.find(workspace, channel, str(path)) or store.documents.find(
        workspace, channel, ref
    )


def _resolve_all(
    store: Store, scope: Scope, refs: list[str]
) -> tuple[list[DocumentRow], list[str]]:
    found: dict[int, DocumentRow] = {}
    unknown = []
    for ref in refs:
        docs = resolve(store, scope, ref)
        unknown += [] if docs else [ref]
        found.update((d.id, d) for d in docs)
    return list(found.values()), unknown


def _report(done: list[dict], unknown: list[str], as_json: bool, key: str) -> int:
    if as_json:
        print(json.dumps({key: done, "unknown": unknown}, ensure_ascii=False))
    for ref in unknown:
        print(f"factdesk: not in the archive: {ref}", file=sys.stderr)
    return EXIT_NOTHING if unknown or not done else EXIT_OK


def _shown(doc: DocumentRow) -> dict:
    return {"id": doc.id, "title": doc.title, "path": doc.path}


def cmd_forget(store: Store, args: argparse.Namespace, scope: Scope) -> int:
    docs, unknown = _resolve_all(store, scope, args.refs)
    for doc in docs:
        store.documents.forget(doc)
        if not args.json:
            print(f"forgot {doc.id} {doc.title!r} ({doc.path})")
    return _report([_shown(d) for d in docs], unknown, args.json, "forgotten")


def cmd_retract(store: Store, args: argparse.Namespace, scope: Scope) -> int:
    note = (args.note or "").strip()
    if args.undo == bool(note):
        raise UsageError('retract takes --note "why" (or --undo to lift a retraction)')
    docs, unknown = _resolve_all(store, scope, args.refs)
    for doc in docs:
        store.documents.retract(doc, None if args.undo else note)
        if not args.json:
            what = "lifted the retraction of" if args.undo else "retracted"
            print(f"{what} {doc.id} {doc.title!r}" + ("" if args.undo else f": {note}"))
    shown = [{**_shown(d), "retracted": None if args.undo else note} for d in docs]
    return _report(shown, unknown, args.json, "documents")


def prune(store: Store, scope: Scope, folders: list[Path], as_json: bool) -> list[str]:
    """Forget the documents indexed from under `folders` whose files are gone."""
    gone = []
    for folder in (f.resolve() for f in folders if f.is_dir()):
        for doc in store.documents.find(scope.workspace, scope.channel, str(folder), under=True):
            if not Path(doc.path).exists():
                store.documents.forget(doc)
                gone.append(doc.path)
                if not as_json:
                    print(f"forgot {doc.path}: the file is gone", file=sys.stderr)
    return gone
