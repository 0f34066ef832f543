"""The embed-and-index job, stage by stage, reported on the protocol."""

from __future__ import annotations

import os
import platform
from importlib import metadata
from pathlib import Path

from .chunking import make_splitter, point_id, split_documents
from .corpus import load_corpus
from .embeddings import STUB_DIM, Sha256StubEmbeddings, TimedEmbeddings
from .errors import PipelineError
from .protocol import Protocol, now_ms
from .store import create_vector_store, describe_qdrant_error
from .workload import Workload
from . import PIPELINE_ID

CORE_LIBRARIES = ["langchain-core", "langchain-community", "langchain-text-splitters", "langchain-qdrant", "qdrant-client"]
MODEL_LIBRARIES = ["langchain-huggingface", "sentence-transformers", "transformers", "torch", "tokenizers"]


def library_versions(names: list[str]) -> dict[str, str]:
    return {name: metadata.version(name) for name in names}


def set_threads(threads: int, mode: str) -> None:
    """torch's intra-op pool, and the Rayon pool of the Rust `tokenizers` (created lazily, on
    first use, from RAYON_NUM_THREADS)."""
    os.environ["RAYON_NUM_THREADS"] = str(threads)
    if mode == "full":
        import torch

        torch.set_num_threads(threads)


def run(workload: Workload, protocol: Protocol, state: dict) -> None:
    full = workload.mode == "full"
    if full:
        # import the model stack before `ready`: startup includes loading the runtime's libraries
        import langchain_huggingface  # noqa: F401
        import sentence_transformers  # noqa: F401
    set_threads(workload.threads, workload.mode)
    protocol.emit(
        "ready",
        pipeline=PIPELINE_ID,
        runtime={"name": platform.python_implementation().lower(), "version": platform.python_version()},
        libraries=library_versions(CORE_LIBRARIES + (MODEL_LIBRARIES if full else [])),
        threads=workload.threads,
    )

    hf_embeddings = None
    if full:
        from .embeddings import embedding_dimension, load_hf_embeddings

        state["stage"] = "model_load"
        started = now_ms()
        protocol.start("model_load", started)
        hf_embeddings = load_hf_embeddings(workload.model_dir, workload.embed_batch_size)
        ended = now_ms()
        protocol.end("model_load", ended - started, ended)
        embeddings, dim = hf_embeddings, embedding_dimension(hf_embeddings)
    else:
        embeddings, dim = Sha256StubEmbeddings(), STUB_DIM

    state["stage"] = "read"
    started = now_ms()
    protocol.start("read", started)
    corpus = load_corpus(workload.corpus_dir, workload.files)
    ended = now_ms()
    protocol.end("read", ended - started, ended, documents=len(corpus.documents),
                 skipped_files=corpus.skipped_files, bytes=corpus.bytes_read)

    state["stage"] = "chunk"
    started = now_ms()
    protocol.start("chunk", started)
    splitter = make_splitter(workload.chunk_size, workload.chunk_overlap, workload.separators)
    chunks = split_documents(splitter, corpus.documents)
    ended = now_ms()
    protocol.end("chunk", ended - started, ended, chunks=len(chunks))

    # embed and upsert interleave inside add_documents: upsert starts with the collection's
    # creation, embed with LangChain's first embed call; each reports its own busy time.
    state["stage"] = "upsert"
    upsert_started = now_ms()
    protocol.start("upsert", upsert_started)
    timed = TimedEmbeddings(embeddings, on_first_call=lambda t: protocol.start("embed", t))
    store = create_vector_store(workload.qdrant_url, workload.qdrant_api_key, workload.collection, dim, timed)
    ids = [point_id(c.metadata["source"], c.metadata["chunk_index"]) for c in chunks]
    try:
        added = store.add_documents(chunks, ids=ids, batch_size=workload.upsert_batch_size)
    except PipelineError:
        raise
    except Exception as exc:
        if timed.first_start_ms is not None and timed.last_end_ms is None:
            raise PipelineError("embed", f"embedding failed: {type(exc).__name__}: {exc}") from exc
        raise PipelineError("upsert", describe_qdrant_error(workload.qdrant_url, exc)) from exc
    upsert_ended = now_ms()
    if timed.first_start_ms is None:  # no chunks at all: an empty embed stage
        protocol.start("embed", upsert_ended)
        timed.first_start_ms = timed.last_end_ms = upsert_ended

    tokens = 0
    if hf_embeddings is not None:  # counted outside the timed stages (rule 7 allows it)
        from .embeddings import count_tokens

        tokens = count_tokens(hf_embeddings, [c.page_content for c in chunks], workload.embed_batch_size)
    protocol.end("embed", timed.busy_ms, timed.last_end_ms, chunks=timed.texts_embedded, tokens=tokens)
    protocol.end("upsert", (upsert_ended - upsert_started) - timed.busy_ms, upsert_ended, points=len(added))
    state["stage"] = None
    protocol.emit(
        "done",
        documents=len(corpus.documents),
        skipped_files=corpus.skipped_files,
        chunks=len(chunks),
        tokens=tokens,
        points=len(added),
        overlapped=["embed", "upsert"],
    )
