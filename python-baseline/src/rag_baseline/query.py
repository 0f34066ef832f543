"""The contract's `query` job (pipelines/README.md, "The query job"): the agent's retrieval loop.
Each query is one short text embedded the way a LangChain user embeds a question
(`Embeddings.embed_query`) and searched with qdrant-client's `query_points` (limit top_k, no
payload, no vectors): once alone (the cold query), then at each concurrency level by a
`ThreadPoolExecutor(max_workers=c)` whose threads share one model and one client."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from langchain_core.embeddings import Embeddings
from qdrant_client import QdrantClient

from .errors import PipelineError
from .parts import Parts
from .pipeline import announce_ready, load_model
from .protocol import Protocol, now_ms
from .store import connect, describe_qdrant_error
from .workload import QuerySettings, Workload


class Searcher:
    """One query, start to answer: embed the text alone, search, time both together."""

    def __init__(self, workload: Workload, embeddings: Embeddings, client: QdrantClient):
        self.url = workload.qdrant_url
        self.collection = workload.collection
        self.top_k = workload.query.top_k
        self.embeddings = embeddings
        self.client = client

    def __call__(self, stage: str, text: str) -> tuple[float, list[str]]:
        """(latency in ms from taking the text to holding the answer, point ids in score order)"""
        started = now_ms()
        try:
            vector = self.embeddings.embed_query(text)
        except Exception as exc:
            raise PipelineError(stage, f"embedding the query {text!r} failed: {type(exc).__name__}: {exc}") from exc
        try:
            response = self.client.query_points(
                self.collection, query=vector, limit=self.top_k, with_payload=False, with_vectors=False
            )
        except Exception as exc:
            message = describe_qdrant_error(self.url, exc)
            raise PipelineError(stage, f"searching collection {self.collection!r}: {message}") from exc
        ended = now_ms()
        return ended - started, [str(point.id) for point in response.points]


def shared_queue(settings: QuerySettings) -> list[str]:
    """The texts `passes` times over, in order: what a level's workers take from, one at a time."""
    return settings.texts * settings.passes


def run_level(
    searcher: Searcher, protocol: Protocol, state: dict, concurrency: int, queue: list[str]
) -> list[tuple[float, list[str]]]:
    """Stage `query_c<c>`: c threads take the queue's texts in order (the pool's own work queue);
    map returns the results in queue order."""
    stage = f"query_c{concurrency}"
    state["stage"] = stage
    started = now_ms()
    protocol.start(stage, started)
    pool = ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix=stage)
    try:
        results = list(pool.map(lambda text: searcher(stage, text), queue))
    finally:
        pool.shutdown(wait=True, cancel_futures=True)  # after a failure: no more queries
    ended = now_ms()
    latencies = [latency for latency, _ in results]
    protocol.end(stage, ended - started, ended, concurrency=concurrency, queries=len(results), latencies_ms=latencies)
    state["stage"] = None
    return results


def run_query(workload: Workload, protocol: Protocol, state: dict, parts: Parts) -> None:
    settings = workload.query
    announce_ready(workload, protocol, parts)
    model = load_model(workload, protocol, state, parts)  # stage model_load in full mode; stub: the hash
    searcher = Searcher(workload, model.embeddings, connect(workload.qdrant_url, workload.qdrant_api_key))

    state["stage"] = "query_cold"
    started = now_ms()
    protocol.start("query_cold", started)
    latency, _ = searcher("query_cold", settings.texts[0])
    ended = now_ms()
    protocol.end("query_cold", ended - started, ended, queries=1, latencies_ms=[latency])

    queries = 1
    answers: list[list[str]] | None = None
    for concurrency in settings.concurrency:
        results = run_level(searcher, protocol, state, concurrency, shared_queue(settings))
        queries += len(results)
        if answers is None:  # the first pass of the first level
            answers = [ids for _, ids in results[: len(settings.texts)]]
    protocol.emit("done", queries=queries, answers=answers)
