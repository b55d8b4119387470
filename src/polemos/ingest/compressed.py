"""Zstandard-compressed inputs (``name.jsonl.zst``), beside gzip (``polemos.ingest.decoding``).

Like gzip, a cut stream keeps what came before the cut and says so, and damage (a checksum that
does not match, data that does not decode) rejects the file whole, since it may lie anywhere
before the point it was noticed. Needs the ``zstandard`` package (a dependency of Polemos).
"""
from __future__ import annotations

from polemos.errors import EncodingError
from polemos.ingest.decoding import Unpacked

ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"
TRUNCATED = "zstd data ends early; the file is truncated — download it again"


def unzstd(label: str, data: bytes) -> Unpacked:
    """Every frame in turn (``zstd`` writes one per file, ``cat``-ed files hold several)."""
    import zstandard

    chunks: list[bytes] = []
    rest = data
    try:
        while rest:
            inflater = zstandard.ZstdDecompressor().decompressobj()
            chunks.append(inflater.decompress(rest))
            if not inflater.eof:
                return Unpacked(b"".join(chunks), EncodingError(label, TRUNCATED))
            rest = inflater.unused_data
    except zstandard.ZstdError as exc:
        reason = f"is damaged zstd data ({exc}); nothing in it was read — download it again"
        return Unpacked(b"", EncodingError(label, reason))
    return Unpacked(b"".join(chunks))
