"""Situation reports: what the store says about a country over a period, every sentence cited.

``build`` reads the store into a ``Situation`` (plain data); ``to_markdown`` and ``to_html``
render it. Citations are numbers into one source list (outlet, article title, url) in order of
first use, so each sentence can be checked against the article it came from.
"""
from polemos.report.build import Situation, build
from polemos.report.render import to_html, to_markdown

__all__ = ["Situation", "build", "to_html", "to_markdown"]
