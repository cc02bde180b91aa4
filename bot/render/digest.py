"""The digest as words: plain text for the terminal, mrkdwn messages for Slack."""

from __future__ import annotations

from collections.abc import Callable

from bot.slack.kit import SECTION_LIMIT, TEXT_LIMIT, Message, context, link, section, source_line
from bot.slack.mrkdwn import cut, escape
from handlers import format as fmt
from handlers.answers import Digest, FigureGroup, WatchAlert

SHOWN_DOCUMENTS = 15


def _group(group: FigureGroup, bold: Callable[[str], str]) -> list[str]:
    """The group's spread, then each figure: its value, who gives it, its source."""
    lines = [bold(group.spread.line)]
    lines += [f"    {fmt.credited(fmt.valued(m), m.said_by, m.document)}" for m in group.values]
    return lines


def sections(found: Digest, bold: Callable[[str], str] = str) -> list[list[str]]:
    """The digest's parts, each a list of lines (unescaped)."""
    parts = []
    if found.documents:
        docs = [f"• {fmt.source_line(d)}" for d in found.documents[:SHOWN_DOCUMENTS]]
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
    line = f"New: {fmt.source_line(alert.document)}\n{alert.detail}"
    linked = context(source_line(alert.document))  # the source's link, its mark if retracted
    return Message(cut(line, TEXT_LIMIT), (section(escape(line)).to_dict(), linked.to_dict()))
