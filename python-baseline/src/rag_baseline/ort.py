"""python -m rag_baseline.ort <workload.json>: the LangChain pipeline (loader, splitter,
QdrantVectorStore) with its embeddings on ONNX Runtime instead of torch: the project's one
ONNX export (`onnx/model.onnx`), the same session settings as the TypeScript pipeline."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
from langchain_core.embeddings import Embeddings

from .embeddings import SENTENCE_TRANSFORMERS_CONFIGS, check_model_dir
from .errors import PipelineError
from .parts import LoadedModel, Parts

PIPELINE_ID = "python-langchain-ort"
LIBRARIES = ["onnxruntime", "tokenizers", "numpy"]
ONNX_FILE = "onnx/model.onnx"
REQUIRED_FILES = SENTENCE_TRANSFORMERS_CONFIGS + ["tokenizer.json", ONNX_FILE]


def load_runtime(_threads: int) -> None:
    """Import the engine before `ready`; its threads are set per session (load_model)."""
    import onnxruntime  # noqa: F401
    import tokenizers  # noqa: F401


class OnnxEmbeddings(Embeddings):
    """sentence-transformers' encode() on ONNX Runtime: texts longest first (stable) in batches of
    `batch_size`, padded to the longest of each batch, mean pooling over the attention mask, L2
    normalisation, vectors back in the caller's order (contract rules 6 and 7)."""

    def __init__(self, session, tokenizer, dimension: int, normalize: bool, batch_size: int):
        self.session, self.tokenizer = session, tokenizer
        self.dimension, self.normalize, self.batch_size = dimension, normalize, batch_size
        self.inputs = {i.name for i in session.get_inputs()}
        self.tokens = 0

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))  # sorted() is stable
        vectors = np.empty((len(texts), self.dimension), dtype=np.float32)
        for start in range(0, len(order), self.batch_size):
            batch = order[start : start + self.batch_size]
            vectors[batch] = self._embed_batch([texts[i] for i in batch])
        return vectors.tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.embed_documents([text])[0]

    def _embed_batch(self, texts: list[str]) -> np.ndarray:
        encodings = self.tokenizer.encode_batch(texts)
        ids = np.asarray([e.ids for e in encodings], dtype=np.int64)
        mask = np.asarray([e.attention_mask for e in encodings], dtype=np.int64)
        self.tokens += int(mask.sum())
        feeds = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in self.inputs:
            feeds["token_type_ids"] = np.zeros_like(ids)
        (hidden,) = self.session.run(None, feeds)
        if hidden.shape != (*ids.shape, self.dimension):
            raise PipelineError(
                "embed", f"model: ONNX output has shape {list(hidden.shape)}, expected {[*ids.shape, self.dimension]}"
            )
        weights = mask[..., None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        if self.normalize:  # torch.nn.functional.normalize's eps
            pooled /= np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None)
        return pooled


def read_json(path: Path) -> dict | list:
    return json.loads(path.read_text(encoding="utf-8"))


def sentence_transformer_config(model_dir: Path) -> tuple[int, int, bool]:
    """(max_seq_length, dimension, normalize) from the sentence-transformers files."""
    pooling = read_json(model_dir / "1_Pooling/config.json")
    if not pooling.get("pooling_mode_mean_tokens"):
        raise PipelineError("model_load", f"{model_dir / '1_Pooling/config.json'}: only mean pooling is implemented")
    modules = read_json(model_dir / "modules.json")
    normalize = any(m.get("type", "").endswith("Normalize") for m in modules)
    max_seq_length = read_json(model_dir / "sentence_bert_config.json")["max_seq_length"]
    return int(max_seq_length), int(pooling["word_embedding_dimension"]), normalize


def load_tokenizer(model_dir: Path, max_seq_length: int):
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
    # sentence-transformers truncates at max_seq_length (not tokenizer.json's) and pads each batch
    # to its longest text
    tokenizer.enable_truncation(max_length=max_seq_length)
    pad_id = tokenizer.token_to_id("[PAD]")
    tokenizer.enable_padding(pad_id=pad_id or 0, pad_token="[PAD]" if pad_id is not None else "<pad>")
    return tokenizer


def load_session(path: Path, threads: int):
    """The TypeScript pipeline's settings (ts-pipeline/src/model.ts): CPU, intra-op = threads,
    inter-op 1, sequential execution, every graph optimisation."""
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    try:
        session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
    except Exception as exc:  # onnxruntime raises its own error types for bad files
        raise PipelineError("model_load", f"cannot load ONNX model {path}: {exc}") from exc
    inputs = [i.name for i in session.get_inputs()]
    for name in ("input_ids", "attention_mask"):
        if name not in inputs:
            raise PipelineError("model_load", f'ONNX model {path} has no input "{name}" (inputs: {", ".join(inputs)})')
    return session


def load_model(model_dir: Path, embed_batch_size: int, threads: int) -> LoadedModel:
    check_model_dir(model_dir, REQUIRED_FILES)
    max_seq_length, dimension, normalize = sentence_transformer_config(model_dir)
    try:
        tokenizer = load_tokenizer(model_dir, max_seq_length)
    except Exception as exc:  # tokenizers raises a plain Exception for a bad file
        raise PipelineError("model_load", f"cannot load {model_dir / 'tokenizer.json'}: {exc}") from exc
    session = load_session(model_dir / ONNX_FILE, threads)
    embeddings = OnnxEmbeddings(session, tokenizer, dimension, normalize, embed_batch_size)
    return LoadedModel(embeddings, dimension, lambda: embeddings.tokens)


def ort_parts() -> Parts:
    from .chunking import split_with_langchain

    return Parts(PIPELINE_ID, LIBRARIES, load_runtime, load_model, split_with_langchain)


if __name__ == "__main__":
    from .__main__ import main

    sys.exit(main(sys.argv[1:], ort_parts, "rag_baseline.ort"))
