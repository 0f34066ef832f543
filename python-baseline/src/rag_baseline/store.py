"""Qdrant through qdrant-client and langchain-qdrant (contract rule 5): the client, the collection, the vector store."""

from __future__ import annotations

from langchain_core.embeddings import Embeddings
from langchain_qdrant import QdrantVectorStore
from qdrant_client import QdrantClient, models
from qdrant_client.http.exceptions import ResponseHandlingException, UnexpectedResponse

from .errors import PipelineError


def describe_qdrant_error(url: str, exc: Exception) -> str:
    if isinstance(exc, UnexpectedResponse):
        body = exc.content.decode("utf-8", "replace").strip()[:300] if exc.content else ""
        return f"Qdrant at {url} answered {exc.status_code} {exc.reason_phrase}: {body}"
    if isinstance(exc, ResponseHandlingException):
        cause = exc.source if getattr(exc, "source", None) is not None else exc
        return f"Qdrant at {url} is unreachable: {type(cause).__name__}: {cause}"
    return f"Qdrant at {url} failed: {type(exc).__name__}: {exc}"


def connect(url: str, api_key: str | None) -> QdrantClient:
    """The client every job uses: REST, no version probe (an extra request per run that only warns)."""
    return QdrantClient(url=url, api_key=api_key, prefer_grpc=False, check_compatibility=False)


def create_vector_store(
    url: str,
    api_key: str | None,
    collection: str,
    dim: int,
    embedding: Embeddings,
    shard_number: int | None = None,
    replication_factor: int | None = None,
) -> QdrantVectorStore:
    """Create the collection with LangChain's default (unnamed, "") dense vector and wrap it.
    shard_number / replication_factor: sent when set (the workload's), else Qdrant's defaults."""
    client = connect(url, api_key)
    try:
        client.create_collection(
            collection_name=collection,
            vectors_config={
                QdrantVectorStore.VECTOR_NAME: models.VectorParams(size=dim, distance=models.Distance.COSINE)
            },
            shard_number=shard_number,
            replication_factor=replication_factor,
        )
    except Exception as exc:
        raise PipelineError("upsert", describe_qdrant_error(url, exc)) from exc
    # The collection was created just above with exactly this configuration; validating it
    # again would make LangChain embed a probe text (extra model work in the measurement).
    return QdrantVectorStore(
        client=client,
        collection_name=collection,
        embedding=embedding,
        validate_collection_config=False,
    )
