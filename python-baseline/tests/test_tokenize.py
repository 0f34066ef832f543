"""The tokenize job (pipelines/README.md, "The tokenize job"): the contract vector every built-in
pipeline holds, the growth rule, and a workload without its settings."""

from __future__ import annotations

from conftest import CORPUS, assert_error, make_workload, run_pipeline
from rag_baseline.tokenize import grow

# The contract vector of pipelines/README.md: the same numbers in the Rust and TypeScript tests.
VECTOR_FILES = [
    "long_paragraph.txt",
    "unicode.md",
    "windows_crlf.txt",
    "bom.txt",
    "guide/faq.md",
    "guide/binary_blob.txt",
]
VECTOR = {"documents": 21, "bytes": 20020, "tokens": 2888, "tokens_untruncated": 2903}


def tokenize_workload(tmp_path, model_dir, target_bytes=20000, **overrides):
    return make_workload(
        tmp_path,
        corpus={"dir": str(CORPUS), "files": VECTOR_FILES},
        model={"dir": str(model_dir)},
        embed_batch_size=4,
        job="tokenize",
        tokenize={"target_bytes": target_bytes},
        **overrides,
    )


def test_contract_vector(tmp_path, model_dir):
    run = run_pipeline(tmp_path, tokenize_workload(tmp_path, model_dir))
    assert run.returncode == 0, run.stderr[-3000:]
    (done,) = run.of("done")
    assert {k: done[k] for k in VECTOR} == VECTOR
    assert done["skipped_files"] == [{"path": "guide/binary_blob.txt", "reason": "binary"}]
    for stage in ("tokenize_batched", "tokenize_single"):
        end = run.stage_end(stage)
        assert (end["documents"], end["bytes"], end["tokens"]) == (21, 20020, 2888)
        assert end["busy_ms"] > 0
    (ready,) = run.of("ready")
    assert "tokenizers" in ready["libraries"]
    # the store is never contacted: the workload's qdrant.url (port 9) would refuse it


def test_growth_takes_whole_documents_in_order_until_the_target():
    assert grow(["aa", "bbb"], 1) == [0]
    assert grow(["aa", "bbb"], 5) == [0, 1]
    assert grow(["aa", "bbb"], 6) == [0, 1, 0]
    assert grow(["é"], 3) == [0, 0]  # UTF-8 bytes, not characters
    assert grow(["", ""], 10) == []


def test_tokenize_job_without_its_settings_names_the_field(tmp_path, model_dir):
    workload = tokenize_workload(tmp_path, model_dir)
    del workload["tokenize"]
    assert_error(run_pipeline(tmp_path, workload), None, "tokenize is required")
