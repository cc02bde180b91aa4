"""`python -m bench.scale_rerun --keep DIR`: bench.scale's /claim-by-meaning rows again,
with today's code, on the archive an earlier `bench.scale --real PATH --meaning --keep DIR`
left (its corpus and bench.db, every passage embedded), asking the same claims (the bench's
seed; a generated corpus's claims come from its World, not from its files, so not here).
Embedding 1M passages takes half an hour; this asks again in minutes. Work on a copy of
bench.db: a server here may save its vector index beside it."""

from __future__ import annotations

import argparse
import json
import sys
from functools import partial
from pathlib import Path

from bench.asked import real_asked, sampled
from bench.generated import document_path
from bench.scale import python_loop_ms
from bench.scale_meaning import serve_and_ask


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, required=True, help="bench.scale --keep's folder")
    parser.add_argument("--db", help="the archive (default: DIR/bench.db)")
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args(argv)
    corpus = args.keep / "corpus"
    n_docs = sum(1 for _ in corpus.glob("*/*.txt"))
    if not n_docs:
        print(f"scale_rerun: no corpus in {corpus}", file=sys.stderr)
        return 2
    url = f"sqlite:///{Path(args.db or args.keep / 'bench.db').resolve()}"
    asked = real_asked(sampled(partial(document_path, corpus), n_docs, args.queries))
    print(json.dumps({"loop_ms": python_loop_ms(), **serve_and_ask(url, asked)}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
