"""Whole runs in both modes against the project's embedded Qdrant; the collection is checked point by point."""

import numpy as np
import pytest
from qdrant_client import QdrantClient

from conftest import load_json, make_workload, run_pipeline
from rag_baseline.embeddings import stub_vector

EXPECTED = load_json("expected_chunks.json")
STAGES = ["model_load", "read", "chunk", "embed", "upsert"]


def check_protocol(run, mode, pipeline="python-langchain"):
    assert run.returncode == 0, (run.events, run.stderr[-3000:])
    assert run.events[0]["event"] == "ready" and run.events[-1]["event"] == "done"
    assert run.events[0]["pipeline"] == pipeline and run.events[0]["threads"] == 2
    stages = STAGES if mode == "full" else STAGES[1:]
    assert sorted(e["stage"] for e in run.of("start")) == sorted(stages)
    for stage in stages:
        (start,) = [e for e in run.of("start") if e["stage"] == stage]
        end = run.stage_end(stage)
        assert start["t_ms"] <= end["t_ms"]
        assert 0 <= end["busy_ms"] <= end["t_ms"] - start["t_ms"] + 1e-3
    assert run.of("done")[0]["overlapped"] == [{"stages": ["embed", "upsert"], "kind": "interleaved"}]


def dense_vector(point):
    # LangChain's vector name "" is Qdrant's unnamed vector; a server may return either form
    return point.vector[""] if isinstance(point.vector, dict) else point.vector


def stored_points(url, collection):
    client = QdrantClient(url=url, prefer_grpc=False, check_compatibility=False)
    points, offset = [], None
    while True:
        page, offset = client.scroll(collection, limit=100, offset=offset, with_payload=True, with_vectors=True)
        points.extend(page)
        if offset is None:
            return {str(p.id): p for p in points}


# (module run with -m, pipeline id, mode): stub mode never touches the engine, so once suffices
RUNS = [
    ("rag_baseline", "python-langchain", "stub"),
    ("rag_baseline", "python-langchain", "full"),
    ("rag_baseline.ort", "python-langchain-ort", "full"),
    ("rag_baseline.rust_ext", "python-langchain-rust-ext", "stub"),
    ("rag_baseline.rust_ext", "python-langchain-rust-ext", "full"),
]


@pytest.mark.parametrize(("module", "pipeline", "mode"), RUNS, ids=lambda v: v)
@pytest.mark.parametrize("setting", EXPECTED["settings"], ids=lambda s: f"{s['chunk_size']}-{s['chunk_overlap']}")
def test_full_run_indexes_every_expected_chunk(tmp_path, qdrant_url, hf_embeddings, module, pipeline, mode, setting):
    collection = f"full_{pipeline.replace('-', '_')}_{mode}_{setting['chunk_size']}"
    workload = make_workload(
        tmp_path,
        mode=mode,
        chunking={k: setting[k] for k in ("chunk_size", "chunk_overlap", "separators")},
        qdrant={"url": qdrant_url, "collection": collection},
    )
    run = run_pipeline(tmp_path, workload, module=module)
    check_protocol(run, mode, pipeline)
    expected = setting["chunks"]
    done = run.of("done")[0]
    assert done["documents"] == len(EXPECTED["documents"])
    assert done["skipped_files"] == EXPECTED["skipped_files"]
    assert done["chunks"] == done["points"] == len(expected)
    assert run.stage_end("embed")["chunks"] == len(expected)

    points = stored_points(qdrant_url, collection)
    assert set(points) == {c["id"] for c in expected}
    for chunk in expected:
        point = points[chunk["id"]]
        assert point.payload == {
            "page_content": chunk["text"],
            "metadata": {"source": chunk["source"], "chunk_index": chunk["chunk_index"]},
        }
    stored = np.asarray([dense_vector(points[c["id"]]) for c in expected])
    check_vectors(run, [c["text"] for c in expected], stored, mode, hf_embeddings._client)


def check_vectors(run, texts, stored, mode, sentence_transformer):
    """Stub vectors exactly; model vectors and token counts against sentence-transformers."""
    done = run.of("done")[0]
    if mode == "stub":
        assert done["tokens"] == 0
        np.testing.assert_allclose(stored, [stub_vector(t) for t in texts], atol=1e-6)
        return
    expected_tokens = sum(len(sentence_transformer.preprocess([t])["input_ids"][0]) for t in texts)
    assert done["tokens"] == run.stage_end("embed")["tokens"] == expected_tokens
    reference = np.asarray(sentence_transformer.encode(texts, normalize_embeddings=True))
    cosines = (stored * reference).sum(axis=1) / np.linalg.norm(stored, axis=1)
    assert cosines.min() >= 0.999
