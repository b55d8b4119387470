"""``polemos evaluate ecbplus``: merging reports of one incident across pages, and keeping look-alikes apart.

Gold: ``gold_dir/ecbplus/topics/<topic>/<topic>_<n>ecb[plus].xml`` — ECB+ (Cybulska & Vossen
2014; annotations CC BY 3.0, page texts their publishers'; evaluation only). Each topic holds two
look-alike incidents: the ``ecb`` pages report one, the ``ecbplus`` pages the other (a bank
bombing in one city and in another). A page's tokens are joined by spaces, sentences by a blank
line; an ``ecbplus`` page's sentence 0 is its address, kept as the URL (never as text), and a date
in that address (``/2013/may/03/``, ``20130504``) is its publication date. ECB pages carry none.

Prediction: every page is read by the pipeline and saved into a fresh store through
``Store.save`` — the same incremental merging as ``polemos ingest`` — in a fixed shuffled order.

- **Pages**: a page's main event is its document's first event (most salient first). Two pages
  are predicted to report one incident when their main events got the same canonical event;
  gold: the same topic and the same half (ecb / ecbplus). Pairwise precision and recall over
  all pairs of pages (a page with no event is in no predicted pair, and its gold pairs are misses).
- **Mentions** (cross-document event coreference): each extracted event is aligned to the gold
  action mention its trigger overlaps (in the sentences ECB+ selected for coreference,
  ``ECBplus_coreference_sentences.csv``); pairs of aligned mentions in different pages are
  predicted coreferent when they share a canonical event. Recall counts every gold cross-page
  pair of the selected sentences, so mentions the pipeline does not read as events are misses;
  *recall, both read as events* counts only the gold pairs whose two mentions were aligned to
  events: what merging itself missed.

No rule is written for these pages; one constant of merging, the story base (``merge.STORY_BASE``),
was chosen on the odd visible topics and checked on the even ones (docs/merging.md). The
held-out topics (8, 12, 19, 36, 41) are not here.
"""
from __future__ import annotations

import random
import re
import tempfile
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path
from xml.etree import ElementTree

from polemos.evaluate._gold import gold_path
from polemos.evaluate.metrics import Report, ScoreTable
from polemos.model import ArticleDocument, ArticleMeta
from polemos.text import MONTHS

NAME = "ecbplus"
SPLITS = ("all",)
DESCRIPTION = "cross-page merging of main events and event mentions vs ECB+ incidents (pairwise P/R/F1)"
ROOT = Path("ecbplus")
SEED = 14
_URL_DATE = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d\d)[/-](?P<m>\d\d?|[a-z]{3})[a-z]*[/-](?P<d>\d\d?)(?!\d)", re.I)
_URL_COMPACT = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d\d)(?P<m>[01]\d)(?P<d>[0-3]\d)(?!\d)")


@dataclass(frozen=True, slots=True)
class GoldMention:
    start: int  # character offsets into the page's text
    end: int
    instance: str  # the cross-document instance (or a page-local chain)


@dataclass(frozen=True, slots=True)
class Page:
    name: str  # "1_10ecbplus"
    topic: str
    incident: str  # "1/ecb" or "1/ecbplus"
    text: str
    url: str | None
    published: str | None
    mentions: tuple[GoldMention, ...]


def load(gold_dir: Path, *, split: str = "all", limit: int | None = None) -> list[Page]:
    """The visible pages in name order (``limit`` pages at most)."""
    root = gold_path(gold_dir, ROOT / "topics", name=NAME, split=split, splits=SPLITS)
    selected = _selected_sentences(Path(gold_dir) / ROOT / "ECBplus_coreference_sentences.csv")
    files = sorted(root.glob("*/*.xml"), key=lambda p: (int(p.parent.name), p.name))
    pages = [parse_page(path, selected.get(path.stem)) for path in files]
    return pages[:limit] if limit is not None else pages


def _selected_sentences(path: Path) -> dict[str, set[int]]:
    out: dict[str, set[int]] = defaultdict(set)
    if path.is_file():
        for line in path.read_text("utf-8").splitlines()[1:]:
            topic, file, sentence = (line.split(",") + ["", "", ""])[:3]
            if sentence.strip().isdigit():
                out[f"{topic}_{file}"].add(int(sentence))
    return out


