"""Bytes to text: detect binary files and encodings, and say which one was used."""

from __future__ import annotations

import codecs
import re

from ..errors import IngestError

__all__ = ["decode", "check_not_binary"]

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

_MAGIC = (
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or a .docx/.xlsx file)"),
    (b"\x1f\x8b", "a gzip-compressed file"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office document"),
    (b"\x7fELF", "an executable"),
    (b"SQLite format 3", "an SQLite database"),
)

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)

# charset-normalizer's "chaos" (share of odd characters after decoding) above which a guess is
# refused: 0.2 lets through real Latin-1 and Windows-1252 news pages (measured ~0.0-0.05) and
# stops random bytes (measured > 0.3).
_MAX_CHAOS = 0.2
_PREFERRED = ("cp1252", "latin_1", "iso8859_15")


def check_not_binary(head: bytes, *, path: str) -> None:
    """Raise if the first bytes of a file show it is not text."""
    for magic, what in _MAGIC:
        if head.startswith(magic):
            raise IngestError(f"this is {what}, not text; newsum reads .txt, .html and cluster .jsonl files", path=path)
    if any(head.startswith(bom) for bom, _ in _BOMS):
        return
    if b"\x00" in head[:8192]:
        raise IngestError(
            "this looks like a binary file (it contains NUL bytes); newsum reads .txt, .html and "
            "cluster .jsonl text files",
            path=path,
        )


def decode(data: bytes, *, path: str, html: bool = False) -> tuple[str, str]:
    """The text of ``data`` and the encoding it was read with.

    Order: a byte-order mark; UTF-8; for HTML, the charset its <meta> declares; then
    charset-normalizer's best guess if it reads cleanly. Anything else is an error that says
    how to convert the file.
    """
    if not data.strip():
        raise IngestError("the file is empty; give it the article's text (or remove it from the input)", path=path)
    check_not_binary(data[:8192], path=path)
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as error:
                raise IngestError(f"starts with a {encoding} byte-order mark but is not valid {encoding}: {error.reason}", path=path) from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as error:
        utf8_error = error
    if html:
        match = _META_CHARSET.search(data[:4096])
        if match:
            declared = match.group(1).decode("ascii", "replace").lower()
            try:
                return data.decode(declared), declared
            except (LookupError, UnicodeDecodeError):
                pass
    from charset_normalizer import from_bytes

    matches = from_bytes(data)
    best = matches.best()
    if best is not None and best.chaos <= _MAX_CHAOS:
        # Short texts often fit several single-byte code pages equally well (French "très"
        # reads as Czech "trčs" in cp1250). Among equally good readings prefer the ones the
        # web actually uses: Windows-1252 (which HTML5 substitutes for Latin-1), then Latin-1.
        tied = [m for m in matches if m.chaos <= best.chaos + 0.01 and m.coherence >= best.coherence - 0.02]
        for preferred in _PREFERRED:
            for match in tied:
                if match.encoding == preferred:
                    return str(match), match.encoding
        return str(best), best.encoding
    raise IngestError(
        f"cannot decode the file: it is not UTF-8 (invalid byte 0x{data[utf8_error.start]:02x} at offset "
        f"{utf8_error.start}) and no other encoding reads it cleanly; convert it to UTF-8, e.g. "
        f"iconv -f windows-1252 -t utf-8 FILE > FILE.utf8.txt",
        path=path,
    )
