"""Extraction: finders that read a parsed spaCy ``Doc`` and return mention records.

Each finder module owns one kind of thing (actors, events, quotes, figures, places, dates) and
returns the mention records of ``mentions.py``; ``assemble.py`` links them (tokens → actor
ids, place ids, event ids) into the contract's frozen records. spaCy objects never leave here.
"""
