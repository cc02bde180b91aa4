"""handlers.readers on real files: the shared corpus, and fixtures written to tmp_path."""

import io
import os
import random
import zipfile
from datetime import UTC, date, datetime
from pathlib import Path

import docx
import pypdf
import pytest
from fpdf import FPDF

from handlers.readers import SUPPORTED_SUFFIXES, UnreadableFile, read_bytes, read_document

PARAGRAPHS = [
    "The mayor announced on Tuesday that the city budget would be cut by 12 percent next year, "
    "citing falling tax revenue and rising costs for the transit system in three districts.",
    "Council members said the cuts would fall hardest on libraries and parks, which face "
    "closures in the north of the city.",
    '"We have no choice," the mayor told reporters at city hall after the vote.',
]


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


def unreadable(path: Path, **kwargs: int) -> str:
    with pytest.raises(UnreadableFile) as caught:
        read_document(path, **kwargs)
    return str(caught.value)


def corpus_file(corpus: Path, prefix: str) -> Path:
    found = sorted(corpus.glob(f"{prefix}_*"))
    if not found:
        pytest.skip(f"corpus file {prefix}_* not found in {corpus}")
    return found[0]


# --- acceptance on the shared corpus ----------------------------------------------------------


def test_corpus_headline_title_and_published_line(corpus: Path) -> None:
    doc = read_document(corpus_file(corpus, "000"))
    assert doc.title == "North Korean Troops in Kursk: A New Conflict Phase?"
    assert doc.published == date(2024, 11, 8)
    assert "Published" not in doc.text
    assert not doc.text.startswith("North Korean Troops in Kursk")
    assert doc.text.startswith("The involvement of North Korean troops")  # the dek stays
    assert doc.kind == "txt"


def test_corpus_bare_name_author_and_glued_reading_time(corpus: Path) -> None:
    doc = read_document(corpus_file(corpus, "004"))
    assert doc.title.startswith("The Rising Threat")
    assert doc.author == "Sam Saad"
    assert doc.published == date(2024, 11, 10)
    assert "Sam Saad" not in doc.text.split("\n")
    assert "min read" not in doc.text
    assert "Introduction: A New Complication in the Ukraine Crisis" in doc.text.split("\n")


def test_corpus_long_opening_paragraph_is_not_the_title(corpus: Path) -> None:
    path = corpus_file(corpus, "001")
    doc = read_document(path)
    first_paragraph = path.read_text(encoding="utf-8").split("\n")[0]
    assert len(doc.title) <= 100
    assert doc.title.endswith("…")
    assert first_paragraph.startswith(doc.title.rstrip("…"))
    assert doc.text.startswith(first_paragraph)  # a sentence title stays in the body
    assert doc.published is None  # dates inside paragraphs are not a dateline


# --- plain-text header heuristics ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "published", "author"),
    [
        ("Published: Nov 8, 2024", date(2024, 11, 8), None),
        ("Updated 2024-11-08", date(2024, 11, 8), None),
        ("11/10/2024", date(2024, 11, 10), None),
        ("11/10/20244 min read", date(2024, 11, 10), None),
        ("Friday, 8 November 2024 at 10:30 GMT", date(2024, 11, 8), None),
        ("By Jane Doe", None, "Jane Doe"),
        ("By Jane Doe and John Roe", None, "Jane Doe and John Roe"),
        ("BY JANE DOE AND JOHN ROE", None, "Jane Doe and John Roe"),
        ("By Jane Doe, Staff Writer", None, "Jane Doe"),
        ("By Jane Doe | Nov. 8, 2024", date(2024, 11, 8), "Jane Doe"),
        ("Updated Nov 9, 2024\nPublished Nov 8, 2024", date(2024, 11, 8), None),
        ("Jane Doe\nNovember 8, 2024", date(2024, 11, 8), "Jane Doe"),
    ],
)
def test_header_lines(tmp_path: Path, header: str, published: date, author: str) -> None:
    body = "\n".join(PARAGRAPHS)
    doc = read_document(write(tmp_path, "story.txt", f"Mayor cuts budget\n{header}\n{body}\n"))
    assert (doc.title, doc.published, doc.author) == ("Mayor cuts budget", published, author)
    assert doc.text == body


def test_sentences_that_look_like_metadata_stay_in_the_body(tmp_path: Path) -> None:
    text = "Budget vote\nBy the time the vote came, the council was split.\nOn 11/10/2024 it met."
    doc = read_document(write(tmp_path, "vote.txt", text))
    assert (doc.author, doc.published) == (None, None)
    assert doc.text.split("\n") == text.split("\n")[1:]


def test_markdown_heading_is_the_title_and_marks_are_stripped(tmp_path: Path) -> None:
    text = "# Mayor cuts budget\n\n*By Jane Doe*\n\nThe **mayor** cut the [budget](http://x.example).\n"
    doc = read_document(write(tmp_path, "story.md", text))
    assert (doc.title, doc.author, doc.kind) == ("Mayor cuts budget", "Jane Doe", "md")
    assert doc.text == "The mayor cut the budget."


