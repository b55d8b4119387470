"""Near-duplicate articles: the same wire story republished with small edits, counted once as a source.

Each article's text is shingled (four-word windows of its folded words) into a MinHash signature
(``datasketch``, 128 permutations, a fixed seed, so a signature is the same on every machine); its
LSH band hashes (bands sized by ``datasketch.MinHashLSH`` for ``CANDIDATE``, well below
``THRESHOLD``, so that LSH misses almost no pair near the threshold) are rows of ``article_bands``:
candidates come from an index lookup, never from comparing all pairs. A candidate whose estimated
Jaccard similarity is at least ``THRESHOLD`` is a copy (a changed headline, byline or sentence
keeps a wire story of a few paragraphs above it; two reports written apart share far fewer shingles). A group of copies
has one original: its earliest published article (then the smallest id), whatever the order they
were stored in. Copies stay stored and retrievable as articles of their own; ``article_copies`` links
each to its original, and a canonical event counts an outlet that only republished a story as the
original's outlet (``polemos.store.canonical``).
"""
from __future__ import annotations

import hashlib
import re
from functools import lru_cache

import sqlalchemy as sa
from datasketch import MinHash, MinHashLSH

from polemos.store import schema
from polemos.store import schema_merge as sm
from polemos.store.locks import lock_keys
from polemos.text import fold

THRESHOLD = 0.7
CANDIDATE = 0.5
PERMUTATIONS = 128
SEED = 14
SHINGLE = 4
_WORD = re.compile(r"\w+")


@lru_cache(maxsize=1)
def bands() -> tuple[int, int]:
    """(bands, rows per band) that datasketch picks for CANDIDATE at PERMUTATIONS."""
    lsh = MinHashLSH(threshold=CANDIDATE, num_perm=PERMUTATIONS)
    return lsh.b, lsh.r


def signature(text: str) -> list[int]:
    words = _WORD.findall(fold(text).lower())
    minhash = MinHash(num_perm=PERMUTATIONS, seed=SEED)
    shingles = {" ".join(words[i:i + SHINGLE]) for i in range(max(1, len(words) - SHINGLE + 1))}
    minhash.update_batch([s.encode() for s in sorted(shingles)])
    return [int(v) for v in minhash.hashvalues]


def band_hashes(sig: list[int]) -> list[tuple[int, int]]:
    b, r = bands()
    out = []
    for band in range(b):
        chunk = ",".join(str(v) for v in sig[band * r:(band + 1) * r]).encode()
        out.append((band, int.from_bytes(hashlib.blake2b(chunk, digest_size=8).digest(), "big") >> 1))
    return out


def similarity(a: list[int], b: list[int]) -> float:
    """Estimated Jaccard similarity of two signatures."""
    return sum(x == y for x, y in zip(a, b)) / len(a) if a else 0.0


def link(conn: sa.Connection, article_id: str, text: str) -> set[str]:
    """File the article's signature and link its group of copies to one original; returns the
    articles whose original changed (their events' source counts must be recomputed)."""
    sig = signature(text)
    hashes = band_hashes(sig)
    lock_keys(conn, "bands", [f"{b}:{h}" for b, h in hashes])
    copies = _near(conn, article_id, sig, hashes)
    conn.execute(sm.article_minhash.insert().values(article_id=article_id, signature=sig))
    conn.execute(sm.article_bands.insert(), [{"band": b, "hash": h, "article_id": article_id} for b, h in hashes])
    if not copies:
        return set()
    group = _group(conn, {article_id, *copies})
    original = min(group, key=_order_keys(conn, group).__getitem__)
    return _point(conn, group, original)


def forget(conn: sa.Connection, article_id: str) -> None:
    """Remove the article's signature; copies that pointed to it keep their link until relinked."""
    conn.execute(sm.article_minhash.delete().where(sm.article_minhash.c.article_id == article_id))
    conn.execute(sm.article_bands.delete().where(sm.article_bands.c.article_id == article_id))
    conn.execute(sm.article_copies.delete().where(sm.article_copies.c.article_id == article_id))


def originals(conn: sa.Connection, article_ids: set[str]) -> dict[str, str]:
    """Article id → its original's id, for those of ``article_ids`` that are copies."""
    c = sm.article_copies
    if not article_ids:
        return {}
    rows = conn.execute(sa.select(c.c.article_id, c.c.original_id).where(c.c.article_id.in_(sorted(article_ids))))
    return {a: o for a, o in rows}


def copies_of(conn: sa.Connection, article_id: str) -> list[dict[str, object]]:
    """The stored copies of an article (or, for a copy, its original and the other copies)."""
    c = sm.article_copies
    original = originals(conn, {article_id}).get(article_id, article_id)
    rows = conn.execute(sa.select(c.c.article_id, c.c.similarity).where(c.c.original_id == original)
                        .order_by(c.c.article_id))
    return [{"article": original, "original": True}] + [{"article": a, "similarity": s, "original": False}
                                                         for a, s in rows]


def _near(conn: sa.Connection, article_id: str, sig: list[int], hashes: list[tuple[int, int]]) -> dict[str, float]:
    b = sm.article_bands
    match = sa.or_(*(sa.and_(b.c.band == band, b.c.hash == h) for band, h in hashes))
    candidates = {r[0] for r in conn.execute(sa.select(b.c.article_id).where(match).distinct())} - {article_id}
    if not candidates:
        return {}
    m = sm.article_minhash
    rows = conn.execute(sa.select(m.c.article_id, m.c.signature).where(m.c.article_id.in_(sorted(candidates))))
    scored = {aid: similarity(sig, other) for aid, other in rows}
    return {aid: s for aid, s in scored.items() if s >= THRESHOLD}


def _group(conn: sa.Connection, seeds: set[str]) -> set[str]:
    """The seeds, their originals, and every copy of those originals."""
    c = sm.article_copies
    group = set(seeds) | set(originals(conn, seeds).values())
    rows = conn.execute(sa.select(c.c.article_id).where(c.c.original_id.in_(sorted(group))))
    return group | {r[0] for r in rows}


def _order_keys(conn: sa.Connection, article_ids: set[str]) -> dict[str, tuple[str, str]]:
    """Article id → (published, id): the earliest published is the original, then the smallest id."""
    art = schema.articles
    published = dict(conn.execute(sa.select(art.c.id, art.c.published).where(art.c.id.in_(sorted(article_ids)))).all())
    return {aid: (published.get(aid) or "9999-99-99", aid) for aid in article_ids}


def _point(conn: sa.Connection, group: set[str], original: str) -> set[str]:
    c = sm.article_copies
    before = originals(conn, group)
    changed = set()
    for aid in sorted(group):
        target = None if aid == original else original
        if before.get(aid) == target:
            continue
        changed.add(aid)
        conn.execute(c.delete().where(c.c.article_id == aid))
        if target is not None:
            similar = _similarity(conn, aid, target)
            conn.execute(c.insert().values(article_id=aid, original_id=target, similarity=similar))
    return changed


def _similarity(conn: sa.Connection, a: str, b: str) -> float:
    m = sm.article_minhash
    rows = dict(conn.execute(sa.select(m.c.article_id, m.c.signature).where(m.c.article_id.in_([a, b]))).all())
    return round(similarity(rows[a], rows[b]), 4) if a in rows and b in rows else 0.0