def parse_page(path: Path, selected: set[int] | None = None) -> Page:
    """One ECB+ file: its text (sentences as paragraphs), address, date and action mentions."""
    root = ElementTree.parse(path).getroot()
    sentences: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for token in root.iter("token"):
        sentences[int(token.get("sentence", "0"))].append((token.get("t_id", ""), token.text or ""))
    plus = path.stem.endswith("ecbplus")
    url = " ".join(t for _, t in sentences.pop(0, [])) if plus else None
    url = url.replace(" ", "") if url else None
    offsets: dict[str, tuple[int, int]] = {}
    parts: list[str] = []
    at = 0
    for number in sorted(sentences):
        words = []
        for t_id, word in sentences[number]:
            start = at + sum(len(w) + 1 for w in words)
            offsets[t_id] = (start, start + len(word))
            words.append(word)
        line = " ".join(words)
        parts.append(line)
        at += len(line) + 2
    text = "\n\n".join(parts)
    keep = {t for n, toks in sentences.items() if selected is None or n in selected for t, _ in toks}
    topic = path.parent.name
    return Page(path.stem, topic, f"{topic}/{'ecbplus' if plus else 'ecb'}", text, url, url_date(url),
                tuple(_actions(root, offsets, keep, path.stem)))


def _actions(root: ElementTree.Element, offsets: dict[str, tuple[int, int]], keep: set[str],
             page: str) -> list[GoldMention]:
    markables = root.find("Markables")
    relations = root.find("Relations")
    if markables is None:
        return []
    instance_of: dict[str, str] = {}
    for markable in markables:
        if markable.get("instance_id"):
            instance_of[markable.get("m_id", "")] = markable.get("instance_id", "")
    chain: dict[str, str] = {}
    for relation in relations if relations is not None else ():
        target = next((t.get("m_id", "") for t in relation.iter("target")), "")
        instance = relation.get("note") or instance_of.get(target) or f"{page}:{relation.get('r_id')}"
        if relation.tag == "INTRA_DOC_COREF":
            instance = f"{page}:{instance}"
        for source in relation.iter("source"):
            chain[source.get("m_id", "")] = instance
    mentions = []
    for markable in markables:
        tokens = [t.get("t_id", "") for t in markable.iter("token_anchor")]
        if not markable.tag.startswith(("ACTION", "NEG")) or not tokens or not set(tokens) <= keep:
            continue
        spans = [offsets[t] for t in tokens if t in offsets]
        m_id = markable.get("m_id", "")
        if spans:
            mentions.append(GoldMention(min(s for s, _ in spans), max(e for _, e in spans),
                                        chain.get(m_id, f"{page}:m{m_id}")))
    return mentions


def url_date(url: str | None) -> str | None:
    """A publication date written in a page address, or None."""
    if not url:
        return None
    for pattern in (_URL_DATE, _URL_COMPACT):
        for match in pattern.finditer(url):
            month = match["m"].lower()
            month_number = MONTHS.get(month[:3].lower()) if month.isalpha() else int(month)
            day = int(match["d"])
            if month_number and 1 <= month_number <= 12 and 1 <= day <= 31:
                return f"{match['y']}-{month_number:02d}-{day:02d}"
    return None


def article(page: Page, *, pipeline: str = "") -> ArticleMeta:
    from polemos.ingest.normalize import content_id

    title = page.text.split("\n\n", 1)[0]
    return ArticleMeta(content_id(page.text), page.text, title, page.published, _outlet(page), page.url, "en",
                       pipeline, {"origin": f"ecbplus/{page.name}"})


def _outlet(page: Page) -> str:
    """The site of an address; a page without one is its own outlet."""
    if page.url:
        host = re.sub(r"^[a-z]+:/*", "", page.url).split("/", 1)[0]
        return host.removeprefix("www.")
    return f"ecb:{page.name}"


# --- scoring --------------------------------------------------------------------------------------

def run(pipeline: object, *, gold_dir: Path, split: str = "all", limit: int | None = None) -> Report:
    pages = load(gold_dir, split=split, limit=limit)
    articles = [article(p, pipeline=getattr(pipeline, "version", "")) for p in pages]
    documents = [d if isinstance(d, ArticleDocument) else None
                 for d in pipeline.analyse_many(articles, on_error="record")]  # type: ignore[attr-defined]
    return score(pages, documents, split=split)


