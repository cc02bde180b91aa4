"""bench.scale --real: reading a news corpus (plain-text articles or Reuters-21578 SGML),
copying it with perturbations, and the questions drawn from it. The documents here are
written for these tests."""

from __future__ import annotations

import json
import random
import re
from functools import partial
from pathlib import Path
from types import SimpleNamespace

import pytest

from bench.asked import real_asked, sampled, undecidable
from bench.generated import document_path
from bench.realtext import Perturber, copies, load_articles, scale, sentences_of, write_copies
from bench.scale import main
from bench.scale_table import table

HARBOUR = "\n\n".join(
    [
        "Harbour cranes idle as dockers strike",
        "Dockers at Portmere walked out on Tuesday, leaving 1,240 containers stacked on the quay.",
        "Union organiser Odile Varenne said the stoppage would last until 16 March. "
        '"We have waited since 2019 for this offer," Varenne said, adding that Varenne\'s '
        "members had voted 87 to 12 for the strike.",
        "The port authority put the cost at 2.5 million euros a day, a figure Thessaly Marrow "
        "of the shippers' council called an underestimate.",
    ]
)
FLOOD = "\n\n".join(
    [
        "River Ouselet bursts its banks",
        "About 300 homes in Calderbridge were evacuated overnight after the river rose 1.8 metres.",
        "Council leader Bramwell Okonjo said emergency shelters had room for 450 people. "
        "Forecasters expect more rain on Friday.",
    ]
)

SGML = """<!DOCTYPE lewis SYSTEM "lewis.dtd">
<REUTERS TOPICS="YES" NEWID="1">
<DATE> 2-MAR-1987 10:00:00.00</DATE>
<TEXT>&#2;
<TITLE>GRAINFIELD CO-OP RAISES &lt;WHEAT&gt; BID</TITLE>
<DATELINE>    OMAHA, March 2 - </DATELINE><BODY>Grainfield Cooperative said it raised its
bid for spring wheat by 12 cts to 3.40 dlrs a bushel, citing
tight supplies in the northern plains.
    The cooperative said deliveries for the week totalled 48,000
bushels, down from 61,500 a week earlier.
 Reuter
&#3;</BODY></TEXT>
</REUTERS>
<REUTERS TOPICS="NO" NEWID="2">
<TEXT TYPE="BRIEF">&#2;
<TITLE>BRIEF WITH NO BODY</TITLE>
&#3;</TEXT>
</REUTERS>
<REUTERS TOPICS="YES" NEWID="3">
<TEXT>&#2;
<TITLE>MUNCHENER TEXTIL SEES HIGHER SALES</TITLE>
<BODY>Munchener Textil AG said sales would rise about 7 pct this year
to 410 mln marks, Vorstand chairman Jurgen M\xfcller told reporters.
 Reuter
&#3;</BODY></TEXT>
</REUTERS>
"""


@pytest.fixture
def plain_corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "news"
    (folder / "business").mkdir(parents=True)
    (folder / "business" / "001.txt").write_text(HARBOUR, encoding="utf-8")
    (folder / "business" / "002.txt").write_text(FLOOD, encoding="utf-8")
    (folder / "README.TXT").write_text("About this dataset\n\nNot an article.\n")
    return folder


def test_plain_articles_are_read_headline_first_and_readme_is_not(plain_corpus: Path) -> None:
    articles = load_articles(plain_corpus)
    assert [a.title for a in articles] == [
        "Harbour cranes idle as dockers strike",
        "River Ouselet bursts its banks",
    ]
    assert articles[1].paragraphs[0].startswith("About 300 homes in Calderbridge")
    assert len(articles[0].paragraphs) == 3


def test_reuters_sgml_stories_are_joined_unescaped_and_signed_off(tmp_path: Path) -> None:
    (tmp_path / "reut2-000.sgm").write_bytes(SGML.encode("latin-1"))
    (tmp_path / "all-topics-strings.lc.txt").write_text("wheat\ngrain\n")
    articles = load_articles(tmp_path)
    assert [a.title for a in articles] == [
        "GRAINFIELD CO-OP RAISES <WHEAT> BID",
        "MUNCHENER TEXTIL SEES HIGHER SALES",
    ]
    first = articles[0].paragraphs
    assert first[0] == (
        "Grainfield Cooperative said it raised its bid for spring wheat by 12 cts to "
        "3.40 dlrs a bushel, citing tight supplies in the northern plains."
    )
    assert first[1].endswith("down from 61,500 a week earlier.")
    assert "Jurgen Müller told reporters." in articles[1].paragraphs[0]


def test_no_articles_is_one_line_and_exit_2(tmp_path: Path, capsys) -> None:
    assert main(["--no-pg", "--real", str(tmp_path)]) == 2
    assert (
        capsys.readouterr().err.strip() == f"bench.scale: no articles (.txt or .sgm) in {tmp_path}"
    )


