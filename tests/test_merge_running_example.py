"""The running example and a rewrite of it by another outlet (written for this test): the meeting's
rejection of a ceasefire and the Tripoli fighting are each one event with two sources."""
from __future__ import annotations

import pytest

from polemos.ingest.normalize import content_id
from polemos.model import ArticleMeta
from polemos.store import Store

REWRITE = """Haftar rejects truce call in Paris talks with Macron

Libyan commander Khalifa Haftar told French President Emmanuel Macron in Paris on Thursday that the \
conditions for a ceasefire had not been met, according to an official in the French presidency.

Macron met Haftar at the Elysee palace and urged him to agree to a ceasefire and to restart talks with \
Prime Minister Fayez al-Serraj, whose Government of National Accord is recognised by the United Nations.

Forces loyal to Haftar, the self-styled Libyan National Army, have been fighting the Government of \
National Accord in Tripoli since early April in an offensive to seize the capital.

The United Nations envoy Ghassan Salame told the Security Council this week that the fighting had \
killed more than 460 people, 29 of them civilians, and forced over 75,000 people from their homes.
"""


@pytest.fixture(scope="module")
def merged(running_example, tmp_path_factory):
    from polemos.pipeline import Pipeline

    pipeline = Pipeline.create()
    articles = [ArticleMeta(content_id(text), text, text.split("\n")[0], "2019-05-24", source, None, "en",
                            pipeline.version, {}) for text, source in ((running_example, "Wire"), (REWRITE, "Gazette"))]
    with Store.open(tmp_path_factory.mktemp("rex") / "rex.db") as store:
        for document in pipeline.analyse(articles):
            store.save(document)
        return store.events()


@pytest.mark.parametrize("type_, place, date", [
    ("REJECT", "Paris", "2019-05-23"),  # Haftar tells Macron there is no ceasefire for now
    ("ASSAULT", "Tripoli", "2019-04-01"),  # the fighting in Tripoli since early April
])
def test_one_event_with_two_sources(merged, type_, place, date):
    found = [e for e in merged if e["type"] == type_ and (e["place"] or {}).get("name") == place
             and e["date"]["start"] == date and "hypothetical" not in e["modality"]]
    assert [e["sources"] for e in found] == [2], [(e["id"], e["sources"]) for e in found]
