"""The parts a Python pipeline swaps: its inference engine and its splitter. Everything else
(workload, protocol, reading, LangChain's QdrantVectorStore) is shared by every variant."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from langchain_core.documents import Document
from langchain_core.embeddings import Embeddings

from .embeddings import BatchClock
from .workload import Workload

CORE_LIBRARIES = [
    "langchain-core",
    "langchain-community",
    "langchain-text-splitters",
    "langchain-qdrant",
    "qdrant-client",
]


@dataclass(frozen=True)
class LoadedModel:
    embeddings: Embeddings
    dimension: int
    tokens_seen: Callable[[], int]
    """Non-padding tokens of every batch embedded so far, counted as each batch goes in."""
    batches: BatchClock = field(default_factory=BatchClock)
    """Times each forward pass (the `batch` events); an engine that does not drive it writes none."""


@dataclass(frozen=True)
class Parts:
    pipeline_id: str
    libraries: list[str]
    """Libraries whose versions `ready` reports: the core ones, then these (full mode only)."""
    load_runtime: Callable[[int], None]
    """Imports the inference engine and sizes its thread pools (full mode, before `ready`)."""
    load_model: Callable[[Path, int, int], LoadedModel]
    """(model_dir, embed_batch_size, threads) -> the model, as the `model_load` stage."""
    split: Callable[[Workload, list[Document]], list[Document]]
    """Documents -> chunks with metadata {source, chunk_index}, as the `chunk` stage."""
