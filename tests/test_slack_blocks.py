"""Block Kit rendering: what a fact-checker reads, within Slack's limits."""

from __future__ import annotations

import json

from bot.slack import admin, blocks, kit
from bot.slack.commands import help_message
from bot.slack.kit import Page
from bot.slack.mrkdwn import decode, escape, without_leading_mentions
from handlers.answers import (
    ClaimAnswer,
    FigureMatch,
    FigureOut,
    FiguresAnswer,
    FiguresSummary,
    Match,
    Source,
    Spread,
)

WIRE = Source(
    "Kursk <update> & more",
    "https://example.org/a?x=1&y=2",
    "Northline Wire",
    "Graham Ellery",
    "2024-11-08",
    url="https://example.org/a?x=1&y=2",
)
LOCAL = Source("Seoul brief", "/data/seoul.txt", None, None, None)


def match(excerpt: str, **kwargs) -> Match:
    fields = dict(context=excerpt, score=72.4, document=WIRE, figures=(), check="related")
    return Match(excerpt=excerpt, **{**fields, **kwargs})


def texts(message: kit.Message) -> str:
    shown = []
    for block in message.blocks:
        if "text" in block:
            shown.append(block["text"]["text"])
        shown += [e["text"] for e in block.get("elements", []) if e["type"] == "mrkdwn"]
    return "\n".join(shown)


def test_a_claim_check_is_shown_plainly_with_source_date_and_bold_words() -> None:
    differs = match(
        "Approximately 10,000 soldiers from North Korea have been sent to Kursk.",
        check="differs",
        note="source says Approximately 10,000 soldiers",
        highlights=("soldiers", "North", "Korea", "Kursk."),
        figures=(
            FigureOut(
                10000, None, None, "approximately", "soldier", "", "Approximately 10,000 soldiers"
            ),
        ),
    )
    answer = ClaimAnswer("North Korea sent 11,000 soldiers to Kursk", (differs,), searched=3)
    shown = texts(blocks.render(answer, Page("claim", answer.query)))
    assert "*differs*: source says Approximately 10,000 soldiers" in shown
    assert ">Approximately 10,000 *soldiers* from *North Korea* have been sent to *Kursk*." in shown
    assert "<https://example.org/a?x=1&amp;y=2|Kursk &lt;update&gt; &amp; more>" in shown
    assert "Northline Wire · Graham Ellery · 2024-11-08" in shown
    assert "figures: Approximately 10,000 soldiers" in shown


def test_quoted_text_is_escaped_and_a_source_without_url_is_named() -> None:
    answer = ClaimAnswer("x", (match("Ratio <3 & rising > 2", document=LOCAL),), searched=1)
    shown = texts(blocks.render(answer, Page("claim", "x")))
    assert ">Ratio &lt;3 &amp; rising &gt; 2" in shown
    assert "*Seoul brief* · no date" in shown


def test_figures_keep_their_hedges() -> None:
    figure = FigureMatch(
        12000,
        None,
        12000,
        "up to",
        "troop",
        "",
        "up to 12,000 troops",
        excerpt="Pyongyang intends to send up to 12,000 troops in total.",
        document=WIRE,
    )
    vague = FigureMatch(
        5000,
        5000,
        None,
        "at least",
        "troop",
        "",
        "5,000 or more troops",
        excerpt="Officials put the number at 5,000 or more troops.",
        document=WIRE,
    )
    spread = Spread("troops", 5000, 12000, 1, 2, "troops: 5,000 – 12,000 across 1 source")
    answer = FiguresAnswer("troops", (figure, vague), FiguresSummary((spread,), 2))
    shown = texts(blocks.render(answer, Page("figures", "troops")))
    assert "• troops: 5,000 – 12,000 across 1 source" in shown
    assert "*up to 12,000 troops*" in shown
    assert "*5,000 or more troops (at least)*" in shown
    # one compact line a figure (issue 14): the figure as written, then its source
    assert "• *up to 12,000 troops* — <https://example.org/a?x=1&amp;y=2|" in shown


def test_a_long_answer_is_cut_to_slacks_limits_and_offers_more() -> None:
    long_sentence = "Kursk troops " * 600  # 7,800 characters
    answer = ClaimAnswer("Kursk troops", tuple(match(long_sentence) for _ in range(60)), 9)
    message = blocks.render(answer, Page("claim", "Kursk troops"), limit=60)
    assert len(message.blocks) <= kit.MAX_BLOCKS
    sections = [b["text"]["text"] for b in message.blocks if b["type"] == "section"]
    assert all(len(text) <= kit.SECTION_LIMIT for text in sections)
    assert any(text.endswith("…") for text in sections)
    assert len(message.text) <= kit.TEXT_LIMIT
    more = [
        e
        for b in message.blocks
        if b["type"] == "actions"
        for e in b["elements"]
        if e["action_id"] == blocks.MORE
    ]
    shown = sum(1 for text in sections if text.startswith(":mag:"))
    assert 0 < shown < 60
    assert json.loads(more[0]["value"]) == {"c": "claim", "q": "Kursk troops", "o": shown}


def test_many_short_results_stop_at_fifty_blocks() -> None:
    answer = ClaimAnswer("Kursk", tuple(match("Kursk.") for _ in range(40)), 9)
    message = blocks.render(answer, Page("claim", "Kursk"), limit=40)
    assert kit.MAX_BLOCKS - 3 <= len(message.blocks) <= kit.MAX_BLOCKS
    assert "Cut to fit in Slack" in texts(message)
    assert [e["action_id"] for e in message.blocks[-1]["elements"]] == [blocks.SHARE, blocks.MORE]


def test_a_page_value_fits_in_a_button_and_round_trips() -> None:
    page = Page("claim", "“quoted” " * 400, offset=5)
    value = page.value()
    assert len(value) <= kit.VALUE_LIMIT
    parsed = Page.parse(value)
    assert parsed.command == "claim" and parsed.offset == 5
    assert page.query.startswith(parsed.query)
    assert Page.parse('{"c": "drop table", "q": "x", "o": 0}') is None
    assert Page.parse("not json") is None


def test_slack_markup_is_decoded_before_searching() -> None:
    text = "<@U123|ann> says <https://x.org/a|this report> in <#C1|desk> &amp; <https://y.org>"
    assert decode(text) == "@ann says this report in #desk & https://y.org"
    assert without_leading_mentions("<@UFACT> <@U2>  who Zelensky") == "who Zelensky"
    assert escape("a < b & c > d") == "a &lt; b &amp; c &gt; d"


def test_help_lists_every_command_from_its_docstring() -> None:
    shown = texts(help_message())
    for line in ("/claim TEXT", "/who NAME", "/figures TOPIC", "/factdesk help"):
        assert line in shown
    for name in admin.NAMES:  # digest, watch, watches, unwatch
        assert f"• /factdesk {name} " in shown