def test_one_line_note_keeps_its_text(tmp_path: Path) -> None:
    doc = read_document(write(tmp_path, "note.txt", "Call the mayor's office back\r\n"))
    assert (doc.title, doc.text) == ("Call the mayor's office back", "Call the mayor's office back")


# --- decoding ----------------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_with_bom(tmp_path: Path, encoding: str) -> None:
    bom = b"\xff\xfe" if encoding.endswith("le") else b"\xfe\xff"
    text = "Budget café\r\nThe mayor’s budget was cut.\r\n"
    doc = read_document(write(tmp_path, "u16.txt", bom + text.encode(encoding)))
    assert (doc.title, doc.text) == ("Budget café", "The mayor’s budget was cut.")


def test_utf8_bom_is_not_part_of_the_title(tmp_path: Path) -> None:
    doc = read_document(write(tmp_path, "bom.txt", "\ufeffBudget\nThe mayor spoke.".encode()))
    assert doc.title == "Budget"


def test_latin1_file_falls_back_to_cp1252(tmp_path: Path) -> None:
    text = "Café owners protest\nThe café owners in Zürich said the rent rose by 20 percent.\n"
    doc = read_document(write(tmp_path, "old.txt", text.encode("cp1252")))
    assert doc.title == "Café owners protest"
    assert "Zürich" in doc.text


def test_undecodable_bytes_are_not_text(tmp_path: Path) -> None:
    assert unreadable(write(tmp_path, "odd.txt", bytes(range(0x80, 0x100)) * 4)) == (
        "not valid UTF-8 text"
    )


def test_binary_disguised_as_text(tmp_path: Path) -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(random.Random(1).randbytes(500))
    assert unreadable(write(tmp_path, "photo.txt", png)) == "binary file, not text"


@pytest.mark.parametrize("data", [b"", b"  \n\t\r\n", b"\xef\xbb\xbf", b"\xff\xfe \x00\n\x00"])
def test_empty_file(tmp_path: Path, data: bytes) -> None:
    assert unreadable(write(tmp_path, "empty.txt", data)) == "empty file"


def test_oversized_file_is_refused_on_path_and_bytes(tmp_path: Path) -> None:
    path = write(tmp_path, "big.txt", "Budget\n" + "The mayor spoke. " * 100)
    message = unreadable(path, max_bytes=1000)
    assert message == "larger than 1000 bytes (limit FACTDESK_MAX_FILE_MB)"
    with pytest.raises(UnreadableFile, match="larger than 1 KB"):
        read_bytes(path.read_bytes(), "big.txt", max_bytes=1024)


# --- HTML ----------------------------------------------------------------------------------------

ARTICLE_HTML = """<!doctype html><html><head>
<title>Mayor cuts budget | The Gazette</title>
<meta name="author" content="Jane Doe">
<meta property="article:published_time" content="2024-03-05T10:00:00Z">
<meta property="og:site_name" content="The Gazette">
<link rel="canonical" href="https://gazette.example/2024/mayor-cuts-budget">
<script>var tracking = 1;</script>
</head><body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>Mayor cuts budget</h1>{paragraphs}</article>
<footer>© The Gazette</footer></body></html>"""


def test_html_article_with_metadata(tmp_path: Path) -> None:
    html = ARTICLE_HTML.format(paragraphs="".join(f"<p>{p}</p>" for p in PARAGRAPHS))
    doc = read_document(write(tmp_path, "mayor.html", html))
    assert (doc.title, doc.author, doc.published) == (
        "Mayor cuts budget",
        "Jane Doe",
        date(2024, 3, 5),
    )
    assert (doc.source, doc.url) == (
        "The Gazette",
        "https://gazette.example/2024/mayor-cuts-budget",
    )
    assert doc.text == "\n".join(PARAGRAPHS)
    assert doc.kind == "html"


@pytest.mark.parametrize(
    "html",
    [
        "<html><head><script>var a = 1;</script></head><body><script>go()</script></body></html>",
        "<html><head><title>Only a title</title></head><body></body></html>",
    ],
)
def test_html_without_article_text(tmp_path: Path, html: str) -> None:
    message = unreadable(write(tmp_path, "page.htm", html))
    assert message == "no text found (HTML page has no article text)"


# --- PDF -----------------------------------------------------------------------------------------


def make_pdf(lines: list[str], title: str | None = None, author: str | None = None) -> bytes:
    pdf = FPDF()
    if title:
        pdf.set_title(title)
    if author:
        pdf.set_author(author)
    pdf.set_creation_date(datetime(2024, 3, 1, tzinfo=UTC))
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    for line in lines:
        pdf.multi_cell(0, 8, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def test_pdf_text_and_metadata(tmp_path: Path) -> None:
    data = make_pdf(
        ["Mayor cuts budget", *PARAGRAPHS], title="Mayor cuts budget", author="Jane Doe"
    )
    doc = read_document(write(tmp_path, "report.pdf", data))
    assert (doc.title, doc.author, doc.kind) == ("Mayor cuts budget", "Jane Doe", "pdf")
    assert doc.published == date(2024, 3, 1)  # /CreationDate, no date printed in the text
    assert doc.text == "\n".join(PARAGRAPHS)  # wrapped lines joined back into paragraphs


def test_pdf_without_metadata_uses_the_text_header(tmp_path: Path) -> None:
    data = make_pdf(["Mayor cuts budget", "Published March 5, 2024", *PARAGRAPHS])
    doc = read_document(write(tmp_path, "scan-of-page.pdf", data))
    assert (doc.title, doc.published) == ("Mayor cuts budget", date(2024, 3, 5))
    assert doc.text == "\n".join(PARAGRAPHS)


def test_pdf_without_text_layer(tmp_path: Path) -> None:
    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 100, 60, style="F")
    message = unreadable(write(tmp_path, "scan.pdf", bytes(pdf.output())))
    assert message == "PDF has no text layer (scanned?)"


