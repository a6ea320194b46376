"""Every writer's ``stream`` gives, chunk by chunk, exactly the text of its ``write``, for
the hostile sample papers, every grouping and batch sizes that cut groups anywhere."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from readinglist.core.library import Library
from readinglist.formats.paper_batches import PaperBatches
from readinglist.formats.writers import WRITERS
from tests.formats.export_samples import Sample, build_sample, make_paper, without_digest

STREAMED = [name for name, writer in WRITERS.items() if writer.stream is not None]


@pytest.fixture
def sample(library: Library, example_digest: Path) -> Sample:
    return build_sample(library, example_digest)


def _papers(sample: Sample) -> list:  # type: ignore[type-arg]
    """The sample, a paper in no digest, and two papers sharing a citation key base."""
    twins = [
        make_paper(900_001 + n, title="The same title", authors=["Ada Lovelace"], published="2024")
        for n in range(2)
    ]
    return [*sample.papers, without_digest(sample.arxiv), *twins]


@pytest.mark.parametrize("size", [1, 3, 500])
@pytest.mark.parametrize("fmt", STREAMED)
def test_a_stream_is_the_whole_text_in_pieces(sample: Sample, fmt: str, size: int) -> None:
    writer = WRITERS[fmt]
    assert writer.write is not None and writer.stream is not None
    papers = _papers(sample)
    for group_by in ("none", "tag", "digest"):
        for abstracts in (False, True):
            options = replace(sample.options(group_by, abstracts), title="A <list> & #1")
            chunks = list(writer.stream(PaperBatches.of(papers, size), options))
            assert "".join(chunks) == writer.write(papers, options), (group_by, abstracts)
            if size == 1 and len(papers) > 100:
                assert len(chunks) > len(papers) / 2  # really in pieces


@pytest.mark.parametrize("fmt", STREAMED)
def test_no_papers_stream_as_the_empty_file(sample: Sample, fmt: str) -> None:
    writer = WRITERS[fmt]
    assert writer.write is not None and writer.stream is not None
    for group_by in ("none", "tag", "digest"):
        options = sample.options(group_by)
        assert "".join(writer.stream(PaperBatches.of([]), options)) == writer.write([], options)
