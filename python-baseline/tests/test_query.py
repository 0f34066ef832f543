"""The query job (pipelines/README.md, "The query job") against the project's embedded Qdrant: the
contract vector every built-in pipeline holds, full mode, and a collection that does not exist."""

from __future__ import annotations

import pytest
from qdrant_client import QdrantClient

from conftest import assert_error, make_workload, run_pipeline
from rag_baseline.embeddings import stub_vector

# The contract vector of pipelines/README.md: the same settings in the Rust and TypeScript tests.
TEXTS = ["Which encoding does the corpus use?", "How are Windows line endings handled?"]
VECTOR = {"texts": TEXTS, "top_k": 3, "concurrency": [1, 2], "passes": 2}


@pytest.fixture(scope="module")
def stub_collection(tmp_path_factory, qdrant_url) -> str:
    """testdata/corpus indexed by the index job in stub mode, once for the module."""
    collection = "query_stub_corpus"
    workload = make_workload(None, qdrant={"url": qdrant_url, "collection": collection})
    run = run_pipeline(tmp_path_factory.mktemp("index"), workload)
    assert run.returncode == 0, run.stderr[-3000:]
    return collection


def query_workload(qdrant_url: str, collection: str, **overrides) -> dict:
    return make_workload(
        None, job="query", query=VECTOR, qdrant={"url": qdrant_url, "collection": collection}, **overrides
    )


def direct_answers(qdrant_url: str, collection: str, vectors: list[list[float]], top_k: int = 3) -> list[list[str]]:
    client = QdrantClient(url=qdrant_url, prefer_grpc=False, check_compatibility=False)
    return [
        [str(p.id) for p in client.query_points(collection, query=v, limit=top_k, with_payload=False).points]
        for v in vectors
    ]


def check_stages(run, with_model: bool) -> None:
    assert run.returncode == 0, (run.events, run.stderr[-3000:])
    assert run.events[0]["event"] == "ready" and run.events[-1]["event"] == "done"
    expected = (["model_load"] if with_model else []) + ["query_cold", "query_c1", "query_c2"]
    assert [e["stage"] for e in run.of("start")] == expected
    assert [e["stage"] for e in run.of("end")] == expected
    cold = run.stage_end("query_cold")
    assert cold["queries"] == 1 and len(cold["latencies_ms"]) == 1
    for c in (1, 2):
        end = run.stage_end(f"query_c{c}")
        (start,) = [e for e in run.of("start") if e["stage"] == f"query_c{c}"]
        assert end["concurrency"] == c and end["queries"] == 4
        assert len(end["latencies_ms"]) == 4 and all(0 < ms <= end["busy_ms"] for ms in end["latencies_ms"])
        assert 0 < end["busy_ms"] <= end["t_ms"] - start["t_ms"] + 1e-3


def test_contract_vector(tmp_path, qdrant_url, stub_collection):
    run = run_pipeline(tmp_path, query_workload(qdrant_url, stub_collection))
    check_stages(run, with_model=False)
    (done,) = run.of("done")
    assert done["queries"] == 9
    expected = direct_answers(qdrant_url, stub_collection, [stub_vector(t) for t in TEXTS])
    assert done["answers"] == expected
    assert all(len(ids) == 3 for ids in expected)


def test_full_mode_embeds_each_query_with_the_model(tmp_path, qdrant_url, stub_collection, hf_embeddings):
    run = run_pipeline(tmp_path, query_workload(qdrant_url, stub_collection, mode="full"))
    check_stages(run, with_model=True)
    (done,) = run.of("done")
    expected = direct_answers(qdrant_url, stub_collection, [hf_embeddings.embed_query(t) for t in TEXTS])
    # the harness's rule: the same ids, one of K may differ (float rounding between processes)
    for got, want in zip(done["answers"], expected, strict=True):
        assert len(got) == 3 and len(set(got) & set(want)) >= 2, (got, want)


def test_a_collection_that_does_not_exist_is_named(tmp_path, qdrant_url):
    run = run_pipeline(tmp_path, query_workload(qdrant_url, "no_such_collection"))
    assert_error(run, "query_cold", "no_such_collection", "404")


def test_query_job_without_its_settings_names_the_field(tmp_path, qdrant_url):
    workload = query_workload(qdrant_url, "no_such_collection")
    del workload["query"]
    assert_error(run_pipeline(tmp_path, workload), None, "query is required")
