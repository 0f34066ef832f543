"""The baseline's engine: langchain-huggingface's HuggingFaceEmbeddings over sentence-transformers
and torch, on the local model directory, with the CPU settings listed in README.md."""

from __future__ import annotations

import ctypes
import ctypes.util
from pathlib import Path

from .embeddings import SENTENCE_TRANSFORMERS_CONFIGS, BatchClock, check_model_dir
from .errors import PipelineError
from .parts import LoadedModel

LIBRARIES = ["langchain-huggingface", "sentence-transformers", "transformers", "torch", "tokenizers"]
REQUIRED_FILES = SENTENCE_TRANSFORMERS_CONFIGS + ["tokenizer.json", "model.safetensors"]


def load_runtime(threads: int) -> None:
    """Tune malloc, import the model stack (start-up includes loading the runtime's libraries) and
    size torch's pools: intra-op = threads, inter-op 1 (one forward pass at a time)."""
    keep_freed_memory_for_reuse()
    import langchain_huggingface  # noqa: F401
    import sentence_transformers  # noqa: F401
    import torch

    torch.set_num_threads(threads)
    torch.set_num_interop_threads(1)


M_TRIM_THRESHOLD, M_MMAP_MAX = -1, -4  # glibc's malloc.h


def keep_freed_memory_for_reuse() -> None:
    """glibc malloc: serve big blocks from the heap and keep freed memory there for the next
    layer, instead of a fresh mmap (page-faulted and zeroed) per large tensor; the same tuning
    rust-pipeline's alloc.rs applies. A no-op where the C library is not glibc."""
    libc = ctypes.CDLL(ctypes.util.find_library("c"))
    if hasattr(libc, "mallopt") and hasattr(libc, "gnu_get_libc_version"):
        libc.mallopt(M_MMAP_MAX, 0)
        libc.mallopt(M_TRIM_THRESHOLD, 1 << 30)


def check_weights(model_dir: Path) -> None:
    from safetensors import safe_open

    weights = model_dir / "model.safetensors"
    try:
        with safe_open(str(weights), framework="pt") as handle:
            handle.keys()
    except Exception as exc:  # safetensors has its own error types for bad headers / sizes
        raise PipelineError("model_load", f"model file {weights} is corrupt: {exc}") from exc


def load_hf_embeddings(model_dir: Path, embed_batch_size: int):
    """HuggingFaceEmbeddings exactly as langchain-huggingface documents it, on a local directory."""
    from langchain_huggingface import HuggingFaceEmbeddings

    check_model_dir(model_dir, REQUIRED_FILES)
    check_weights(model_dir)
    try:
        return HuggingFaceEmbeddings(
            model_name=str(model_dir),
            model_kwargs={"device": "cpu"},
            encode_kwargs={"batch_size": embed_batch_size, "normalize_embeddings": True},
        )
    except Exception as exc:
        raise PipelineError(
            "model_load", f"cannot load the model from {model_dir}: {type(exc).__name__}: {exc}"
        ) from exc


class TokenCounter:
    """Adds up the non-padding tokens ([CLS]/[SEP] included) of every batch the model runs,
    read from the attention mask as the batch goes into the forward pass."""

    def __init__(self, sentence_transformer):
        self.tokens = 0
        sentence_transformer.register_forward_pre_hook(self._count)

    def _count(self, _module, args) -> None:
        self.tokens += int(args[0]["attention_mask"].sum())


def time_each_pass(sentence_transformer, clock: BatchClock) -> None:
    """sentence-transformers' encode loop runs `preprocess` (the tokenizer) then the module's
    forward per batch: the clock starts with the one and stops after the other (pooling and
    Normalize included), the pass's size and tokens read from its attention mask."""
    preprocess = sentence_transformer.preprocess

    def timed_preprocess(*args, **kwargs):
        clock.begin()
        return preprocess(*args, **kwargs)

    def after_forward(_module, args, _output) -> None:
        mask = args[0]["attention_mask"]
        clock.finish(int(mask.shape[0]), int(mask.sum()))

    sentence_transformer.preprocess = timed_preprocess
    sentence_transformer.register_forward_hook(after_forward)


def load_model(model_dir: Path, embed_batch_size: int, _threads: int) -> LoadedModel:
    hf_embeddings = load_hf_embeddings(model_dir, embed_batch_size)
    model = hf_embeddings._client  # the SentenceTransformer langchain-huggingface holds
    counter = TokenCounter(model)
    clock = BatchClock()
    time_each_pass(model, clock)
    return LoadedModel(hf_embeddings, int(model.get_embedding_dimension()), lambda: counter.tokens, clock)
