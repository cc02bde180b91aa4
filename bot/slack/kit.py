"""Block Kit's small pieces within Slack's limits: sections, contexts, quotes with words
in bold, links, source lines; the message they make, and which answer page it shows.

Every message fits Slack's limits (a section's text <= 3,000 characters, <= 50 blocks,
`text` <= 4,000 characters): what does not fit is cut with "…" and left to "More".
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from slack_sdk.models.blocks import ContextBlock, MarkdownTextObject, SectionBlock

from bot import commands
from bot.slack.mrkdwn import cut, escape
from handlers import format as fmt
from handlers.answers import Source
from handlers.format import Style

MAX_BLOCKS = 50
SECTION_LIMIT = 3000
TEXT_LIMIT = 4000
EXCERPT_LIMIT = 2400  # an excerpt's own share of its section, before markup
VALUE_LIMIT = 2000  # a button's value
_PUNCTUATION = ".,;:!?\"'()[]“”‘’«»"
_ADJACENT_BOLD = re.compile(r"\*( +)\*")  # "*North* *Korean*" -> "*North Korean*"


@dataclass(frozen=True)
class Page:
    """Which answer a message shows: the command, its query, and the first result shown."""

    command: str
    query: str
    offset: int = 0

    def value(self) -> str:
        """JSON for a button's value, the query shortened until it fits in 2,000 characters."""
        query = self.query
        while True:
            encoded = json.dumps(
                {"c": self.command, "q": query, "o": self.offset}, ensure_ascii=False
            )
            if len(encoded) <= VALUE_LIMIT:
                return encoded
            query = query[: int(len(query) * 0.9)]

    @classmethod
    def parse(cls, value: str) -> Page | None:
        try:
            data = json.loads(value)
            page = cls(str(data["c"]), str(data["q"]), int(data["o"]))
        except (ValueError, KeyError, TypeError):
            return None
        return page if page.command in commands.COMMANDS and page.offset >= 0 else None


@dataclass(frozen=True)
class Message:
    text: str
    blocks: tuple[dict, ...]

    def as_kwargs(self) -> dict:
        return {"text": self.text, "blocks": list(self.blocks)}


def section(text: str) -> SectionBlock:
    return SectionBlock(text=MarkdownTextObject(text=cut(text, SECTION_LIMIT)))


def context(text: str) -> ContextBlock:
    return ContextBlock(elements=[MarkdownTextObject(text=cut(text, SECTION_LIMIT))])


def emphasise(text: str, words: tuple[str, ...] = (), phrase: str = "") -> str:
    """`text` escaped for mrkdwn, with `words` (whole tokens) or `phrase` in bold."""
    if phrase and phrase in text:
        before, _, after = text.partition(phrase)
        return f"{escape(before)}*{escape(phrase.strip())}*{escape(after)}"
    wanted = {w.replace("’", "'") for w in words}
    pieces = []
    for token in re.split(r"(\s+)", text):
        core = token.strip(_PUNCTUATION)
        if core and token.replace("’", "'") in wanted:
            lead, trail = token[: token.index(core)], token[token.index(core) + len(core) :]
            pieces.append(f"{escape(lead)}*{escape(core)}*{escape(trail)}")
        else:
            pieces.append(escape(token))
    return _ADJACENT_BOLD.sub(r"\1", "".join(pieces))


def quote(text: str, words: tuple[str, ...] = (), phrase: str = "") -> str:
    marked = emphasise(cut(" ".join(text.split()), EXCERPT_LIMIT), words, phrase)
    return ">" + marked


def link(doc: Source) -> str:
    url = doc.url or (doc.path if doc.path.startswith(("https://", "http://")) else None)
    title = escape(doc.title or doc.path)
    return f"<{escape(url)}|{title}>" if url else f"*{title}*"


# handlers/format.py decides what a figure's and a source's line hold; Slack marks them up.
SLACK = Style(
    text=escape,
    strong=lambda shown: f"*{shown}*",
    aside=lambda note: f" _({note})_",
    title=link,
    details=lambda parts: "".join(f" · {part}" for part in parts),
    retracted=lambda note: f" · :no_entry: *retracted: {note}*",
)


def source_line(doc: Source) -> str:
    """ "<url|Title> · Outlet · Author · 2024-11-08", ":no_entry: *retracted: …*" after."""
    return fmt.source_line(doc, SLACK)
