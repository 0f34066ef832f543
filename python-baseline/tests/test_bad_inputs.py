"""Each bad input, as a real run of `python -m rag_baseline`: one `error` line and a non-zero exit."""

import shutil
import socket

import pytest

from conftest import TESTDATA, assert_error, make_workload, run_pipeline


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_invalid_workload_names_the_field(tmp_path):
    workload = make_workload(tmp_path)
    workload["chunking"]["chunk_size"] = 0
    run = run_pipeline(tmp_path, workload)
    assert_error(run, None, "chunking.chunk_size must be an integer >= 1")
    assert run.events == run.of("error"), "nothing may be emitted before the workload is valid"


def test_workload_that_is_not_json(tmp_path):
    assert_error(run_pipeline(tmp_path, "{oops"), None, "not valid JSON")


def test_missing_model_file(tmp_path, linked_model_copy):
    model = linked_model_copy(skip="tokenizer.json")
    run = run_pipeline(tmp_path, make_workload(tmp_path, mode="full", model={"dir": str(model)}))
    assert_error(run, "model_load", "lacks tokenizer.json", str(model))


def test_corrupt_safetensors(tmp_path, linked_model_copy, model_dir):
    model = linked_model_copy()
    weights = model / "model.safetensors"
    weights.unlink()
    weights.write_bytes((model_dir / "model.safetensors").read_bytes()[:5_000_000])  # truncated
    run = run_pipeline(tmp_path, make_workload(tmp_path, mode="full", model={"dir": str(model)}))
    assert_error(run, "model_load", "model.safetensors is corrupt")


def test_non_utf8_file_is_an_error_naming_the_file(tmp_path):
    run = run_pipeline(tmp_path, make_workload(tmp_path, corpus={"dir": str(TESTDATA / "bad_corpora" / "non_utf8")}))
    assert_error(run, "read", "latin1.txt", "not valid UTF-8")


def test_empty_corpus(tmp_path):
    (tmp_path / "empty").mkdir()
    run = run_pipeline(tmp_path, make_workload(tmp_path, corpus={"dir": "empty"}))
    assert_error(run, "read", "has no readable text files")


def test_corpus_of_binary_files_only(tmp_path):
    run = run_pipeline(tmp_path, make_workload(tmp_path, corpus={"dir": str(TESTDATA / "bad_corpora" / "only_binary")}))
    assert_error(run, "read", "has no readable text files")


def test_listed_file_that_does_not_exist(tmp_path):
    shutil.copytree(TESTDATA / "corpus", tmp_path / "corpus")
    run = run_pipeline(tmp_path, make_workload(tmp_path, corpus={"dir": "corpus", "files": ["README.md", "gone.md"]}))
    assert_error(run, "read", "gone.md")


def test_binary_file_is_skipped_and_reported_before_a_later_failure(tmp_path):
    # Qdrant is unreachable here, but reading has already reported the skipped binary file.
    workload = make_workload(tmp_path, qdrant={"url": f"http://127.0.0.1:{free_port()}", "collection": "c"})
    run = run_pipeline(tmp_path, workload)
    read = run.stage_end("read")
    assert read["skipped_files"] == [{"path": "guide/binary_blob.txt", "reason": "binary"}]
    assert read["documents"] == 8


@pytest.mark.parametrize("mode", ["stub", "full"])
def test_qdrant_unreachable(tmp_path, mode):
    url = f"http://127.0.0.1:{free_port()}"
    run = run_pipeline(tmp_path, make_workload(tmp_path, mode=mode, qdrant={"url": url, "collection": "c"}))
    assert_error(run, "upsert", f"Qdrant at {url} is unreachable")


def test_qdrant_answering_an_error(tmp_path, qdrant_url):
    # The collection must not exist yet: a second run on the same name gets Qdrant's 409.
    workload = make_workload(tmp_path, qdrant={"url": qdrant_url, "collection": "taken_collection"})
    first = run_pipeline(tmp_path, workload)
    assert first.returncode == 0, first.events
    second = run_pipeline(tmp_path, workload)
    assert_error(second, "upsert", f"Qdrant at {qdrant_url} answered 409")
