"""What every engine shares: the stub embedding, the timer around LangChain's embed calls,
and the check of the model directory.

- stub: the contract's SHA-256 hash embedding (rule 8) as a LangChain Embeddings subclass.
- full: each engine's own module (`torch_engine`, `ort`) loads the model.
"""

from __future__ import annotations

import hashlib
import json
import struct
from collections.abc import Callable
from pathlib import Path

import numpy as np
from langchain_core.embeddings import Embeddings

from .errors import PipelineError
from .protocol import now_ms

STUB_DIM = 384


def stub_vector(text: str, dim: int = STUB_DIM) -> list[float]:
    data = text.encode("utf-8")
    words: list[int] = []
    k = 0
    while len(words) < dim:
        words.extend(struct.unpack(">8I", hashlib.sha256(data + struct.pack(">I", k)).digest()))
        k += 1
    x = np.asarray(words[:dim], dtype=np.float64) / 2**32 * 2 - 1
    x /= np.linalg.norm(x)
    return x.astype(np.float32).tolist()


BatchListener = Callable[[int, int, int, float, float], None]
"""(index, size, tokens, ms, t_ms) of one forward pass, as the `batch` event carries them."""


class BatchClock:
    """Times each forward pass from the start of its tokenisation to its normalised vectors
    (pipelines/README.md, "Per-batch events") and hands it to `listener`, when one is set."""

    def __init__(self) -> None:
        self.listener: BatchListener | None = None
        self.passes = 0
        self._started: float | None = None

    def begin(self) -> None:
        self._started = now_ms()

    def finish(self, size: int, tokens: int) -> None:
        ended = now_ms()
        started, self._started = self._started, None
        if self.listener is not None and started is not None:
            self.listener(self.passes, size, tokens, ended - started, ended)
        self.passes += 1


class Sha256StubEmbeddings(Embeddings):
    """Deterministic hash vectors of the model's dimension: no model, no tokenisation. Texts go
    `batch_size` at a time, as the model's forward passes would, each timed by `clock`."""

    def __init__(self, dim: int = STUB_DIM, batch_size: int = 32):
        self.dim = dim
        self.batch_size = batch_size
        self.clock = BatchClock()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        vectors: list[list[float]] = []
        for start in range(0, len(texts), self.batch_size):
            self.clock.begin()
            part = [stub_vector(text, self.dim) for text in texts[start : start + self.batch_size]]
            self.clock.finish(len(part), 0)
            vectors.extend(part)
        return vectors

    def embed_query(self, text: str) -> list[float]:
        return stub_vector(text, self.dim)


class TimedEmbeddings(Embeddings):
    """Delegates to an Embeddings object and sums the time spent inside embed_documents.

    LangChain's add_documents alternates embed and upsert per batch; this wrapper is how the
    pipeline tells the two apart without changing what LangChain does.
    """

    def __init__(self, inner: Embeddings, on_first_call: Callable[[float], None] | None = None):
        self.inner = inner
        self.busy_ms = 0.0
        self.first_start_ms: float | None = None
        self.last_end_ms: float | None = None
        self.texts_embedded = 0
        self._on_first_call = on_first_call

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        started = now_ms()
        if self.first_start_ms is None:
            self.first_start_ms = started
            if self._on_first_call:
                self._on_first_call(started)
        vectors = self.inner.embed_documents(texts)
        self.last_end_ms = now_ms()
        self.busy_ms += self.last_end_ms - started
        self.texts_embedded += len(texts)
        return vectors

    def embed_query(self, text: str) -> list[float]:
        return self.inner.embed_query(text)


SENTENCE_TRANSFORMERS_CONFIGS = ["config.json", "sentence_bert_config.json", "modules.json", "1_Pooling/config.json"]


def check_model_dir(model_dir: Path, required: list[str]) -> None:
    """Fail with the exact file when the model directory is incomplete or a config is not JSON."""
    if not model_dir.is_dir():
        raise PipelineError(
            "model_load",
            f"model directory {model_dir} does not exist (run python-baseline/scripts/materialize_model.py)",
        )
    missing = [rel for rel in required if not (model_dir / rel).is_file()]
    if missing:
        raise PipelineError("model_load", f"model directory {model_dir} lacks {', '.join(missing)}")
    for rel in SENTENCE_TRANSFORMERS_CONFIGS:
        try:
            json.loads((model_dir / rel).read_text(encoding="utf-8"))
        except (ValueError, UnicodeDecodeError) as exc:
            raise PipelineError("model_load", f"model file {model_dir / rel} is not valid JSON: {exc}") from exc
