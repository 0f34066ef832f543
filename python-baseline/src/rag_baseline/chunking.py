"""Split documents with LangChain's RecursiveCharacterTextSplitter (contract rule 3)."""

from __future__ import annotations

import uuid

from langchain_core.documents import Document
from langchain_text_splitters import RecursiveCharacterTextSplitter

POINT_NAMESPACE = uuid.NAMESPACE_URL  # 6ba7b811-9dad-11d1-80b4-00c04fd430c8


def make_splitter(chunk_size: int, chunk_overlap: int, separators: list[str]) -> RecursiveCharacterTextSplitter:
    return RecursiveCharacterTextSplitter(
        chunk_size=chunk_size,
        chunk_overlap=chunk_overlap,
        separators=separators,
        keep_separator=True,
        is_separator_regex=False,
        strip_whitespace=True,
    )


def split_documents(splitter: RecursiveCharacterTextSplitter, documents: list[Document]) -> list[Document]:
    """Chunks in file order, each carrying metadata {source, chunk_index} (rule 4)."""
    chunks = []
    for document in documents:
        for index, chunk in enumerate(splitter.split_documents([document])):
            chunk.metadata = {"source": document.metadata["source"], "chunk_index": index}
            chunks.append(chunk)
    return chunks


def point_id(source: str, chunk_index: int) -> str:
    return str(uuid.uuid5(POINT_NAMESPACE, f"{source}#{chunk_index}"))


def split_with_langchain(workload, documents: list[Document]) -> list[Document]:
    """The `chunk` stage of the LangChain pipelines: RecursiveCharacterTextSplitter per document."""
    splitter = make_splitter(workload.chunk_size, workload.chunk_overlap, workload.separators)
    return split_documents(splitter, documents)
