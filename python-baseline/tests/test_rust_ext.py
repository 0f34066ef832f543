"""python-rust-ext: the PyO3 splitter against the contract's expected chunks, the GIL released
while it splits, and bad inputs as real runs of `python -m rag_baseline.rust_ext`. Its full
runs are in test_full_run.py."""

import threading
import time

import pytest

from conftest import CORPUS, as_expected_chunks, assert_error, load_json, make_workload, run_pipeline, traced_env
from rag_baseline.corpus import load_corpus
from rag_baseline.rust_ext import split_in_rust
from rag_baseline.workload import Workload

EXPECTED = load_json("expected_chunks.json")
try:
    import rag_rust_ext
except ImportError:  # fail, not skip: a missing build must not pass as green
    pytest.fail(
        "rag_rust_ext is not installed: `maturin build --release -m python-rust-ext/Cargo.toml` "
        "and pip install the wheel (see python-baseline/README.md)",
        pytrace=False,
    )


def workload_for(setting) -> Workload:
    fields = dict.fromkeys(Workload.__dataclass_fields__)
    fields.update({k: setting[k] for k in ("chunk_size", "chunk_overlap", "separators")})
    return Workload(**fields)


@pytest.mark.parametrize("setting", EXPECTED["settings"], ids=lambda s: f"{s['chunk_size']}-{s['chunk_overlap']}")
def test_chunks_equal_the_expected_chunks(setting):
    corpus = load_corpus(CORPUS, EXPECTED["files"])
    chunks = split_in_rust(workload_for(setting), corpus.documents)
    assert as_expected_chunks(chunks) == setting["chunks"]


def test_the_gil_is_released_while_splitting():
    # ~60 MB: long enough to see another thread run (15 MB took 34 ms on a 2026 Xeon: too short)
    text = ("word " * 150 + "\n") * 80_000
    window: dict = {}

    def split():
        window["start"] = time.perf_counter()
        rag_rust_ext.split_texts([text], 1000, 200, ["\n\n", "\n", " ", ""])
        window["end"] = time.perf_counter()

    worker = threading.Thread(target=split)
    ticks = []
    worker.start()
    while worker.is_alive():
        ticks.append(time.perf_counter())
    worker.join()
    # Only the middle half of the call counts: at its edges (argument conversion, the switch
    # back to Python after it returns) this thread may run even when the GIL is held.
    quarter = (window["end"] - window["start"]) / 4
    middle = [t for t in ticks if window["start"] + quarter < t < window["end"] - quarter]
    assert quarter > 0.01, "the split was too short to tell"
    assert middle, "no Python thread ran while Rust was splitting: the GIL was held"


def test_bad_chunk_settings_are_a_value_error():
    with pytest.raises(ValueError, match="chunk_overlap"):
        rag_rust_ext.split_texts(["a b"], 10, 10, [" "])


def test_missing_extension_is_a_clear_error(tmp_path):
    env = traced_env(tmp_path, RAG_TEST_HIDE_MODULE="rag_rust_ext")
    run = run_pipeline(tmp_path, make_workload(tmp_path), env=env, module="rag_baseline.rust_ext")
    assert_error(run, None, "rag_rust_ext is not installed", "maturin build")


def test_invalid_workload_names_the_field(tmp_path):
    workload = make_workload(tmp_path)
    workload["chunking"]["chunk_overlap"] = 500
    run = run_pipeline(tmp_path, workload, module="rag_baseline.rust_ext")
    assert_error(run, None, "chunking.chunk_overlap must be smaller than chunking.chunk_size")


def test_ready_names_the_variant_and_the_extension(tmp_path):
    run = run_pipeline(tmp_path, make_workload(tmp_path, mode="full"), module="rag_baseline.rust_ext")
    (ready,) = run.of("ready")
    assert ready["pipeline"] == "python-langchain-rust-ext" and "rag-rust-ext" in ready["libraries"]
    assert_error(run, "upsert", "unreachable")