def test_garbage_pdf(tmp_path: Path) -> None:
    message = unreadable(write(tmp_path, "broken.pdf", b"%PDF-1.7\n" + b"garbage " * 50))
    assert message.startswith("PDF could not be parsed: ")


def test_password_protected_pdf(tmp_path: Path) -> None:
    writer = pypdf.PdfWriter(clone_from=io.BytesIO(make_pdf(PARAGRAPHS)))
    writer.encrypt(user_password="secret", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    message = unreadable(write(tmp_path, "locked.pdf", out.getvalue()))
    assert message == "PDF could not be parsed: it is protected by a password"


# --- DOCX ----------------------------------------------------------------------------------------


def make_docx(path: Path, title: str = "", heading: str | None = None) -> Path:
    document = docx.Document()
    document.core_properties.title = title
    document.core_properties.author = "Jane Doe"
    document.core_properties.created = datetime(2024, 3, 5, 9, 0)
    if heading:
        document.add_paragraph(heading, style="Title")
    for paragraph in PARAGRAPHS:
        document.add_paragraph(paragraph)
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "Libraries", "-12%"
    document.save(path)
    return path


def test_docx_properties_and_paragraphs(tmp_path: Path) -> None:
    doc = read_document(make_docx(tmp_path / "memo.docx", title="Mayor cuts budget"))
    assert (doc.title, doc.author, doc.published) == (
        "Mayor cuts budget",
        "Jane Doe",
        date(2024, 3, 5),
    )
    assert doc.text == "\n".join([*PARAGRAPHS, "Libraries | -12%"])
    assert doc.kind == "docx"


def test_docx_title_style_when_properties_have_none(tmp_path: Path) -> None:
    doc = read_document(make_docx(tmp_path / "memo.docx", heading="Budget memo"))
    assert doc.title == "Budget memo"
    assert doc.text.startswith(PARAGRAPHS[0])


def test_docx_that_is_not_a_zip(tmp_path: Path) -> None:
    message = unreadable(write(tmp_path, "fake.docx", "just some text, renamed"))
    assert message == "not a valid .docx (not a zip archive)"


def test_zip_that_is_not_a_word_document(tmp_path: Path) -> None:
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("notes.txt", "hello")
    message = unreadable(write(tmp_path, "archive.docx", archive.getvalue()))
    assert message == "not a valid .docx (damaged or not a Word document)"


# --- paths, suffixes, bytes -------------------------------------------------------------------


def test_missing_path(tmp_path: Path) -> None:
    assert unreadable(tmp_path / "gone.txt") == "file not found"


def test_directory_with_a_supported_suffix(tmp_path: Path) -> None:
    (tmp_path / "folder.txt").mkdir()
    assert unreadable(tmp_path / "folder.txt") == "is a directory, not a file"


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads any file")
def test_permission_denied(tmp_path: Path) -> None:
    path = write(tmp_path, "secret.txt", "Budget\nThe mayor spoke.")
    path.chmod(0)
    assert unreadable(path) == "permission denied"


def test_unsupported_suffix(tmp_path: Path) -> None:
    message = unreadable(write(tmp_path, "sheet.xyz", "a,b"))
    assert message.startswith("unsupported file type .xyz (supported: .docx, .htm, .html")
    with pytest.raises(UnreadableFile, match=r"unsupported file type \(no extension\)"):
        read_bytes(b"text", "README")


def test_read_bytes_matches_read_document(tmp_path: Path) -> None:
    path = make_docx(tmp_path / "Budget_memo.docx")
    from_bytes = read_bytes(path.read_bytes(), "Budget_memo.docx")
    assert from_bytes == read_document(path)
    assert len(from_bytes.title) <= 100  # no title property or style: the first sentence
    assert PARAGRAPHS[0].startswith(from_bytes.title.removesuffix("…"))


def test_read_bytes_falls_back_to_the_file_name_for_a_title(tmp_path: Path) -> None:
    doc = read_bytes(b"12,400\n13,900", "budget_figures-2024.txt")
    assert doc.title == "Budget figures 2024"


@pytest.mark.parametrize("suffix", sorted(SUPPORTED_SUFFIXES))
def test_random_bytes_raise_only_unreadable_file(suffix: str) -> None:
    noise = random.Random(suffix).randbytes(4000)
    with pytest.raises(UnreadableFile):
        read_bytes(noise, f"noise{suffix}")
