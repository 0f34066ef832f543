"""The embed-and-index job, stage by stage, reported on the protocol."""

from __future__ import annotations

import os
import platform
from importlib import metadata

from .chunking import point_id
from .corpus import Corpus, load_corpus
from .embeddings import STUB_DIM, Sha256StubEmbeddings, TimedEmbeddings
from .errors import PipelineError
from .parts import CORE_LIBRARIES, LoadedModel, Parts
from .protocol import Protocol, now_ms
from .store import create_vector_store, describe_qdrant_error
from .workload import Workload


def library_versions(names: list[str]) -> dict[str, str]:
    return {name: metadata.version(name) for name in names}


def announce_ready(workload: Workload, protocol: Protocol, parts: Parts) -> None:
    """`ready` once the runtime is loaded. Its time is taken before the version look-ups: they
    only describe the run, and are not start-up work of the pipeline."""
    full = workload.mode == "full"
    # the Rayon pool of the Rust `tokenizers` is created lazily, on first use, from this
    os.environ["RAYON_NUM_THREADS"] = str(workload.threads)
    if full:
        parts.load_runtime(workload.threads)
    ready_ms = now_ms()
    protocol.emit(
        "ready",
        ready_ms,
        pipeline=parts.pipeline_id,
        runtime={"name": platform.python_implementation().lower(), "version": platform.python_version()},
        libraries=library_versions(CORE_LIBRARIES + (parts.libraries if full else [])),
        threads=workload.threads,
    )


def load_model(workload: Workload, protocol: Protocol, state: dict, parts: Parts) -> LoadedModel:
    if workload.mode != "full":
        stub = Sha256StubEmbeddings(STUB_DIM, workload.embed_batch_size)
        return LoadedModel(stub, STUB_DIM, lambda: 0, stub.clock)
    state["stage"] = "model_load"
    started = now_ms()
    protocol.start("model_load", started)
    model = parts.load_model(workload.model_dir, workload.embed_batch_size, workload.threads)
    ended = now_ms()
    protocol.end("model_load", ended - started, ended)
    return model


def read(workload: Workload, protocol: Protocol, state: dict) -> Corpus:
    state["stage"] = "read"
    started = now_ms()
    protocol.start("read", started)
    corpus = load_corpus(workload.corpus_dir, workload.files)
    ended = now_ms()
    protocol.end(
        "read",
        ended - started,
        ended,
        documents=len(corpus.documents),
        skipped_files=corpus.skipped_files,
        bytes=corpus.bytes_read,
    )
    return corpus


def chunk(workload: Workload, protocol: Protocol, state: dict, parts: Parts, corpus: Corpus) -> list:
    state["stage"] = "chunk"
    started = now_ms()
    protocol.start("chunk", started)
    chunks = parts.split(workload, corpus.documents)
    ended = now_ms()
    protocol.end("chunk", ended - started, ended, chunks=len(chunks))
    return chunks


def embed_and_upsert(workload: Workload, protocol: Protocol, state: dict, model: LoadedModel, chunks: list) -> int:
    """embed and upsert interleave inside add_documents: upsert starts with the collection's
    creation, embed with LangChain's first embed call; each reports its own busy time."""
    state["stage"] = "upsert"
    upsert_started = now_ms()
    protocol.start("upsert", upsert_started)
    timed = TimedEmbeddings(model.embeddings, on_first_call=lambda t: protocol.start("embed", t))
    if workload.batch_events:
        model.batches.listener = lambda index, size, tokens, ms, t: protocol.emit(
            "batch", t, stage="embed", index=index, size=size, tokens=tokens, ms=ms
        )
    store = create_vector_store(
        workload.qdrant_url,
        workload.qdrant_api_key,
        workload.collection,
        model.dimension,
        timed,
        shard_number=workload.shard_number,
        replication_factor=workload.replication_factor,
    )
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
    end_embed = dict(chunks=timed.texts_embedded, tokens=model.tokens_seen())
    protocol.end("embed", timed.busy_ms, timed.last_end_ms, **end_embed)
    protocol.end("upsert", (upsert_ended - upsert_started) - timed.busy_ms, upsert_ended, points=len(added))
    return len(added)


def run(workload: Workload, protocol: Protocol, state: dict, parts: Parts) -> None:
    announce_ready(workload, protocol, parts)
    model = load_model(workload, protocol, state, parts)
    corpus = read(workload, protocol, state)
    chunks = chunk(workload, protocol, state, parts, corpus)
    points = embed_and_upsert(workload, protocol, state, model, chunks)
    state["stage"] = None
    protocol.emit(
        "done",
        documents=len(corpus.documents),
        skipped_files=corpus.skipped_files,
        chunks=len(chunks),
        tokens=model.tokens_seen(),
        points=points,
        # add_documents takes turns on one thread: embed a batch, upsert it (pipelines/README.md)
        overlapped=[{"stages": ["embed", "upsert"], "kind": "interleaved"}],
    )
