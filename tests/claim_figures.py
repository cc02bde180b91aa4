"""The figures `claim --json` gives for one passage, as tuples the acceptance tests compare:
(text, *fields, speaker text, speaker kind)."""

from __future__ import annotations


def figures_of(cli, passage: str, fields: tuple[str, ...]) -> list[tuple]:
    """Each figure of the passage /claim finds for `passage` (asserting it finds it)."""
    answer = cli.json("claim", passage)
    found = [r for r in answer["results"] if r["excerpt"] == passage]
    assert found, f"{passage!r} not among {[r['excerpt'] for r in answer['results']]}"
    said = [(f["said_by"] or {}) for f in found[0]["figures"]]
    return [
        (f["text"], *(f[k] for k in fields), s.get("text"), s.get("kind"))
        for f, s in zip(found[0]["figures"], said, strict=True)
    ]
