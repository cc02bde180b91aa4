"""The Slack message for a long post checked sentence by sentence (handlers/post_check.py):
each sentence the sources speak to, with its best passage as /claim shows one, then what
the others found."""

from __future__ import annotations

from slack_sdk.models.blocks import Block

from bot.render.text import post_tally
from bot.render.text import render as render_text
from bot.slack.answer_blocks import item
from bot.slack.blocks import fit
from bot.slack.kit import TEXT_LIMIT, Message, context, section
from bot.slack.mrkdwn import cut, escape
from handlers.post_check import PostCheck, SentenceCheck

SENTENCE_LIMIT = 300  # characters of a sentence quoted back


def post_message(post: PostCheck) -> Message:
    """Up to MAX_LISTED sentences, each with its best passage; the tally after them."""
    head = [section(f"*Checked {post.sentences:,} sentences of this message against the sources*")]
    items = [_sentence(n, found) for n, found in enumerate(post.found, 1)]
    blocks, shown = fit(head, items, reserve=2)
    hidden = len(items) - shown
    tally = post_tally(post, hidden)
    if not items:
        tally.insert(0, f"None of them matches anything in {post.searched} documents.")
    if tally:
        blocks.append(context(escape(" ".join(tally))))
    text = cut(escape(render_text(post)), TEXT_LIMIT)
    return Message(text, tuple(b.to_dict() for b in blocks))


def _sentence(n: int, found: SentenceCheck) -> list[Block]:
    said = f"*{n}.* “{escape(cut(found.sentence, SENTENCE_LIMIT))}”"
    return [section(said), *item(found.best)]
