"""Load the listed corpus files (contract rule 1) with LangChain's TextLoader (rule 2)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from langchain_community.document_loaders import TextLoader
from langchain_core.documents import Document

from .errors import PipelineError


@dataclass
class Corpus:
    documents: list[Document] = field(default_factory=list)
    skipped_files: list[dict] = field(default_factory=list)
    bytes_read: int = 0


def load_corpus(root: Path, files: list[str]) -> Corpus:
    if not root.is_dir():
        raise PipelineError("read", f"corpus directory {root} does not exist")
    corpus = Corpus()
    for rel in files:
        path = root / rel
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise PipelineError("read", f"cannot read corpus file {rel} ({path}): {exc.strerror}") from exc
        if b"\x00" in raw:
            corpus.skipped_files.append({"path": rel, "reason": "binary"})
            continue
        try:
            # TextLoader opens the file in text mode: '\r\n' and '\r' become '\n', a BOM stays.
            (document,) = TextLoader(str(path), encoding="utf-8").load()
        except RuntimeError as exc:
            cause = exc.__cause__
            if isinstance(cause, UnicodeDecodeError):
                raise PipelineError(
                    "read", f"corpus file {rel} is not valid UTF-8 (byte {cause.start}: {cause.reason})"
                ) from exc
            raise PipelineError("read", f"cannot read corpus file {rel}: {cause or exc}") from exc
        document.metadata = {"source": rel}
        corpus.documents.append(document)
        corpus.bytes_read += len(raw)
    if not corpus.documents:
        raise PipelineError("read", f"corpus {root} has no readable text files")
    return corpus
