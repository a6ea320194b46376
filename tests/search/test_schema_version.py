"""The index schema's version follows the common-word list the ``pairs`` field depends on,
and an index of the previous version is built again once."""

from __future__ import annotations

import json
from pathlib import Path

from whoosh import index as whoosh_index

from readinglist.core.library import Library
from readinglist.search.common_words import COMMON_WORDS
from readinglist.search.index import INDEX_NAME, META_NAME
from readinglist.search.index_folders import current_folder
from readinglist.search.schema import COMMON_WORDS_SHA256, SCHEMA_VERSION, words_digest


def test_common_words_change_needs_a_schema_bump() -> None:
    digest = words_digest(COMMON_WORDS)
    assert digest == COMMON_WORDS_SHA256, (
        "readinglist/search/common_words.py changed: indexes built with the old list pair "
        f"other words. Bump SCHEMA_VERSION in readinglist/search/schema.py (now "
        f"{SCHEMA_VERSION}) and set COMMON_WORDS_SHA256 = {digest!r} there."
    )


def test_digest_sees_any_change_of_the_list() -> None:
    words = sorted(COMMON_WORDS)
    assert words_digest(reversed(words)) == words_digest(words)
    assert words_digest(words[1:]) != words_digest(words)
    assert words_digest([*words, "quokka"]) != words_digest(words)


def test_an_index_of_the_previous_version_is_built_again_once(
    data_dir: Path, example_digest: Path
) -> None:
    with Library.open(data_dir) as library:
        library.import_path(example_digest)
        library.reindex()
        expected = library.matching_ids('"language model"', as_you_type=False)
    meta_path = current_folder(data_dir / "index") / META_NAME
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta_path.write_text(json.dumps({**meta, "schema": SCHEMA_VERSION - 1}), encoding="utf-8")
    with Library.open(data_dir) as library:
        assert not library.index_ready()  # the window rebuilds it in the background
        assert library.matching_ids('"language model"', as_you_type=False) == expected
        library.reindex()
        assert library.index_ready()
    folder = current_folder(data_dir / "index")
    assert json.loads((folder / META_NAME).read_text(encoding="utf-8"))["schema"] == SCHEMA_VERSION
    index = whoosh_index.open_dir(str(folder), indexname=INDEX_NAME)
    with index.reader() as reader:  # what the new version writes: a paper's id inlined
        assert reader.term_info("id", str(min(expected))).is_inlined()
    index.close()
    with Library.open(data_dir) as library:  # once: the new index is kept
        assert library.index_ready()
        assert library.matching_ids('"language model"', as_you_type=False) == expected
