"""`factdesk index URL`: pages fetched from a real HTTP server on 127.0.0.1, read, indexed."""

from __future__ import annotations

import gzip
import json
import socket
from pathlib import Path

import pytest

from tests import pages
from tests.conftest import Cli
from tests.web_server import Route, serving


@pytest.fixture
def site(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("FACTDESK_FETCH_ALLOW_PRIVATE", "1")
    with serving() as served:
        served.routes["/robots.txt"] = Route(
            b"User-agent: *\nDisallow: /members/\n", content_type="text/plain"
        )
        yield served


def _one(cli: Cli, *urls: str) -> tuple[int, dict, str]:
    code, out, err = cli("index", *urls, "--json")
    assert out, err
    return code, json.loads(out), err


def test_article_page_indexed_without_its_chrome(cli: Cli, site) -> None:
    site.routes["/news/flood?utm=x"] = Route(
        pages.article_page(*pages.FLOOD, author="Hanna Vos", canonical="/news/flood")
    )
    asked = site.url("/news/flood?utm=x")
    code, summary, err = _one(cli, asked)
    assert code == 0, err
    assert summary["added"] == 1
    outcome = summary["outcomes"][0]
    assert outcome["title"] == pages.FLOOD[0]
    assert (outcome["source"], outcome["published"]) == ("The Valley Courier", "2025-03-14")
    assert outcome["url"] == site.url("/news/flood")
    assert f"added {asked}: '{pages.FLOOD[0]}' (The Valley Courier, 2025-03-14)" in err
    doc = cli.json("stats")["latest"][0]
    assert (doc["path"], doc["url"], doc["author"]) == (asked, site.url("/news/flood"), "Hanna Vos")
    figures = cli.json("figures", "homes")["results"]
    assert [(f["value"], f["hedge"]) for f in figures] == [(340, "at least")]
    assert cli.json("who", "Brandauer")["person"]["name"] == "Ilse Brandauer"
    for chrome in ("Accept all cookies", "Horoscope what the stars say", "Subscribe for 1 euro"):
        assert cli.json("claim", chrome)["results"] == [], chrome


def test_urls_and_paths_mixed_in_one_command(cli: Cli, site, tmp_path: Path) -> None:
    site.routes["/strike"] = Route(pages.article_page(*pages.STRIKE, site="Harbour Times"))
    note = tmp_path / "wire.txt"
    note.write_bytes(pages.WIRE)
    code, summary, err = _one(cli, str(note), site.url("/strike"))
    assert code == 0, err
    assert summary["added"] == 2
    sources = {d["source"] for d in cli.json("stats")["latest"]}
    assert "Harbour Times" in sources


def test_unchanged_page_is_a_no_op_and_a_changed_one_replaces_it(cli: Cli, site) -> None:
    url = site.url("/strike")
    site.routes["/strike"] = Route(pages.article_page(*pages.STRIKE))
    assert _one(cli, url)[1]["added"] == 1
    # Only the chrome changes (an ad, the clock): the article is the same.
    site.routes["/strike"] = Route(
        pages.article_page(*pages.STRIKE).replace(b"Most read", b"Most read at 09:14")
    )
    assert _one(cli, url)[1]["unchanged"] == 1
    title, paragraphs = pages.STRIKE
    later = [*paragraphs[:2], "The port authority said that up to 55 ships could be delayed."]
    site.routes["/strike"] = Route(pages.article_page(title, later))
    assert _one(cli, url)[1]["updated"] == 1
    assert cli.json("stats")["documents"] == 1
    values = [f["value"] for f in cli.json("figures", "ships")["results"]]
    assert 55 in values and 40 not in values


@pytest.mark.parametrize(
    ("route", "kind", "expected"),
    [
        (Route(pages.budget_pdf(), content_type="application/pdf"), "pdf", "4.2 million"),
        (Route(pages.memo_docx(), content_type="application/octet-stream"), "docx", "14"),
        (Route(pages.WIRE, content_type="text/plain; charset=utf-8"), "txt", "900"),
    ],
)
def test_pdf_docx_and_text_by_content_type_and_sniffing(cli, site, route, kind, expected):
    site.routes["/files/latest"] = route  # no suffix: the bytes and Content-Type decide
    code, _, err = _one(cli, site.url("/files/latest"))
    assert code == 0, err
    doc = cli.json("stats")["latest"][0]
    assert doc["kind"] == kind
    assert doc["source"] == "127.0.0.1"
    assert any(expected in f["text"] for f in cli.json("figures", _topic(kind))["results"])


def _topic(kind: str) -> str:
    return {"pdf": "euros", "docx": "reporters", "txt": "residents"}[kind]


def test_redirects_are_followed_to_the_article(cli: Cli, site) -> None:
    site.routes["/flood"] = Route(pages.article_page(*pages.FLOOD))
    for n in range(1, 6):
        site.routes[f"/hop{n}"] = Route(status=302, headers={"Location": f"/hop{n + 1}"})
    site.routes["/hop5"] = Route(status=301, headers={"Location": site.url("/flood")})
    code, _, err = _one(cli, site.url("/hop1"))
    assert code == 0, err
    assert cli.json("stats")["latest"][0]["path"] == site.url("/hop1")


def _refused(cli: Cli, url: str) -> str:
    code, summary, err = _one(cli, url)
    assert code == 1
    assert summary["skipped"] == 1 and summary["added"] == 0
    assert cli.json("stats")["documents"] == 0
    (line,) = [line for line in err.splitlines() if line]
    assert "Traceback" not in err
    return line


def test_more_than_five_redirects_is_refused(cli: Cli, site) -> None:
    for n in range(7):
        site.routes[f"/loop{n}"] = Route(status=307, headers={"Location": f"/loop{n + 1}"})
    assert _refused(cli, site.url("/loop0")).endswith("more than 5 redirects")


def test_redirect_to_a_refused_address_indexes_nothing(cli: Cli, site) -> None:
    site.routes["/out"] = Route(status=302, headers={"Location": "http://169.254.169.254/latest/"})
    line = _refused(cli, site.url("/out"))
    assert "redirected to a refused address: 169.254.169.254 is a cloud metadata address" in line
    site.routes["/file"] = Route(status=302, headers={"Location": "file:///etc/passwd"})
    assert "only http and https links" in _refused(cli, site.url("/file"))


def test_loopback_is_refused_without_the_allow_flag(cli: Cli, site, monkeypatch) -> None:
    monkeypatch.delenv("FACTDESK_FETCH_ALLOW_PRIVATE")
    site.routes["/flood"] = Route(pages.article_page(*pages.FLOOD))
    line = _refused(cli, site.url("/flood"))
    assert line.endswith("refused: 127.0.0.1 is a loopback address (127.0.0.1)")
    by_name = _refused(cli, f"http://localhost:{site.port}/flood")  # checked after DNS
    assert "refused: localhost is a loopback address" in by_name
    assert site.hits("/flood") == 0 and site.hits("/robots.txt") == 0


def test_slow_server_times_out(cli: Cli, site, monkeypatch) -> None:
    monkeypatch.setenv("FACTDESK_FETCH_TIMEOUT", "1")
    site.routes["/slow"] = Route(pages.article_page(*pages.FLOOD), delay=3)
    assert _refused(cli, site.url("/slow")).endswith("timed out after 1 s")
    site.routes["/drip"] = Route(pages.article_page(*pages.FLOOD) * 3, drip=0.3)
    assert "timed out" in _refused(cli, site.url("/drip"))


def test_oversized_and_compressed_bodies_are_cut(cli: Cli, site, monkeypatch) -> None:
    monkeypatch.setenv("FACTDESK_MAX_FILE_MB", "1")
    site.routes["/endless"] = Route(stream_forever=True)
    assert "larger than 1 MB (limit FACTDESK_MAX_FILE_MB)" in _refused(cli, site.url("/endless"))
    bomb = gzip.compress(b"<p>" + b"a" * (40 * 1024 * 1024) + b"</p>")
    assert len(bomb) < 100_000
    site.routes["/bomb"] = Route(bomb, headers={"Content-Encoding": "gzip"})
    assert "larger than 1 MB" in _refused(cli, site.url("/bomb"))
    small = pages.article_page(*pages.STRIKE)
    site.routes["/zipped"] = Route(gzip.compress(small), headers={"Content-Encoding": "gzip"})
    _, summary, err = _one(cli, site.url("/zipped"))
    assert summary["added"] == 1, err


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.parametrize(
    ("path", "route", "reason"),
    [
        ("/gone", None, "the server answered HTTP 404 Not Found"),
        ("/broken", Route(b"oops", status=500), "the server answered HTTP 500"),
        ("/login", Route(pages.LOGIN_PAGE), "no text found"),
        ("/logo", Route(b"\x89PNG\r\n\x1a\n" + b"\0" * 64, content_type="image/png"), "image/png"),
        ("/blank", Route(b"   \n"), "empty page"),
        ("/feed", Route(pages.rss([]), content_type="application/rss+xml"), "it is a feed"),
        ("/members/story", Route(pages.article_page(*pages.FLOOD)), "robots.txt does not allow"),
    ],
)
def test_each_failure_is_one_line(cli: Cli, site, path, route, reason) -> None:
    if route is not None:
        site.routes[path] = route
    line = _refused(cli, site.url(path))
    assert line.startswith(f"skipped {site.url(path)}: ") and reason in line


def test_unreachable_and_unresolvable_hosts(cli: Cli, site) -> None:
    port = _closed_port()
    assert "could not connect to 127.0.0.1" in _refused(cli, f"http://127.0.0.1:{port}/x")
    assert "DNS lookup failed" in _refused(cli, "http://no-such-host.invalid/story")
    assert "only http and https" in _refused(cli, "ftp://127.0.0.1/story")


def test_corpus_articles_served_over_http_read_as_from_files(cli: Cli, site, corpus: Path):
    for article in sorted(corpus.glob("*.txt")):
        site.routes[f"/wire/{article.stem}"] = Route(
            article.read_bytes(), content_type="text/plain; charset=utf-8"
        )
    urls = [site.url(f"/wire/{a.stem}") for a in sorted(corpus.glob("*.txt"))]
    code, summary, err = _one(cli, *urls)
    assert (code, summary["added"]) == (0, 5), err
    by_url = {d["path"]: d for d in cli.json("stats")["latest"]}
    first = by_url[urls[0]]
    assert first["title"] == "North Korean Troops in Kursk: A New Conflict Phase?"
    assert first["published"] == "2024-11-08"
    answer = cli.json("claim", "North Korea has sent 11,000 soldiers to Kursk")
    assert answer["results"][0]["document"]["path"] == urls[4]


@pytest.mark.parametrize(
    ("address", "private_ok", "why"),
    [
        ("8.8.8.8", False, None),
        ("2001:4860:4860::8888", False, None),
        ("127.0.0.1", False, "a loopback address"),
        ("::1", False, "a loopback address"),
        ("::ffff:127.0.0.1", False, "a loopback address"),
        ("10.1.2.3", False, "a private address"),
        ("192.168.0.10", False, "a private address"),
        ("fd12::1", False, "a private address"),
        ("169.254.10.1", False, "a link-local address"),
        ("100.64.0.1", False, "a non-public address"),
        ("0.0.0.0", False, "a private address"),
        ("240.0.0.1", False, "a private address"),
        ("224.0.0.251", True, "a multicast address"),
        ("169.254.169.254", True, "a cloud metadata address"),
        ("fd00:ec2::254", True, "a cloud metadata address"),
        ("10.1.2.3", True, None),
        ("127.0.0.1", True, None),
    ],
)
def test_address_rules(address: str, private_ok: bool, why: str | None) -> None:
    import ipaddress

    from handlers.netguard import refusal

    assert refusal(ipaddress.ip_address(address), private_ok) == why


def test_robots_txt_the_server_fails_to_give_allows_nothing(cli: Cli, site) -> None:
    site.routes["/robots.txt"] = Route(b"down", status=503, content_type="text/plain")
    site.routes["/flood"] = Route(pages.article_page(*pages.FLOOD))
    line = _refused(cli, site.url("/flood"))
    assert line.endswith(
        "the site's robots.txt could not be read (HTTP 503), so nothing is fetched"
    )
    assert site.hits("/flood") == 0


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("http://2130706433:9/x", "2130706433 is a loopback address (127.0.0.1)"),
        ("http://0x7f.1:9/", "0x7f.1 is a loopback address (127.0.0.1)"),
        ("http://[::ffff:127.0.0.1]:9/", "::ffff:127.0.0.1 is a loopback address"),
        ("http://0.0.0.0:9/", "0.0.0.0 is a private address"),
        ("http://169.254.169.254/latest/meta-data/", "169.254.169.254 is a cloud metadata address"),
    ],
)
def test_disguised_local_addresses_are_refused_after_resolution(url: str, why: str) -> None:
    from handlers.fetch import Fetcher, FetchError

    with Fetcher(private_ok=False) as fetcher, pytest.raises(FetchError) as refused:
        fetcher.get(url)
    assert str(refused.value).startswith(f"refused: {why}")


def test_an_https_server_with_a_certificate_nobody_signed_is_refused(
    cli: Cli, tmp_path, monkeypatch
):
    import shutil
    import subprocess

    if shutil.which("openssl") is None:
        pytest.skip("openssl is needed to make a self-signed certificate")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    make = ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"]
    make += ["-subj", "/CN=127.0.0.1", "-keyout", str(key), "-out", str(cert)]
    subprocess.run(make, check=True, capture_output=True)
    monkeypatch.setenv("FACTDESK_FETCH_ALLOW_PRIVATE", "1")
    with serving(tls=(str(cert), str(key))) as secure:
        secure.routes["/flood"] = Route(pages.article_page(*pages.FLOOD))
        line = _refused(cli, secure.url("/flood"))
    assert line.startswith(f"skipped https://127.0.0.1:{secure.port}/flood: could not connect")
    assert "CERTIFICATE_VERIFY_FAILED" in line
