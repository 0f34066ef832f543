"""Load and validate the workload file against pipelines/workload.schema.json."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import jsonschema

from .errors import PipelineError

SCHEMA_PATH = Path(__file__).resolve().parents[3] / "pipelines" / "workload.schema.json"


@dataclass(frozen=True)
class QuerySettings:
    """The query job's `query` object (pipelines/README.md, "The query job")."""

    texts: list[str]
    top_k: int
    concurrency: list[int]
    passes: int


@dataclass(frozen=True)
class Workload:
    corpus_dir: Path
    files: list[str]
    chunk_size: int
    chunk_overlap: int
    separators: list[str]
    model_dir: Path
    embed_batch_size: int
    upsert_batch_size: int
    threads: int
    qdrant_url: str
    qdrant_api_key: str | None
    collection: str
    mode: str
    job: str = "index"
    """`index` (the default), `tokenize` or `query` (pipelines/README.md, "The tokenize job", "The query job")."""
    target_bytes: int | None = None
    """The tokenize job's grown corpus size (`tokenize.target_bytes`)."""
    query: QuerySettings | None = None
    """The query job's settings (`query`)."""
    batch_events: bool = False
    """One `batch` event per forward pass of the embed stage (pipelines/README.md, "Per-batch events")."""
    shard_number: int | None = None
    """`qdrant.shard_number`, sent when the collection is created; None: not sent (Qdrant's default)."""
    replication_factor: int | None = None
    """`qdrant.replication_factor`, likewise."""


def _field_path(error: jsonschema.ValidationError) -> str:
    parts = [str(p) for p in error.absolute_path]
    if error.validator == "required":
        # the message names the missing property; the path is its parent object
        missing = error.message.split("'")[1]
        parts.append(missing)
        return ".".join(parts)
    return ".".join(parts) or "(top level)"


def _describe(error: jsonschema.ValidationError) -> str:
    field = _field_path(error)
    if error.validator == "required":
        return f"workload: {field} is required"
    if error.validator == "minimum":
        return f"workload: {field} must be an integer >= {error.validator_value} (got {error.instance!r})"
    if error.validator == "type":
        return f"workload: {field} must be of type {error.validator_value} (got {error.instance!r})"
    if error.validator == "additionalProperties":
        return f"workload: {field}: {error.message}"
    return f"workload: {field}: {error.message}"


def load_schema() -> dict:
    try:
        return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    except OSError as exc:
        raise PipelineError(None, f"cannot read the workload schema {SCHEMA_PATH}: {exc.strerror}") from exc


def load_workload(path: Path) -> Workload:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise PipelineError(None, f"workload file {path} does not exist") from exc
    except OSError as exc:
        raise PipelineError(None, f"cannot read workload file {path}: {exc.strerror}") from exc
    except (ValueError, UnicodeDecodeError) as exc:
        raise PipelineError(None, f"workload file {path} is not valid JSON: {exc}") from exc

    validator = jsonschema.Draft202012Validator(load_schema())
    error = jsonschema.exceptions.best_match(validator.iter_errors(raw))
    if error is not None:
        raise PipelineError(None, _describe(error))

    chunking = raw["chunking"]
    if chunking["chunk_overlap"] >= chunking["chunk_size"]:
        raise PipelineError(None, "workload: chunking.chunk_overlap must be smaller than chunking.chunk_size")

    base = path.resolve().parent  # relative directories are relative to the workload file
    qdrant = raw["qdrant"]
    corpus = raw["corpus"]
    return Workload(
        corpus_dir=(base / corpus["dir"]).resolve(),
        files=corpus["files"],
        chunk_size=chunking["chunk_size"],
        chunk_overlap=chunking["chunk_overlap"],
        separators=chunking["separators"],
        model_dir=(base / raw["model"]["dir"]).resolve(),
        embed_batch_size=raw["embed_batch_size"],
        upsert_batch_size=raw["upsert_batch_size"],
        threads=raw["threads"],
        qdrant_url=qdrant["url"],
        qdrant_api_key=qdrant.get("api_key"),
        collection=qdrant["collection"],
        mode=raw["mode"],
        job=raw.get("job", "index"),
        target_bytes=raw.get("tokenize", {}).get("target_bytes"),
        query=QuerySettings(**raw["query"]) if "query" in raw else None,
        batch_events=raw.get("batch_events", False),
        shard_number=qdrant.get("shard_number"),
        replication_factor=qdrant.get("replication_factor"),
    )
