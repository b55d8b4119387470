"""Render a Situation as Markdown or as a standalone HTML page (escaped, no script)."""
from __future__ import annotations

from html import escape
from urllib.parse import urlsplit

from polemos.report.build import Line, Situation
from polemos.report.svgmap import Point, event_map

MAP_FILE = "report-map.svg"  # written beside report.md by `polemos report`

_CSS = ("body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}"
        "h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:1.6rem;border-bottom:1px solid #ddd}"
        "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2rem .5rem;text-align:left}"
        "sup a{text-decoration:none}.meta{color:#666}.map{margin:0 0 1rem}.map svg{max-width:100%;height:auto}")


def _md_cites(line: Line) -> str:
    return "".join(f"[{n}]" for n in line.cites)


def _md_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("<", "&lt;").replace(">", "&gt;").replace("[", "\\[").replace("]", "\\]")


def link_target(url: str | None) -> str | None:
    """``url`` when it may become a link: http(s) with a host. Article URLs come from the feeds
    we read, so a ``javascript:``, ``data:`` or ``vbscript:`` one is written as text, never linked."""
    if not url:
        return None
    try:
        parts = urlsplit(url)
    except ValueError:  # e.g. an unclosed IPv6 bracket
        return None
    return url if parts.scheme.lower() in ("http", "https") and parts.netloc else None


def _md_source_url(url: str | None) -> str:
    """A Markdown autolink for a linkable URL; any other URL (or one whose spaces or angle brackets
    would end the autolink early) as escaped text."""
    if not url:
        return ""
    target = link_target(url)
    if target and not any(c in target for c in "<> \t\n"):
        return f" <{target}>"
    return f" {_md_escape(url)}"


def map_svg(s: Situation) -> str | None:
    """The report's map (SVG of the places over Natural Earth outlines), or None with no coordinates."""
    points = [Point(p.name, p.lat, p.lon, p.events) for p in s.places if p.lat is not None and p.lon is not None]
    return event_map(points, title=f"Places of events in {s.country_name}, {s.date_from} to {s.date_to}")


def to_markdown(s: Situation, *, map_file: str | None = MAP_FILE) -> str:
    """Markdown; ``map_file`` is where the caller writes ``map_svg(s)`` (None: no map line)."""
    out = [f"# Situation report: {s.country_name} ({s.country}), {s.date_from} to {s.date_to}", ""]
    if s.summary:
        out += [f"{_md_escape(s.summary.text)} {_md_cites(s.summary)}", ""]
    else:
        out += ["No events are stored for this country and period.", ""]
    for title, lines in (("Key events", s.events), ("Figures", s.figures), ("Key statements", s.statements)):
        out += [f"## {title}", ""]
        out += [f"- {_md_escape(line.text)} {_md_cites(line)}" for line in lines] or ["- None reported."]
        out.append("")
    out += ["## Places", ""]
    if map_file and map_svg(s):
        out += [f"![Map of the places of events]({map_file})", ""]
    if s.places:
        out += ["| Place | Region | Events | First | Last | Sources |", "|---|---|---|---|---|---|"]
        for p in s.places:
            cells = [_md_escape(p.name).replace("|", "\\|"), _md_escape(p.admin1).replace("|", "\\|"), str(p.events),
                     p.first, p.last, "".join(f"[{n}]" for n in p.cites)]
            out.append("| " + " | ".join(cells) + " |")
    else:
        out.append("No located events.")
    out += ["", "## Sources", ""]
    for src in s.sources:
        out.append(f"{src.number}. {_md_escape(src.outlet)}, “{_md_escape(src.title)}”"
                   f"{', ' + src.published if src.published else ''}.{_md_source_url(src.url)} "
                   f"(article {src.article})")
    out.append("")
    return "\n".join(out)


def _html_cites(line_cites: tuple[int, ...]) -> str:
    return "".join(f'<sup><a href="#src-{n}">[{n}]</a></sup>' for n in line_cites)


def to_html(s: Situation) -> str:
    title = f"Situation report: {s.country_name} ({s.country}), {s.date_from} to {s.date_to}"
    out = ["<!doctype html>", '<html lang="en"><head><meta charset="utf-8">', f"<title>{escape(title)}</title>",
           f"<style>{_CSS}</style></head><body>", f"<h1>{escape(title)}</h1>"]
    if s.summary:
        out.append(f"<p>{escape(s.summary.text)} {_html_cites(s.summary.cites)}</p>")
    else:
        out.append("<p>No events are stored for this country and period.</p>")
    for heading, lines in (("Key events", s.events), ("Figures", s.figures), ("Key statements", s.statements)):
        out.append(f"<h2>{heading}</h2><ul>")
        items = [f"<li>{escape(line.text)} {_html_cites(line.cites)}</li>" for line in lines]
        out += items or ["<li>None reported.</li>"]
        out.append("</ul>")
    out.append("<h2>Places</h2>")
    svg = map_svg(s)
    if svg:  # inline: the report stays one file, and its CSP allows no external image
        out.append(f'<figure class="map">{svg}</figure>')
    if s.places:
        out.append("<table><thead><tr><th>Place</th><th>Region</th><th>Events</th><th>First</th><th>Last</th>"
                   "<th>Sources</th></tr></thead><tbody>")
        for p in s.places:
            out.append(f"<tr><td>{escape(p.name)}</td><td>{escape(p.admin1)}</td><td>{p.events}</td>"
                       f"<td>{escape(p.first)}</td><td>{escape(p.last)}</td><td>{_html_cites(p.cites)}</td></tr>")
        out.append("</tbody></table>")
    else:
        out.append("<p>No located events.</p>")
    out.append("<h2>Sources</h2><ol>")
    for src in s.sources:
        target = link_target(src.url)
        link = (f' <a href="{escape(target)}" rel="noreferrer">{escape(target)}</a>' if target
                else f" {escape(src.url)}" if src.url else "")
        published = f", {escape(src.published)}" if src.published else ""
        out.append(f'<li id="src-{src.number}">{escape(src.outlet)}, “{escape(src.title)}”{published}.{link} '
                   f'<span class="meta">(article {escape(src.article)})</span></li>')
    out.append("</ol>")
    out.append('<p class="meta">Written by Polemos from stored article documents; every sentence cites the '
               "articles it rests on.</p></body></html>")
    return "\n".join(out) + "\n"
