"""Boilerplate: the lines of an article that are about the page or the release, not the news.

Release numbers ("2014-03-S-011", "Release No. 20240503-01"), "For Immediate Release", date and
"Posted:" lines, bylines and credit lines ("(Reporting by ...; Editing by ...)"), photo captions,
"Related:" lists, share and download prompts, contact and copyright lines, end marks ("###").
Each is found as a whole line (``textlines``: every kind of line break, odd spaces and zero-width
characters understood) and returned as a character range of the text as given; nothing is cut.
The assembler keeps events, figures, quotes, actors and places out of these ranges, and no date
in them dates an event. A table of (kind, pattern) pairs, so a new shape is one row.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from polemos.ingest.textlines import Line, lines
from polemos.ingest.written import find_written_dates

_I = re.IGNORECASE
_UI_WORDS = (r"share(?: this(?: article| story| page)?| on \w+| via \w+| story)?|tweet|e-?mail(?: this)?|print(?: this"
             r" (?:page|article|story))?|whatsapp|facebook|twitter|x|linkedin|reddit|telegram|pinterest|copy link"
             r"|save|bookmark|comments?|\d+ comments?|leave a comment|back to top|advertisement|ad|sponsored"
             r"|skip to (?:main )?content|listen(?: to this article)?|\d+ min(?:ute)?s? read|menu|search|home|close")
_UI_PART = re.compile(rf"(?:{_UI_WORDS})", _I)

# kind, pattern over the whole stripped line
LINE_PATTERNS: tuple[tuple[str, re.Pattern], ...] = (
    ("date", re.compile(
        r"(?:(?:first |last )?(?:posted|published|updated|modified|date|dated|issued|released|created|as of|reporting period"
        r"|period covered)\b\s*(?:on|at)?\s*[:\-–]?\s*)?(?:\(?\s*as of\s*)?.{0,40}", _I)),
    ("release-number", re.compile(
        r"(?:(?:news|press|media)\s+)?(?:release|rel\.|statement|communiqu[eé]|bulletin|advisory|report)?\s*"
        r"(?:no\.?|number|nr\.?|#|ref\.?)?\s*[:.]?\s*(?=(?:[^\d\s]*\d){2})[A-Z0-9][A-Z0-9./_-]{4,}", _I)),
    ("release-header", re.compile(
        r"(?:for immediate release|immediate release|for release\b.*|embargo(?:ed)?\b.*|(?:news|press|media) release"
        r"|media advisory|press (?:statement|briefing(?: notes?)?)|joint statement|statement|fact ?sheet|readout"
        r"|communiqu[eé]|(?:situation|flash|humanitarian|operational) (?:report|update|bulletin)(?:\s+no\.?\s*\d+)?"
        r"|sitrep(?:\s+no\.?\s*\d+)?|for official use only|unclassified|breaking(?: news)?)\W*", _I)),
    ("byline", re.compile(
        r"(?i:by|story by|written by|words by|text by|reported by)\s+(?!(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b"
        r"|(?:January|February|March|April|May|June|July|August|September|October|November|December|Christmas"
        r"|Easter|Sunset|Sunrise|Dawn|Noon|Midnight|Then|Now|Late|Early|Mid)\b)(?:[A-Z][\w.'’-]*\.?\s*){1,4}"
        r"(?:(?:,|and|&|\||—|-)\s*[^.!?]{0,60})?", 0)),
    ("credit", re.compile(
        r"\(?\s*(?:(?:additional )?reporting|writing|editing|compiled|produced|translated|research) by\b.*\)?"
        r"|.*\b(?:writers?|correspondents?|reporters?|contributors?) .{0,80}contributed(?: to)? (?:this|the) (?:report|story)\.?"
        r"|.*\bcontributed to this (?:report|story)\.?", _I)),
    ("caption", re.compile(
        r"(?:\[\s*)?(?:photo|photos|photograph|image|picture|caption|file photo|pictured|video)\s*(?:\d+\s*)?[:|\]—-].*"
        r"|.*\b(?:photos?|images?|pictures?|video) (?:by|courtesy of|courtesy|credit)\b.*"
        r"|.*\((?:[^()]*\b(?:photo|photograph|image)\b[^()]*)\)\W*", _I)),
    ("related", re.compile(
        r"(?:related(?: (?:stories|articles|content|coverage|news|links|reading|topics))?|read (?:more|also|next)"
        r"|see also|also read|more (?:on this(?: story)?|from \w+|stories)|recommended(?: for you)?|you may also like"
        r"|most (?:read|popular|viewed)|trending(?: now)?|latest(?: news| stories)?|top stories)\s*[:>»]?(?:\s.*)?", _I)),
    ("prompt", re.compile(
        r"(?:follow us\b|subscribe\b|sign up\b|click here\b|download\b|view (?:pdf|the full|full|original)\b"
        r"|watch(?: the)? video\b|get (?:the|our) (?:app|newsletter)\b|join (?:us|our)\b).{0,120}", _I)),
    ("end-mark", re.compile(r"#{3,}|-\s*30\s*-|-?\s*end\s*-?|ends?|\*{3,}|-{3,}|_{3,}|\+{3,}|x{3,}", _I)),
    ("contact", re.compile(
        r"(?:(?:media|press|public affairs)\s+)?contacts?\s*:.*|(?:tel|phone|fax|e-?mail|mobile)\s*[:.].*"
        r"|for (?:more|further) information\b.{0,160}|\S+@\S+\.\w+|\+?[\d() .-]{9,}", _I)),
    ("copyright", re.compile(r"(?:copyright|©|\(c\)).*|.*all rights reserved\.?", _I)),
    ("tags", re.compile(r"(?:tags|filed under|categories|category|topics|keywords|section)\s*:.*", _I)),
)
_LIST_LINE = re.compile(r"[^.!?]{3,140}[^.!?:]?")  # a headline in a "Related" list: short, no sentence end
_MAX_WORDS = 18  # a boilerplate line is short; prose that happens to start with "By" is not one
_LONG_KINDS = {"caption": 80, "credit": 60}  # a caption describes its picture at length


@dataclass(frozen=True, slots=True)
class Boilerplate:
    start: int
    end: int
    kind: str


def find_boilerplate(text: str) -> list[Boilerplate]:
    """Every boilerplate line of ``text``, in order, as ranges of the text as given."""
    found: list[Boilerplate] = []
    listing = False  # inside a "Related:" list: its short headline lines follow until a blank line
    for line in lines(text):
        body = line.clean.strip()
        if not body:
            listing = False
            continue
        kind = line_kind(body)
        continued = kind is None and listing and bool(_LIST_LINE.fullmatch(body))
        if continued:
            kind = "related"
        if kind is None:
            listing = False
            continue
        listing = continued or (kind == "related" and _opens_list(body))
        found.append(_range(line, kind))
    return found


def line_kind(body: str) -> str | None:
    """The kind of boilerplate a stripped line is, or None for a line of the story."""
    words = len(body.split())
    if words <= _MAX_WORDS and _ui_prompts(body):
        return "prompt"
    for kind, pattern in LINE_PATTERNS:
        if words > _LONG_KINDS.get(kind, _MAX_WORDS):
            continue
        if pattern.fullmatch(body) and (kind != "date" or _date_line(body)):
            return kind
    return None


def _ui_prompts(body: str) -> bool:
    """"Share | Tweet | Email", "Print", "12 comments": a row of page controls."""
    parts = [p.strip().rstrip(":") for p in re.split(r"[|•·/]|\s{2,}", body) if p.strip().rstrip(":")]
    return bool(parts) and all(_UI_PART.fullmatch(p) for p in parts)


def _date_line(body: str) -> bool:
    """A line that is a date (and a label or a time of day): "Posted: Mar 3, 2014 10:05 AM"."""
    dates = find_written_dates(body)
    if not dates:
        return False
    rest = body
    for d in reversed(dates):
        rest = rest[:d.start] + rest[d.end:]
    rest = re.sub(r"(?i)\b(?:posted|published|updated|last|first|modified|date|dated|issued|released|created|as of|on|at"
                  r"|reporting period|period covered|to|until|through|and|gmt|utc|[ecmp][sd]t|am|pm|a\.m\.|p\.m\.)\b", " ", rest)
    rest = re.sub(r"[\d:.,()\[\]|/–—-]", " ", rest)
    return not rest.strip()


def _opens_list(body: str) -> bool:
    return bool(re.fullmatch(r"(?i)[^:]{0,40}[:>»]?", body)) or body.endswith(":")


def _range(line: Line, kind: str) -> Boilerplate:
    lead = len(line.clean) - len(line.clean.lstrip())
    start, end = line.span(lead, len(line.clean.rstrip()))
    return Boilerplate(start, end, kind)
