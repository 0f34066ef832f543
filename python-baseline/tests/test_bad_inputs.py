"""The bad inputs only this pipeline has (its model files), as real runs of `python -m rag_baseline`:
one `error` line and a non-zero exit. The contract's bad inputs are cases of the conformance kit
(pipelines/testdata/conformance.json), run against this pipeline by harness/test/conformance-pipelines.test.ts."""

from conftest import assert_error, make_workload, run_pipeline


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