def score(pages: Sequence[Page], documents: Sequence[ArticleDocument | None], *, split: str = "all") -> Report:
    """Save the documents into a fresh store and score the canonical events it made."""
    assigned = merge_documents(documents)
    page_table = ScoreTable(f"pages' main events by incident ({NAME}, split {split})")
    tp, fp, fn = pairwise([p.incident for p in pages], [_main(d, assigned) for d in documents])
    page_table.add_counts("page pairs", tp=tp, fp=fp, fn=fn)
    mention_table = ScoreTable(f"event mentions, cross-page coreference ({NAME}, split {split})")
    counts, gold_pairs = _mention_pairs(pages, documents, assigned)
    fn_aligned = counts.pop("fn_aligned")
    mention_table.add_counts("mention pairs", **counts)
    # merging alone: recall over the gold pairs whose two mentions were both read as events
    aligned_recall = counts["tp"] / (counts["tp"] + fn_aligned) if counts["tp"] + fn_aligned else 0.0
    p_p, p_r, p_f, _ = page_table.prf()
    m_p, m_r, m_f, _ = mention_table.prf()
    with_event = sum(1 for d in documents if d is not None and d.events)
    notes = [f"{with_event} of {len(pages)} pages have an event; {gold_pairs} gold cross-page mention pairs",
             "pages saved through Store.save in a fixed shuffled order (seed 14); held-out topics are not here"]
    figures = {"page pairwise precision": p_p, "page pairwise recall": p_r, "page pairwise F1": p_f,
               "mention pairwise precision": m_p, "mention pairwise recall": m_r, "mention pairwise F1": m_f,
               "mention pairwise recall, both read as events": aligned_recall}
    return Report(NAME, split, len(pages), [page_table, mention_table], figures, notes)


def merge_documents(documents: Sequence[ArticleDocument | None]) -> dict[str, str]:
    """Event id → canonical event id after saving every document into a fresh SQLite store."""
    import sqlalchemy as sa

    from polemos.store import Store, schema

    order = [d for d in documents if d is not None]
    random.Random(SEED).shuffle(order)
    with tempfile.TemporaryDirectory() as folder, Store.open(Path(folder) / "ecbplus.db") as store:
        for document in order:
            store.save(document)
        with store.engine.connect() as conn:
            rows = conn.execute(sa.select(schema.events.c.id, schema.events.c.canonical_id)).all()
    return {r.id: r.canonical_id for r in rows}


def _main(document: ArticleDocument | None, assigned: dict[str, str]) -> str | None:
    if document is None or not document.events:
        return None
    return assigned.get(document.events[0].id)


def pairwise(gold: Sequence[str], predicted: Sequence[str | None]) -> tuple[int, int, int]:
    """(tp, fp, fn) over all pairs: gold same label vs predicted same (non-None) cluster."""
    tp = fp = fn = 0
    for i, j in combinations(range(len(gold)), 2):
        same_gold = gold[i] == gold[j]
        same_pred = predicted[i] is not None and predicted[i] == predicted[j]
        tp += same_gold and same_pred
        fp += same_pred and not same_gold
        fn += same_gold and not same_pred
    return tp, fp, fn


def _mention_pairs(pages: Sequence[Page], documents: Sequence[ArticleDocument | None],
                   assigned: dict[str, str]) -> tuple[dict[str, int], int]:
    """Counts for cross-page mention pairs; recall over every gold cross-page pair."""
    aligned: list[tuple[int, str, str]] = []  # (page index, gold instance, canonical id)
    for index, (page, document) in enumerate(zip(pages, documents)):
        aligned += [(index, inst, cid) for inst, cid in _align(page, document, assigned)]
    tp = fp = fn_aligned = 0
    for (pa, ga, ca), (pb, gb, cb) in combinations(aligned, 2):
        if pa != pb and ca == cb:
            tp += ga == gb
            fp += ga != gb
        elif pa != pb and ga == gb:
            fn_aligned += 1
    gold_pairs = _gold_cross_pairs(pages)
    return {"tp": tp, "fp": fp, "fn": max(0, gold_pairs - tp), "fn_aligned": fn_aligned}, gold_pairs


def _align(page: Page, document: ArticleDocument | None, assigned: dict[str, str]) -> Iterable[tuple[str, str]]:
    """(gold instance, canonical id) for each event whose trigger overlaps a gold action mention."""
    if document is None:
        return
    used: set[GoldMention] = set()
    for event in document.events:
        span = event.trigger or event.evidence
        hits = [m for m in page.mentions if m not in used and m.start < span.end and span.start < m.end]
        if hits and event.id in assigned:
            best = min(hits, key=lambda m: (abs(m.start - span.start), m.start))
            used.add(best)
            yield best.instance, assigned[event.id]


def _gold_cross_pairs(pages: Sequence[Page]) -> int:
    """Pairs of gold mentions in different pages that share an instance."""
    per_instance: dict[str, Counter[int]] = defaultdict(Counter)
    for index, page in enumerate(pages):
        for mention in page.mentions:
            per_instance[mention.instance][index] += 1
    total = 0
    for counts in per_instance.values():
        n = sum(counts.values())
        total += (n * (n - 1) - sum(c * (c - 1) for c in counts.values())) // 2
    return total
