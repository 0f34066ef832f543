"""Round trips of the official Python clients against the embedded Qdrant (qdrant-local).

qdrant-client (REST) and langchain-qdrant each: create, upsert >= 1,000 points of 384 dims
in batches, query top-10 == a brute-force cosine ranking computed here, count, scroll all,
retrieve, delete, collection gone afterwards. No client may print a version warning.

Run: python-baseline/.venv/bin/python -m pytest qdrant-local/tests/python
Needs the release binary: cargo build --release --locked --workspace --bins
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import uuid
import warnings
from pathlib import Path

import numpy as np
import pytest
from langchain_core.embeddings import Embeddings
from langchain_qdrant import QdrantVectorStore
from qdrant_client import QdrantClient, models

REPO_ROOT = Path(__file__).resolve().parents[3]
BINARY = Path(os.environ.get("CARGO_TARGET_DIR", REPO_ROOT / "target")) / "release" / "qdrant-local"
DIMS = 384
POINTS = 1_200
BATCH = 256


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A qdrant-local on free ports with a fresh data dir; yields its ready line."""
    if not BINARY.exists():
        pytest.fail(f"{BINARY} is missing: build it with `cargo build --release --locked --workspace --bins`")
    data_dir = tmp_path_factory.mktemp("qdrant-local-data")
    process = subprocess.Popen(
        [str(BINARY), "--data", str(data_dir), "--port", "0", "--exit-on-stdin-eof"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    ready = json.loads(process.stdout.readline())
    assert ready["event"] == "ready", ready
    yield ready
    process.terminate()
    assert process.wait(timeout=30) == 0


@pytest.fixture
def no_warnings():
    """Fails the test if any warning (e.g. the client's version-compatibility warning) is raised."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        yield
    assert [str(w.message) for w in caught] == []


def unit_rows(matrix: np.ndarray) -> np.ndarray:
    return matrix / np.linalg.norm(matrix, axis=1, keepdims=True)


def brute_force_top(doc_vectors: np.ndarray, query: np.ndarray, k: int) -> list[int]:
    """Indices of the k documents with the highest cosine similarity to the query."""
    scores = unit_rows(doc_vectors) @ (query / np.linalg.norm(query))
    return list(np.argsort(-scores, kind="stable")[:k])


def test_qdrant_client_round_trip(server, no_warnings):
    client = QdrantClient(url=server["rest_url"], prefer_grpc=False, timeout=60)
    name = "py_roundtrip"
    rng = np.random.default_rng(7)
    vectors = rng.standard_normal((POINTS, DIMS)).astype(np.float32)
    ids = [str(uuid.uuid5(uuid.NAMESPACE_URL, f"doc-{i}")) for i in range(POINTS)]

    assert client.create_collection(
        name, vectors_config=models.VectorParams(size=DIMS, distance=models.Distance.COSINE)
    )
    assert client.collection_exists(name)
    for start in range(0, POINTS, BATCH):
        result = client.upsert(
            name,
            points=[
                models.PointStruct(id=ids[i], vector=vectors[i].tolist(), payload={"i": i, "parity": i % 2})
                for i in range(start, min(start + BATCH, POINTS))
            ],
            wait=True,
        )
        assert result.status == models.UpdateStatus.COMPLETED

    info = client.get_collection(name)  # must satisfy the client's pydantic models
    assert info.points_count == POINTS
    assert info.config.params.vectors.size == DIMS

    query = rng.standard_normal(DIMS).astype(np.float32)
    hits = client.query_points(name, query=query.tolist(), limit=10, with_payload=True).points
    expected = brute_force_top(vectors, query, 10)
    assert [h.payload["i"] for h in hits] == expected
    assert [h.id for h in hits] == [ids[i] for i in expected]
    expected_scores = unit_rows(vectors[expected]) @ (query / np.linalg.norm(query))
    np.testing.assert_allclose([h.score for h in hits], expected_scores, rtol=1e-4)

    filtered = client.query_points(
        name,
        query=query.tolist(),
        limit=5,
        with_payload=True,
        query_filter=models.Filter(must=[models.FieldCondition(key="parity", match=models.MatchValue(value=1))]),
    ).points
    assert [h.payload["i"] for h in filtered] == [i for i in brute_force_top(vectors, query, POINTS) if i % 2 == 1][:5]

    assert client.count(name, exact=True).count == POINTS

    seen, offset = [], None
    while True:
        page, offset = client.scroll(name, limit=500, offset=offset, with_payload=True)
        seen.extend(p.id for p in page)
        if offset is None:
            break
    assert sorted(seen) == sorted(ids)

    records = client.retrieve(name, ids=[ids[3], ids[5]], with_vectors=True)
    assert [r.payload["i"] for r in records] == [3, 5]
    np.testing.assert_allclose(records[0].vector, vectors[3] / np.linalg.norm(vectors[3]), rtol=1e-5, atol=1e-6)

    client.delete(name, points_selector=models.PointIdsList(points=ids[:100]), wait=True)
    assert client.count(name).count == POINTS - 100
    client.delete(
        name,
        points_selector=models.FilterSelector(
            filter=models.Filter(must=[models.FieldCondition(key="parity", match=models.MatchValue(value=0))])
        ),
        wait=True,
    )
    assert client.count(name).count == len([i for i in range(100, POINTS) if i % 2 == 1])

    assert client.delete_collection(name)
    assert not client.collection_exists(name)


class DeterministicEmbeddingsDouble(Embeddings):
    """Test double for an embedding model: a fixed pseudo-random 384-dim vector per text."""

    def vector(self, text: str) -> list[float]:
        seed = int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "little")
        return np.random.default_rng(seed).standard_normal(DIMS).astype(np.float32).tolist()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [self.vector(t) for t in texts]

    def embed_query(self, text: str) -> list[float]:
        return self.vector(text)


def test_langchain_qdrant_round_trip(server, no_warnings):
    client = QdrantClient(url=server["rest_url"], timeout=60)
    name = "langchain_roundtrip"
    embeddings = DeterministicEmbeddingsDouble()
    # The collection langchain-qdrant expects: one named vector "" (its default vector name).
    client.create_collection(name, vectors_config={"": models.VectorParams(size=DIMS, distance=models.Distance.COSINE)})
    store = QdrantVectorStore(client=client, collection_name=name, embedding=embeddings)

    texts = [f"document number {i} about topic {i % 17}" for i in range(1_000)]
    ids = store.add_texts(texts, metadatas=[{"n": i} for i in range(1_000)], batch_size=64)
    assert len(ids) == 1_000
    assert client.count(name).count == 1_000

    query = "which document talks about topic 3?"
    docs = store.similarity_search(query, k=10)
    expected = brute_force_top(np.array(embeddings.embed_documents(texts)), np.array(embeddings.embed_query(query)), 10)
    assert [d.metadata["n"] for d in docs] == expected
    assert [d.page_content for d in docs] == [texts[i] for i in expected]

    page, _ = client.scroll(name, limit=2_000)
    assert len(page) == 1_000
    store.delete(ids[:10])
    assert client.count(name).count == 990
    assert store.get_by_ids(ids[10:12])[0].page_content == texts[10]

    client.delete_collection(name)
    assert not client.collection_exists(name)
