"""Reading and chunking the shared corpus must give exactly pipelines/testdata/expected_chunks.json."""

import uuid

import pytest

from conftest import CORPUS, as_expected_chunks, load_json
from rag_baseline.chunking import make_splitter, point_id, split_documents
from rag_baseline.corpus import load_corpus

EXPECTED = load_json("expected_chunks.json")


def test_reading_skips_binary_files_and_reports_them():
    corpus = load_corpus(CORPUS, EXPECTED["files"])
    assert [d.metadata["source"] for d in corpus.documents] == EXPECTED["documents"]
    assert corpus.skipped_files == EXPECTED["skipped_files"]


def test_reading_normalises_line_endings_and_keeps_the_bom():
    corpus = load_corpus(CORPUS, ["windows_crlf.txt", "bom.txt"])
    crlf, bom = corpus.documents
    assert "\r" not in crlf.page_content
    assert "here:\nthis sentence" in crlf.page_content  # the lone '\r' became '\n'
    assert bom.page_content.startswith("\ufeff")


@pytest.mark.parametrize("setting", EXPECTED["settings"], ids=lambda s: f"{s['chunk_size']}-{s['chunk_overlap']}")
def test_chunks_equal_the_expected_chunks(setting):
    corpus = load_corpus(CORPUS, EXPECTED["files"])
    splitter = make_splitter(setting["chunk_size"], setting["chunk_overlap"], setting["separators"])
    chunks = split_documents(splitter, corpus.documents)
    assert as_expected_chunks(chunks) == setting["chunks"]


def test_point_id_is_uuid5_of_source_and_index_in_the_url_namespace():
    namespace = uuid.UUID("6ba7b811-9dad-11d1-80b4-00c04fd430c8")
    assert point_id("a/b.md", 3) == str(uuid.uuid5(namespace, "a/b.md#3"))
    assert uuid.UUID(point_id("a/b.md", 3)).version == 5
