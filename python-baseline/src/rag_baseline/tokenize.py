"""The contract's `tokenize` job (pipelines/README.md, "The tokenize job"): the corpus grown to
`tokenize.target_bytes` by repeating whole documents, tokenised with Hugging Face's Python
binding `tokenizers` as sentence-transformers sets it up for embedding (truncation at
`max_seq_length`, padding to each batch's longest), batched and one text at a time."""

from __future__ import annotations

import json
import os
import platform
from collections.abc import Callable, Iterator
from importlib import metadata
from pathlib import Path
from typing import Any

from .corpus import load_corpus
from .errors import PipelineError
from .protocol import Protocol, now_ms
from .workload import Workload


def grow(texts: list[str], target_bytes: int) -> list[int]:
    """Indices into `texts`: whole documents in order, cycling, until their UTF-8 bytes reach
    `target_bytes` (empty texts only: nothing, they would never reach it)."""
    sizes = [len(t.encode("utf-8")) for t in texts]
    if not any(sizes):
        return []
    picked: list[int] = []
    total = 0
    while total < target_bytes:
        for i, size in enumerate(sizes):
            if total >= target_bytes:
                break
            picked.append(i)
            total += size
    return picked


def load_tokenizer(model_dir: Path, truncate: bool = True):
    """tokenizer.json with rule 7's settings: truncation at sentence_bert_config.json's
    max_seq_length (not the file's 128), padding to each batch's longest (not to a fixed 128)."""
    from tokenizers import Tokenizer

    path = model_dir / "tokenizer.json"
    config_path = model_dir / "sentence_bert_config.json"
    try:
        tokenizer = Tokenizer.from_file(str(path))
        max_seq_length = json.loads(config_path.read_text(encoding="utf-8"))["max_seq_length"]
    except Exception as exc:  # the binding raises plain Exception for a bad tokenizer.json
        raise PipelineError("tokenizer_load", f"cannot load the tokenizer of {model_dir}: {exc}") from exc
    if truncate:
        tokenizer.enable_truncation(max_length=max_seq_length)
        padding = tokenizer.padding or {}
        # the file's pad token and id, only the strategy changes (length None: the longest)
        tokenizer.enable_padding(pad_id=padding.get("pad_id", 0), pad_token=padding.get("pad_token", "[PAD]"))
    else:
        tokenizer.no_truncation()
        tokenizer.no_padding()
    return tokenizer


def _batches(texts: list[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(texts), size):
        yield texts[start : start + size]


def _timed(protocol: Protocol, state: dict, stage: str, work: Callable[[], Any], **counts: Any) -> Any:
    state["stage"] = stage
    started = now_ms()
    protocol.start(stage, started)
    result = work()
    ended = now_ms()
    protocol.end(stage, ended - started, ended, **counts, **({"tokens": result} if isinstance(result, int) else {}))
    state["stage"] = None
    return result


def run_tokenize(workload: Workload, protocol: Protocol, state: dict, pipeline_id: str) -> None:
    # encode_batch runs on the Rust crate's Rayon pool, created lazily from this on first use
    os.environ["RAYON_NUM_THREADS"] = str(workload.threads)
    protocol.emit(
        "ready",
        pipeline=pipeline_id,
        runtime={"name": platform.python_implementation().lower(), "version": platform.python_version()},
        libraries={"tokenizers": metadata.version("tokenizers")},
        threads=workload.threads,
    )
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
    distinct = [d.page_content for d in corpus.documents]
    grown = grow(distinct, workload.target_bytes or 0)
    texts = [distinct[i] for i in grown]
    size = {"documents": len(texts), "bytes": sum(len(distinct[i].encode("utf-8")) for i in grown)}
    tokenizer = _timed(protocol, state, "tokenizer_load", lambda: load_tokenizer(workload.model_dir))

    def batched() -> int:
        return sum(
            sum(sum(e.attention_mask) for e in tokenizer.encode_batch(group))
            for group in _batches(texts, workload.embed_batch_size)
        )

    def single() -> int:
        return sum(sum(tokenizer.encode(text).attention_mask) for text in texts)

    batched_tokens = _timed(protocol, state, "tokenize_batched", batched, **size)
    single_tokens = _timed(protocol, state, "tokenize_single", single, **size)
    if batched_tokens != single_tokens:
        raise PipelineError(
            None, f"tokenize: the batched pass counted {batched_tokens} tokens, one at a time {single_tokens}"
        )
    full = load_tokenizer(workload.model_dir, truncate=False)
    per_document = [len(e.ids) for e in full.encode_batch(distinct)]
    protocol.emit(
        "done",
        **size,
        tokens=batched_tokens,
        tokens_untruncated=sum(per_document[i] for i in grown),
        skipped_files=corpus.skipped_files,
    )
