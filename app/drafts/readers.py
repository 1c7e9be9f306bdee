"""Reading a report: pasted text, or an uploaded .txt, .html, .docx or PDF with a text layer.
Each file is checked to be what its name says; a .docx is opened only within size limits (a
zip bomb is refused before it is inflated); a scanned PDF without text is refused."""

from __future__ import annotations

import io
import re
import zipfile
from xml.etree import ElementTree

from flask_babel import lazy_gettext as _l

MAX_TEXT_CHARS = 60_000  # about 10,000 words: the longest report Hiwar drafts from
MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_DOCX_INFLATED = 20 * 1024 * 1024
MAX_DOCX_RATIO = 100
MAX_PDF_PAGES = 100
EXTENSIONS = ("txt", "html", "htm", "docx", "pdf")


class ReportError(ValueError):
    """A report that cannot be read; the message is for the user, in their language."""

    def __init__(self, message) -> None:
        super().__init__(str(message))
        self.message = message


def check_text(text: str) -> str:
    text = (text or "").replace("\x00", "").replace("\r\n", "\n").strip()
    if not text:
        raise ReportError(_l("The report is empty: paste its text or choose a file."))
    if len(text) > MAX_TEXT_CHARS:
        raise ReportError(
            _l(
                "The report is too long: %(count)d characters, at most %(limit)d.",
                count=len(text),
                limit=MAX_TEXT_CHARS,
            )
        )
    return text


def read_upload(filename: str, data: bytes) -> str:
    """The text of an uploaded report, or ReportError."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if extension not in EXTENSIONS:
        raise ReportError(_l("Choose a .txt, .html, .docx or .pdf file."))
    if len(data) > MAX_FILE_BYTES:
        raise ReportError(_l("The file is larger than 5 MB."))
    if not data.strip():
        raise ReportError(_l("The file is empty."))
    reader = {
        "txt": _text_file,
        "html": html_bytes,
        "htm": html_bytes,
        "docx": docx_text,
        "pdf": pdf_text,
    }[extension]
    return check_text(reader(data))


def _binary_kind(data: bytes) -> str | None:
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return "zip"
    if data[:8] in (b"\x89PNG\r\n\x1a\n",) or data[:3] == b"\xff\xd8\xff":
        return "image"
    if b"\x00" in data[:4096]:
        return "binary"
    return None


def _decode(data: bytes, kind: str) -> str:
    if _binary_kind(data):
        raise ReportError(
            _l("This file is not what its name says (a %(kind)s file was expected).", kind=kind)
        )
    for encoding in ("utf-8-sig", "cp1256"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ReportError(
        _l("The file's text could not be read; save it as UTF-8.")
    )  # pragma: no cover


def _text_file(data: bytes) -> str:
    return _decode(data, "text")


def html_bytes(data: bytes) -> str:
    markup = _decode(data, "HTML")
    if not re.search(r"<\s*(html|body|p|div|article|h1|head)\b", markup, re.I):
        raise ReportError(
            _l("This file is not what its name says (a %(kind)s file was expected).", kind="HTML")
        )
    return html_text(markup)


def html_text(markup: str | bytes) -> str:
    """The main text of a saved web page (trafilatura: no menus, no scripts), title first."""
    import trafilatura

    if isinstance(markup, bytes):
        markup = markup.decode("utf-8", errors="replace")
    body = trafilatura.extract(
        markup, include_comments=False, include_tables=True, favor_recall=True, deduplicate=True
    )
    if not body:
        raise ReportError(_l("No report text was found in this web page."))
    metadata = trafilatura.extract_metadata(markup)
    title = (metadata.title or "").strip() if metadata else ""
    title = re.split(r"\s+[|–-]\s+", title)[0] if title else ""
    if title and not body.startswith(title):
        body = f"{title}\n\n{body}"
    return body


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def docx_text(data: bytes) -> str:
    if not data.startswith(b"PK\x03\x04"):
        raise ReportError(
            _l(
                "This file is not what its name says (a %(kind)s file was expected).",
                kind="Word (.docx)",
            )
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError) as error:
        raise ReportError(_l("The Word file is damaged and cannot be read.")) from error
    names = {info.filename for info in infos}
    if "word/document.xml" not in names:
        raise ReportError(
            _l(
                "This file is not what its name says (a %(kind)s file was expected).",
                kind="Word (.docx)",
            )
        )
    inflated = sum(info.file_size for info in infos)
    ratios = [info.file_size / max(info.compress_size, 1) for info in infos]
    if len(infos) > 2000 or inflated > MAX_DOCX_INFLATED or max(ratios, default=0) > MAX_DOCX_RATIO:
        raise ReportError(
            _l("This Word file expands to far more than its size: it was not opened.")
        )
    info = archive.getinfo("word/document.xml")
    with archive.open(info) as handle:
        xml = handle.read(MAX_DOCX_INFLATED + 1)
    if len(xml) > MAX_DOCX_INFLATED or b"<!DOCTYPE" in xml[:2048] or b"<!ENTITY" in xml:
        raise ReportError(
            _l("This Word file expands to far more than its size: it was not opened.")
        )
    try:
        root = ElementTree.fromstring(xml)  # noqa: S314 - no DTD (refused above), no entities
    except ElementTree.ParseError as error:
        raise ReportError(_l("The Word file is damaged and cannot be read.")) from error
    lines = []
    for paragraph in root.iter(f"{_W}p"):
        parts = []
        for node in paragraph.iter():
            if node.tag == f"{_W}t" and node.text:
                parts.append(node.text)
            elif node.tag == f"{_W}tab":
                parts.append("\t")
            elif node.tag == f"{_W}br":
                parts.append("\n")
        line = "".join(parts).strip()
        if line and paragraph.find(f"{_W}pPr/{_W}numPr") is not None:
            line = f"- {line}"
        lines.append(line)
    return "\n".join(lines)


def pdf_text(data: bytes) -> str:
    if not data.startswith(b"%PDF-"):
        raise ReportError(
            _l("This file is not what its name says (a %(kind)s file was expected).", kind="PDF")
        )
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise ReportError(_l("This PDF is protected by a password; save an unprotected copy."))
        if len(reader.pages) > MAX_PDF_PAGES:
            raise ReportError(_l("This PDF has more than %(count)d pages.", count=MAX_PDF_PAGES))
        text = "\n".join((page.extract_text() or "") for page in reader.pages)
    except ReportError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, OSError) as error:
        raise ReportError(_l("The PDF is damaged and cannot be read.")) from error
    if len(re.sub(r"\s", "", text)) < 20:
        raise ReportError(
            _l("This PDF has no text layer (a scan?): paste the report's text instead.")
        )
    return text
