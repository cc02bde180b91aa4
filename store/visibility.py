"""Which documents a scope sees: the private-channel fence, written once.

A document whose channel is "" belongs to the whole workspace; one fenced to a channel
(a private channel, a group DM, a DM) is seen only from that same channel. Every query
that reads documents applies this one rule, in one of two forms:

- `visible(scope)`: a SQLAlchemy clause over the `documents` table (or an alias of it);
- `SCOPE_SQL` with `scope_params(scope)`: the same clause as SQL text over documents
  aliased `d`, for the raw full-text queries. It is compiled from the very same rule;
- `admits(scope, workspace, channel)`: the rule in Python, for the memory indexes, which
  carry each passage's (workspace, channel).
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, FromClause, and_, bindparam, literal_column, or_

from store.records import Scope
from store.schema import documents

_UNFENCED = literal_column("''")


def _rule(table: FromClause, workspace, channel) -> ColumnElement[bool]:
    """The fence over `table`'s workspace and channel columns."""
    return and_(
        table.c.workspace == workspace,
        or_(table.c.channel == _UNFENCED, table.c.channel == channel),
    )


def visible(scope: Scope, table: FromClause = documents) -> ColumnElement[bool]:
    """The rows of `table` that `scope` sees: documents, an alias of it, or another table
    fenced the same way (the claim log)."""
    return _rule(table, scope.workspace, scope.channel or "")


def scope_params(scope: Scope) -> dict[str, str]:
    """The bound values `SCOPE_SQL` reads."""
    return {"workspace": scope.workspace, "channel": scope.channel or ""}


# The rule as text: "d.workspace = :workspace AND (d.channel = '' OR d.channel = :channel)".
SCOPE_SQL = str(_rule(documents.alias("d"), bindparam("workspace"), bindparam("channel")))


def admits(scope: Scope, workspace: str, channel: str) -> bool:
    """Whether `scope` sees a document of this workspace and channel."""
    return workspace == scope.workspace and channel in ("", scope.channel or "")
