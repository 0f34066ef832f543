"""Find the corpus files (contract rule 1) and load them with LangChain's TextLoader (rule 2)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from langchain_community.document_loaders import TextLoader
from langchain_core.documents import Document

from .errors import PipelineError


def glob_regex(pattern: str) -> re.Pattern[str]:
    """The schema's globs: '**/' = zero or more directories, '*' = a run within one segment, '?' = one character."""
    out, i = [], 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append("(?:[^/]+/)*")
            i += 3
        elif pattern[i] == "*":
            out.append("[^/]*")
            i += 1
        elif pattern[i] == "?":
            out.append("[^/]")
            i += 1
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    return re.compile("".join(out))


def match_globs(root: Path, globs: list[str]) -> list[str]:
    """Relative '/'-separated paths matching any glob, dot-names excluded, in code-point order."""
    regexes = [glob_regex(g) for g in globs]
    found = []
    for path in root.rglob("*"):
        rel = path.relative_to(root).as_posix()
        if any(part.startswith(".") for part in rel.split("/")) or not path.is_file():
            continue
        if any(rx.fullmatch(rel) for rx in regexes):
            found.append(rel)
    return sorted(found)


@dataclass
class Corpus:
    documents: list[Document] = field(default_factory=list)
    skipped_files: list[dict] = field(default_factory=list)
    bytes_read: int = 0


def load_corpus(root: Path, files: list[str] | None, globs: list[str]) -> Corpus:
    if not root.is_dir():
        raise PipelineError("read", f"corpus directory {root} does not exist")
    relative_paths = files if files is not None else match_globs(root, globs)
    corpus = Corpus()
    for rel in relative_paths:
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
