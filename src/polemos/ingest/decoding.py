"""Bytes to text, before any reader parses: gzip unpacked, the encoding taken from the byte-order
mark (UTF-8 without one), line endings normalised. What cannot become text is an ``InputError``.
"""
from __future__ import annotations

import codecs
import zlib
from dataclasses import dataclass

from polemos.errors import EmptyInputError, EncodingError, InputError

GZIP_MAGIC = b"\x1f\x8b"
# UTF-32 first: its little-endian mark (FF FE 00 00) begins with UTF-16's (FF FE)
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"), (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"), (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
    (codecs.BOM_UTF8, "utf-8", "UTF-8"),
)
TRUNCATED = "gzip ends early; the file is truncated — download it again"


@dataclass(frozen=True)
class Unpacked:
    """The bytes of an input; ``broken`` says why they end early (what came before is kept)."""

    data: bytes
    broken: InputError | None = None


def unpack(label: str, data: bytes, *, gz_name: bool = False) -> Unpacked:
    """Gzip is recognised by its magic bytes, so ``.gz`` files and gzip piped to stdin both work."""
    if data.startswith(GZIP_MAGIC):
        return gunzip(label, data)
    if gz_name:  # refuse to guess what a ``.gz`` that is not gzip holds
        return Unpacked(b"", EncodingError(label, "is named .gz but is not gzip data; rename it or gzip it again"))
    return Unpacked(data)


def gunzip(label: str, data: bytes) -> Unpacked:
    """zlib rather than ``gzip.GzipFile``: it returns what it inflated before the data ends, so the
    lines before the cut of a truncated .jsonl.gz are kept. Concatenated members are read in turn."""
    chunks: list[bytes] = []
    rest = data
    try:
        while rest:
            inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)  # +16: a gzip header and trailer
            chunks.append(inflater.decompress(rest))
            if not inflater.eof:
                return Unpacked(b"".join(chunks), EncodingError(label, TRUNCATED))
            rest = inflater.unused_data.lstrip(b"\x00")  # zero padding after a member is allowed, as in gzip
    except zlib.error as exc:  # a bad header, bad deflate data or a checksum that does not match
        # unlike a cut, damage can lie anywhere before the point it was noticed: keep nothing
        reason = f"is damaged gzip ({exc}); nothing in it was read — download it again"
        return Unpacked(b"", EncodingError(label, reason))
    return Unpacked(b"".join(chunks))


def decode(label: str, data: bytes, *, complete: bool = True) -> str:
    """Text with the BOM removed and line endings normalised to ``\\n``. With ``complete=False``
    the data was cut short: a character split by the cut is dropped instead of rejected."""
    bom, encoding, name = next((b for b in BOMS if data.startswith(b[0])), (b"", "utf-8", "UTF-8"))
    if not bom and b"\x00" in data[:8192]:  # NUL bytes without a BOM: not text in any encoding we read
        raise EncodingError(label, "looks binary, not text; give a UTF-8 .txt, .html or .jsonl file")
    try:
        text = _decode_as(data[len(bom):], encoding, complete=complete)
    except UnicodeDecodeError as exc:
        raise _not_text(label, name, exc.start + len(bom)) from None
    if not text.strip():
        raise EmptyInputError(label, "is empty; give a file with article text")
    if bom and "\x00" in text[:8192]:
        raise EncodingError(label, "looks binary, not text; give a UTF-8 .txt, .html or .jsonl file")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _decode_as(data: bytes, encoding: str, *, complete: bool) -> str:
    if complete:
        return data.decode(encoding)
    return codecs.getincrementaldecoder(encoding)().decode(data, final=False)


def _not_text(label: str, encoding: str, offset: int) -> EncodingError:
    what, source = ("UTF-8", "") if encoding == "UTF-8" else (f"valid {encoding}", f"-f {encoding} ")
    return EncodingError(label, f"is not {what} (byte {offset}); convert it, e.g. `iconv {source}-t UTF-8`")
