"""Text and HTML files, and directories of them, as the documents of one cluster."""

from __future__ import annotations

from pathlib import Path

from ..errors import IngestError
from ..model import Document
from .decode import decode
from .html import extract_article

__all__ = ["DOCUMENT_SUFFIXES", "read_document_file", "read_document_bytes", "document_files"]

#: File name endings read as one article each, and the format they are read as.
DOCUMENT_SUFFIXES = {".txt": "text", ".text": "text", ".html": "html", ".htm": "html", ".xhtml": "html"}


def document_files(directory: Path) -> list[Path]:
    """The article files in ``directory`` (not its subdirectories), sorted by name."""
    files = sorted(p for p in directory.iterdir() if p.is_file() and p.suffix.lower() in DOCUMENT_SUFFIXES)
    if not files:
        raise IngestError(
            f"the directory has no {', '.join(DOCUMENT_SUFFIXES)} files; put one article per file in it",
            path=str(directory),
        )
    return files


def read_document_bytes(data: bytes, *, doc_id: str, fmt: str, path: str) -> Document:
    """One article from the bytes of a file (or of stdin) in a known format."""
    text, encoding = decode(data, path=path, html=fmt == "html")
    if fmt == "html":
        article = extract_article(text, path=path)
        return Document(
            text=article.text,
            id=doc_id,
            title=article.title,
            date=article.date,
            url=article.url,
            source=article.outlet,
            format="html",
            encoding=encoding,
            html=text,
        )
    if not text.strip():
        raise IngestError("the file is empty; give it the article's text (or remove it from the input)", path=path)
    return Document(text=text, id=doc_id, format="text", encoding=encoding)


def read_document_file(path: Path) -> Document:
    """One article from a .txt or .html file; its id is the file name without extension."""
    fmt = DOCUMENT_SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        raise IngestError(
            f"unknown file type '{path.suffix}'; newsum reads {', '.join(DOCUMENT_SUFFIXES)} files as articles "
            "and .jsonl files as clusters",
            path=str(path),
        )
    try:
        data = path.read_bytes()
    except OSError as error:
        raise IngestError(f"cannot read the file: {error.strerror}", path=str(path)) from None
    return read_document_bytes(data, doc_id=path.stem, fmt=fmt, path=str(path))

