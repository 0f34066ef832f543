"""Workload validation: each mistake is named by its field."""

import json

import pytest

from conftest import make_workload
from rag_baseline.errors import PipelineError
from rag_baseline.workload import load_workload


def write(tmp_path, workload):
    path = tmp_path / "w.json"
    path.write_text(json.dumps(workload), encoding="utf-8")
    return path


def error_for(tmp_path, workload) -> str:
    with pytest.raises(PipelineError) as caught:
        load_workload(write(tmp_path, workload))
    assert caught.value.stage is None
    return caught.value.message


def test_a_valid_workload_loads_with_its_files_in_order(tmp_path):
    raw = make_workload(tmp_path)
    workload = load_workload(write(tmp_path, raw))
    assert workload.files == raw["corpus"]["files"] and workload.mode == "stub"


def test_relative_directories_are_relative_to_the_workload_file(tmp_path):
    raw = make_workload(tmp_path, corpus={"dir": "docs", "files": ["a.txt"]}, model={"dir": "../m"})
    workload = load_workload(write(tmp_path, raw))
    assert workload.corpus_dir == tmp_path / "docs"
    assert workload.model_dir == tmp_path.parent / "m"


@pytest.mark.parametrize(
    "change, field",
    [
        (lambda w: w["chunking"].update(chunk_size=0), "chunking.chunk_size must be an integer >= 1"),
        (lambda w: w["chunking"].update(chunk_size="200"), "chunking.chunk_size"),
        (lambda w: w.pop("mode"), "mode is required"),
        (lambda w: w.update(mode="fast"), "mode"),
        (lambda w: w["qdrant"].update(url="localhost:6333"), "qdrant.url"),
        (lambda w: w["qdrant"].update(collection="bad name!"), "qdrant.collection"),
        (lambda w: w.update(threads=0), "threads must be an integer >= 1"),
        (lambda w: w.update(extra=1), "'extra' was unexpected"),
        (lambda w: w["corpus"].update(files=[]), "corpus.files"),
        (lambda w: w["corpus"].pop("files"), "corpus.files is required"),
        (
            lambda w: w["chunking"].update(chunk_overlap=200),
            "chunking.chunk_overlap must be smaller than chunking.chunk_size",
        ),
    ],
)
def test_each_mistake_names_its_field(tmp_path, change, field):
    workload = make_workload(tmp_path)
    change(workload)
    message = error_for(tmp_path, workload)
    assert message.startswith("workload: ") and field in message, message


def test_missing_and_malformed_files_are_reported(tmp_path):
    with pytest.raises(PipelineError, match="does not exist"):
        load_workload(tmp_path / "nope.json")
    (tmp_path / "bad.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(PipelineError, match="not valid JSON"):
        load_workload(tmp_path / "bad.json")


def test_the_collections_shard_and_replica_counts_are_read_when_given(tmp_path):
    plain = load_workload(write(tmp_path, make_workload(tmp_path)))
    assert (plain.shard_number, plain.replication_factor) == (None, None)
    raw = make_workload(tmp_path)
    raw["qdrant"].update(shard_number=3, replication_factor=2)
    sharded = load_workload(write(tmp_path, raw))
    assert (sharded.shard_number, sharded.replication_factor) == (3, 2)
    raw["qdrant"].update(shard_number=0)
    assert "qdrant.shard_number must be an integer >= 1" in error_for(tmp_path, raw)