def test_figures_scale_in_their_own_format_and_years_stay() -> None:
    rng = random.Random(1)
    for number in ("1,240", "2.5", "87", "48,000", "1,000,000.75"):
        scaled = scale(number, rng)
        assert ("," in scaled) == ("," in number) or float(scaled.replace(",", "")) < 1000
        assert len(scaled.partition(".")[2]) == len(number.partition(".")[2])
        ratio = float(scaled.replace(",", "")) / float(number.replace(",", ""))
        assert 0.45 <= ratio <= 2.05
    assert scale("2019", rng) == "2019"


def test_a_copy_varies_names_consistently_and_keeps_dates(plain_corpus: Path) -> None:
    articles = load_articles(plain_corpus)
    perturber = Perturber(articles)
    assert perturber.copy(articles[0], 0) == articles[0]
    copy = perturber.copy(articles[0], 7).text()
    assert copy != articles[0].text()
    assert "16 March" in copy and "2019" in copy
    assert "1,240" not in copy  # scaled
    speaker = re.search(r"organiser (\w+) (\w+) said", copy)
    assert speaker and speaker.group(2) != "Varenne"
    assert f'," {speaker.group(2)} said' in copy and f"{speaker.group(2)}'s members" in copy


def test_copies_reach_the_size_asked_and_all_differ(plain_corpus: Path) -> None:
    articles = load_articles(plain_corpus)
    made = list(copies(articles, 60))
    texts = [a.text() for _, a in made]
    assert texts[:2] == [a.text() for a in articles]  # the first round as published
    assert len(set(texts)) == len(texts)
    assert 60 <= sum(sentences_of(a) for _, a in made) < 60 + 6


def test_questions_come_from_the_indexed_copies(plain_corpus: Path, tmp_path: Path) -> None:
    path_of = partial(document_path, tmp_path / "copies")
    n_docs = write_copies(load_articles(plain_corpus), 40, path_of)
    asked = real_asked(sampled(path_of, n_docs, 10))
    written = "\n".join(path_of(i).read_text() for i in range(n_docs))
    assert asked.claims and all(target in written for _, target in asked.claims)
    assert all(query != target for query, target in asked.claims)
    assert asked.names and all(" " in name for name in asked.names)
    assert asked.topics and all(topic in written for topic in asked.topics)


def test_a_miss_is_undecidable_only_when_no_word_of_the_query_tells_its_sentence_apart():
    twins = [f"Ms {name} has represented the constituency since 1997." for name in "ABCDE"]
    target = "Ms Baumbach has represented the constituency since 1997."
    answered = SimpleNamespace(results=[SimpleNamespace(excerpt=t) for t in twins])
    lost_the_name = ("the constituency 1997 Ms has", target)  # "Baumbach" dropped
    kept_the_name = ("Baumbach the constituency 1997", target)
    found = SimpleNamespace(results=[SimpleNamespace(excerpt=target)])
    assert undecidable([lost_the_name], [answered]) == 1
    assert undecidable([kept_the_name], [answered]) == 0  # a ranking could have found it
    assert undecidable([kept_the_name], [found]) == 0  # not a miss


def test_the_bench_runs_on_real_text(plain_corpus: Path, capsys) -> None:
    args = ["--sentences", "60", "--no-pg", "--real", str(plain_corpus)]
    assert main([*args, "--queries", "5", "--brute", "2", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["text"].startswith("real: 2 articles from")
    sqlite = report["backends"]["sqlite"]
    assert sqlite["ingest"]["sentences"] >= 60
    assert sqlite["ingest"]["cpu_s"] > 0  # this process and its workers, read from /proc
    assert sqlite["claim"]["recall@5"] == 1.0
    assert sqlite["claim_cli_batch"]["queries"] == 5
    assert sqlite["claim_cli_batch"]["recall@5"] == 1.0


def test_the_bench_with_meaning_embeds_every_passage_and_asks_as_a_server(
    plain_corpus: Path, capsys, embedder
) -> None:
    """`bench.scale --meaning`: `factdesk embed` gives every passage a vector, then a
    server's /claim by meaning finds each query's sentence; the table says so."""
    args = ["--sentences", "40", "--no-pg", "--real", str(plain_corpus), "--meaning"]
    assert main([*args, "--queries", "4", "--brute", "1", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    sqlite = report["backends"]["sqlite"]
    found = sqlite["meaning"]
    assert found["embed"]["embedded"] == found["vectors"] >= sqlite["ingest"]["sentences"]
    assert found["embed"]["coverage"]["embedded"] == found["embed"]["coverage"]["passages"]
    assert found["embed"]["per_cpu_second"] > 0 and found["embed"]["peak_rss_mb"] > 0
    assert found["claim"]["recall@5"] == 1.0 and found["claim"]["cpu_p95"] > 0
    assert found["claim"]["misses_undecidable"] == 0
    assert list(found["peak_rss_mb_after"]) == [
        "memory index",
        "model and vector index",
        "claim with meaning",
    ]
    printed = "\n".join(table(report))
    assert re.search(r"/claim\+meaning recall@5 +1\.0", printed)
    assert re.search(r"embed: passages \(whole run s\) +\d+ \(", printed)
