"""python -m rag_baseline.rust_ext <workload.json>: the LangChain pipeline with its Python-bound
part, text splitting, in Rust through PyO3 (the `rag_rust_ext` module built from
python-rust-ext/ by maturin). LangChain's TextLoader, HuggingFaceEmbeddings and
QdrantVectorStore stay; the splitter is rag-core's, so the chunks are identical to the
Rust pipeline's by construction."""

from __future__ import annotations

import sys

from langchain_core.documents import Document

from . import torch_engine
from .errors import PipelineError
from .parts import Parts

PIPELINE_ID = "python-langchain-rust-ext"
EXTENSION = "rag_rust_ext"


def split_in_rust(workload, documents: list[Document]) -> list[Document]:
    """The `chunk` stage: every document split by the extension (GIL released inside), then the
    chunks as LangChain Documents with metadata {source, chunk_index} (rule 4)."""
    from rag_rust_ext import split_texts

    pieces = split_texts(
        [d.page_content for d in documents], workload.chunk_size, workload.chunk_overlap, workload.separators
    )
    chunks = []
    for document, texts in zip(documents, pieces, strict=True):
        source = document.metadata["source"]
        chunks.extend(
            Document(page_content=text, metadata={"source": source, "chunk_index": index})
            for index, text in enumerate(texts)
        )
    return chunks


def rust_ext_parts() -> Parts:
    """The extension is imported here, before `ready`: loading it is start-up, in both modes."""
    try:
        import rag_rust_ext  # noqa: F401
    except ImportError as exc:
        raise PipelineError(
            None,
            f"the Rust extension {EXTENSION} is not installed ({exc}): build it with "
            "`maturin build --release -m python-rust-ext/Cargo.toml` and pip install the wheel",
        ) from exc
    return Parts(
        PIPELINE_ID,
        torch_engine.LIBRARIES + ["rag-rust-ext"],
        torch_engine.load_runtime,
        torch_engine.load_model,
        split_in_rust,
    )


if __name__ == "__main__":
    from .__main__ import main

    sys.exit(main(sys.argv[1:], rust_ext_parts, "rag_baseline.rust_ext"))
