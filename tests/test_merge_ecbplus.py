"""The ECB+ evaluation's own parts, on a page written here (no gold data needed), and the whole
visible split when ``../shared/gold`` is present."""
from __future__ import annotations

import pytest

from polemos.evaluate import ecbplus
from polemos.model import ArticleDocument, ArticleMeta, Event, Span

PAGE = """<Document doc_name="99_1ecbplus.xml" doc_id="X">
<token t_id="1" sentence="0" number="0">http://www.example.org/2013/may/03/bank-blast</token>
<token t_id="2" sentence="1" number="0">A</token>
<token t_id="3" sentence="1" number="1">bomb</token>
<token t_id="4" sentence="1" number="2">exploded</token>
<token t_id="5" sentence="1" number="3">.</token>
<token t_id="6" sentence="2" number="0">Police</token>
<token t_id="7" sentence="2" number="1">said</token>
<token t_id="8" sentence="2" number="2">so</token>
<Markables>
<ACTION_OCCURRENCE m_id="1"><token_anchor t_id="4"/></ACTION_OCCURRENCE>
<ACTION_REPORTING m_id="2"><token_anchor t_id="7"/></ACTION_REPORTING>
<ACTION_OCCURRENCE m_id="9" instance_id="ACT1" TAG_DESCRIPTOR="blast"/>
</Markables>
<Relations>
<CROSS_DOC_COREF r_id="5" note="ACT1"><source m_id="1"/><target m_id="9"/></CROSS_DOC_COREF>
</Relations>
</Document>
"""


def test_a_page_is_read_with_its_address_date_and_action_mentions(tmp_path):
    path = tmp_path / "99" / "99_1ecbplus.xml"
    path.parent.mkdir()
    path.write_text(PAGE, "utf-8")
    page = ecbplus.parse_page(path, selected={1})
    assert page.text == "A bomb exploded .\n\nPolice said so"
    assert (page.url, page.published, page.incident) == ("http://www.example.org/2013/may/03/bank-blast",
                                                         "2013-05-03", "99/ecbplus")
    [mention] = page.mentions  # sentence 2 is not among the selected sentences
    assert page.text[mention.start:mention.end] == "exploded" and mention.instance == "ACT1"


@pytest.mark.parametrize("url, expected", [
    ("http://articles.latimes.com/2013/may/03/local/la-me-0504-lohan-rehab-20130504", "2013-05-03"),
    ("http://www.adn.com/2012/08/07/2576122/warehouse.html", "2012-08-07"),
    ("http://example.com/story-20130504.html", "2013-05-04"),
    ("http://joyofsox.blogspot.nl/2008/12/offer.html", None),  # a month is not a day
    ("http://www.bbc.co.uk/news/entertainment-arts-23570354", None),
    (None, None),
])
def test_url_date(url, expected):
    assert ecbplus.url_date(url) == expected


@pytest.mark.parametrize("gold, predicted, expected", [
    (["a", "a", "b"], ["x", "x", "y"], (1, 0, 0)),
    (["a", "a", "b"], ["x", "x", "x"], (1, 2, 0)),
    (["a", "a", "b"], [None, None, "y"], (0, 0, 1)),  # pages without an event are in no predicted pair
])
def test_pairwise(gold, predicted, expected):
    assert ecbplus.pairwise(gold, predicted) == expected


def _page_and_document(name: str, instance: str) -> tuple[ecbplus.Page, ArticleDocument]:
    text = "A bomb exploded at a bank."
    page = ecbplus.Page(name, "99", "99/ecb", text, None, None, (ecbplus.GoldMention(7, 15, instance),))
    event = Event(id=f"ev_{name}", type="ASSAULT", evidence=Span(0, len(text), text),
                  trigger=Span(7, 15, "exploded"))
    meta = ArticleMeta(f"a{name}", text, None, None, "wire", None, "en", "test", {})
    return page, ArticleDocument(meta, (), (event,), (), (), (), ())


@pytest.mark.parametrize("instances, canonical, expected", [
    # (gold instance of each page's mention, canonical id of each page's event) -> tp, fp, fn, fn_aligned
    (("ACT1", "ACT1"), ("ce_1", "ce_1"), (1, 0, 0, 0)),
    (("ACT1", "ACT1"), ("ce_1", "ce_2"), (0, 0, 1, 1)),  # both read as events, merging missed them
    (("ACT1", "ACT2"), ("ce_1", "ce_1"), (0, 1, 0, 0)),
])
def test_mention_pairs_say_what_merging_itself_missed(instances, canonical, expected):
    pairs = [_page_and_document(str(n), instance) for n, instance in enumerate(instances)]
    assigned = {doc.events[0].id: cid for (_, doc), cid in zip(pairs, canonical)}
    counts, _ = ecbplus._mention_pairs([p for p, _ in pairs], [d for _, d in pairs], assigned)
    assert (counts["tp"], counts["fp"], counts["fn"], counts["fn_aligned"]) == expected


@pytest.mark.gold
def test_the_visible_split_is_read(gold_dir):
    pages = ecbplus.load(gold_dir)
    assert len(pages) > 800 and len({p.incident for p in pages}) == 2 * len({p.topic for p in pages})
