"""What the preferences change in completing papers: the OpenAlex contact e-mail, and
undoing one given run (the window's undo stack names its run)."""

from __future__ import annotations

import urllib.parse

from readinglist.core.library import Library
from readinglist.domain.entities import PaperRecord
from tests.local_server import Script, Work, serving, settings_for


def _openalex_queries(script: Script) -> list[dict[str, str]]:
    return [
        dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(path).query))
        for path in script.requests
        if path.startswith("/works")
    ]


def test_openalex_gets_the_contact_email_only_when_one_is_given(library: Library) -> None:
    library.import_records([PaperRecord(title="Gadgets Beyond Widgets")], "notes.txt")
    (paper,) = library.papers()
    script = Script(openalex=[Work("Gadgets Beyond Widgets", ["Ann Lee"], doi="10.1/x")])
    with serving(script) as base:
        library.enrich([paper.id], settings=settings_for(base))
        library.undo_enrichment()
        settings = settings_for(base)
        settings.mailto = "me@lab.edu"
        report = library.enrich([paper.id], settings=settings)
    without, with_mail = _openalex_queries(script)
    assert "mailto" not in without
    assert with_mail["mailto"] == "me@lab.edu"
    assert report.counts()["filled"] == 1


def test_undo_of_a_given_run_leaves_a_later_run_alone(library: Library) -> None:
    library.import_records(
        [PaperRecord(title="First Widget Paper"), PaperRecord(title="Second Gadget Paper")],
        "notes.txt",
    )
    first, second = sorted(library.papers(), key=lambda p: p.id)
    works = [
        Work(first.title, ["Ann Lee"], "2509.00001"),
        Work(second.title, ["Bo Li"], "2509.00002"),
    ]
    with serving(Script(arxiv=works)) as base:
        one = library.enrich([first.id], settings=settings_for(base))
        two = library.enrich([second.id], settings=settings_for(base))
    assert one.run_id is not None and two.run_id is not None
    assert library.undo_enrichment(one.run_id) == 1
    assert library.paper(first.id).arxiv_id is None
    assert library.paper(second.id).arxiv_id == "2509.00002"
    assert library.undo_enrichment(one.run_id) == 0  # already undone: nothing happens
    assert library.undo_enrichment() == 1  # the newest not undone: the second run
    assert library.paper(second.id).arxiv_id is None
