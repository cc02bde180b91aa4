"""The digest as words: plain text for the terminal, mrkdwn messages for Slack."""

from __future__ import annotations

from collections.abc import Callable

from bot.slack.blocks import SECTION_LIMIT, TEXT_LIMIT, Message, context, link, section, source_line
from bot.slack.mrkdwn import cut, escape
from handlers.answers import Digest, FigureGroup, FigureMatch, Source, WatchAlert
from handlers.format import amount
from handlers.said import label

SHOWN_DOCUMENTS = 15


def _value(match: FigureMatch) -> str:
    """The figure's hedge and value (a vague amount in its words), and its status."""
    status = f" ({match.status})" if match.status else ""
    return (match.text if match.value is None else _stated(match)) + status


def _stated(match: FigureMatch) -> str:
    if match.low is not None and match.high is not None and match.low != match.high:
        shown = f"{amount(match.low, match.unit)}–{amount(match.high, match.unit)}"
    else:
        shown = amount(match.value, match.unit)
    return shown if match.hedge in ("exact", "range") else f"{match.hedge} {shown}"


def _source(doc: Source) -> str:
    extra = ", ".join(p for p in (doc.source, doc.published or "no date") if p)
    shown = f"{doc.title} ({extra})"
    return f"{shown} [retracted: {doc.retracted}]" if doc.retracted else shown


def _group(group: FigureGroup, bold: Callable[[str], str]) -> list[str]:
    lines = [bold(group.spread.line)]
    lines += [f"    {_value(m)} – {_said(m)}{_source(m.document)}" for m in group.values]
    return lines


def _said(match: FigureMatch) -> str:
    return f"{label(match.said_by)} · " if match.said_by else ""


def sections(found: Digest, bold: Callable[[str], str] = str) -> list[list[str]]:
    """The digest's parts, each a list of lines (unescaped)."""
    parts = []
    if found.documents:
        docs = [f"• {_source(d)}" for d in found.documents[:SHOWN_DOCUMENTS]]
        if len(found.documents) > SHOWN_DOCUMENTS:
            docs.append(f"… and {len(found.documents) - SHOWN_DOCUMENTS} more")
        parts.append([bold("New documents"), *docs])
    if found.disagreements:
        lines = [bold("Figures that disagree")]
        for group in found.disagreements:
            lines += _group(group, str)
        parts.append(lines)
    if found.new_people:
        names = ", ".join(f"{p.name} ({p.mentions})" for p in found.new_people)
        parts.append([bold("Newly seen"), names])
    if found.most_mentioned:
        names = ", ".join(f"{p.name} ({p.mentions})" for p in found.most_mentioned)
        parts.append([bold("Most mentioned"), names])
    if found.claims:
        lines = [bold("Checks that found nothing or a difference")]
        lines += [f"• [{c.result}] {c.query} – {c.summary}".rstrip(" –") for c in found.claims]
        parts.append(lines)
    return parts


def text(found: Digest) -> str:
    """The digest for the terminal."""
    head = f"Digest {found.since[:16]} – {found.until[:16]} UTC: {found.summary}"
    return "\n\n".join(["\n".join([head])] + ["\n".join(p) for p in sections(found)])


def top_message(found: Digest) -> Message:
    """The short top-level post."""
    line = f":newspaper: *Factdesk daily digest*: {escape(found.summary)}"
    if found.disagreements:
        line += "\n" + "\n".join(f"• {escape(g.spread.line)}" for g in found.disagreements[:3])
    return Message(
        cut(f"Factdesk daily digest: {found.summary}", TEXT_LIMIT), (section(line).to_dict(),)
    )


def detail_message(found: Digest) -> Message:
    """The details, for the thread: one section per part, each within Slack's limits."""
    parts = sections(found, bold=lambda s: f"*{s}*")
    blocks = [section(cut("\n".join(escape(line) for line in p), SECTION_LIMIT)) for p in parts]
    if found.documents:  # each new document's link: its web page or its Slack permalink
        shown = found.documents[:SHOWN_DOCUMENTS]
        blocks.append(context("Sources: " + " · ".join(link(d) for d in shown)))
    plain = "\n\n".join("\n".join(p) for p in sections(found))
    return Message(cut(plain or found.summary, TEXT_LIMIT), tuple(b.to_dict() for b in blocks))


def quiet_message(found: Digest) -> Message:
    return Message(found.summary, (section(escape(found.summary)).to_dict(),))


def watch_head(alert: WatchAlert) -> Message:
    line = f":eyes: Watching {alert.kind} “{alert.query}”: new material will be posted here."
    return Message(cut(line, TEXT_LIMIT), (section(escape(line)).to_dict(),))


def watch_alert(alert: WatchAlert) -> Message:
    line = f"New: {_source(alert.document)}\n{alert.detail}"
    linked = context(source_line(alert.document))  # the source's link, its mark if retracted
    return Message(cut(line, TEXT_LIMIT), (section(escape(line)).to_dict(), linked.to_dict()))
