"""python-ort: the ONNX Runtime embeddings against the contract's test vectors, and its bad
inputs as real runs of `python -m rag_baseline.ort`. Its full runs are in test_full_run.py."""

import numpy as np
import pytest

from conftest import assert_error, load_json, make_workload, run_pipeline
from rag_baseline.ort import load_model

TOKENS = load_json("tokens.json")
EMBEDDINGS = load_json("embeddings.json")


@pytest.fixture(scope="module")
def ort_model(model_dir):
    return load_model(model_dir, embed_batch_size=4, threads=2)


def test_token_ids_equal_the_reference(ort_model):
    tokenizer = ort_model.embeddings.tokenizer
    for row in TOKENS["sentences"]:
        assert tokenizer.encode(row["text"]).ids == row["ids"], row["text"][:40]


def test_embeddings_match_the_reference_and_count_every_token(ort_model):
    texts = [row["text"] for row in EMBEDDINGS["sentences"]]
    before = ort_model.tokens_seen()
    actual = np.asarray(ort_model.embeddings.embed_documents(texts))
    reference = np.asarray([row["embedding"] for row in EMBEDDINGS["sentences"]])
    assert actual.shape == reference.shape == (len(texts), ort_model.dimension)
    np.testing.assert_allclose(np.linalg.norm(actual, axis=1), 1.0, atol=1e-5)
    cosines = (actual * reference).sum(axis=1) / np.linalg.norm(reference, axis=1)
    assert cosines.min() >= 0.999, dict(zip(texts, cosines.round(6), strict=True))
    expected_tokens = sum(len(ort_model.embeddings.tokenizer.encode(t).ids) for t in texts)
    assert ort_model.tokens_seen() - before == expected_tokens


def test_token_counts_cover_texts_beyond_128_tokens(ort_model):
    texts = [row["text"] for row in TOKENS["sentences"]]
    before = ort_model.tokens_seen()
    ort_model.embeddings.embed_documents(texts)  # batches of 4, longest first
    assert ort_model.tokens_seen() - before == sum(len(row["ids"]) for row in TOKENS["sentences"])


def test_missing_onnx_file(tmp_path, linked_model_copy):
    model = linked_model_copy(skip="onnx/model.onnx", onnx=True)
    workload = make_workload(tmp_path, mode="full", model={"dir": str(model)})
    run = run_pipeline(tmp_path, workload, module="rag_baseline.ort")
    assert_error(run, "model_load", "lacks onnx/model.onnx", str(model))


def test_corrupt_onnx_file(tmp_path, linked_model_copy, model_dir):
    model = linked_model_copy(onnx=True)
    onnx = model / "onnx" / "model.onnx"
    onnx.unlink()
    onnx.write_bytes((model_dir / "onnx" / "model.onnx").read_bytes()[:1_000_000])  # truncated
    run = run_pipeline(
        tmp_path, make_workload(tmp_path, mode="full", model={"dir": str(model)}), module="rag_baseline.ort"
    )
    assert_error(run, "model_load", "cannot load ONNX model", "model.onnx")


def test_missing_tokenizer(tmp_path, linked_model_copy):
    model = linked_model_copy(skip="tokenizer.json", onnx=True)
    run = run_pipeline(
        tmp_path, make_workload(tmp_path, mode="full", model={"dir": str(model)}), module="rag_baseline.ort"
    )
    assert_error(run, "model_load", "lacks tokenizer.json")


def test_invalid_workload_names_the_field(tmp_path):
    workload = make_workload(tmp_path)
    workload["threads"] = 0
    run = run_pipeline(tmp_path, workload, module="rag_baseline.ort")
    assert_error(run, None, "threads must be an integer >= 1")


def test_ready_names_the_variant_and_its_engine(tmp_path):
    # Qdrant is unreachable: the run fails at upsert, after `ready`
    run = run_pipeline(tmp_path, make_workload(tmp_path, mode="full"), module="rag_baseline.ort")
    (ready,) = run.of("ready")
    assert ready["pipeline"] == "python-langchain-ort"
    assert "onnxruntime" in ready["libraries"] and "torch" not in ready["libraries"]
    assert_error(run, "upsert", "unreachable")
