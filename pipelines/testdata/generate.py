#!/usr/bin/env python3
"""Regenerate the shared test vectors of the pipeline contract from the reference libraries.

    python-baseline/.venv/bin/python pipelines/testdata/generate.py [--model models/all-MiniLM-L6-v2]

- expected_chunks.json: LangChain's RecursiveCharacterTextSplitter on corpus/ (two settings)
- tokens.json:          sentence-transformers token ids for sentences.json-like SENTENCES
- embeddings.json:      sentence-transformers embeddings (normalised) for the same sentences
- stub_embeddings.json: the contract's SHA-256 stub embedding for STUB_TEXTS

Written independently of any pipeline, straight from pipelines/README.md.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import struct
import sys
import uuid
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")

HERE = Path(__file__).resolve().parent
REPO_ROOT = HERE.parents[1]
CORPUS = HERE / "corpus"
DEFAULT_GLOBS = ["**/*.txt", "**/*.md", "**/*.rst"]
SEPARATORS = ["\n\n", "\n", " ", ""]
CHUNK_SETTINGS = [(200, 40), (1000, 200)]
POINT_NAMESPACE = uuid.UUID("6ba7b811-9dad-11d1-80b4-00c04fd430c8")
STUB_DIM = 384

LONG_TEXT = (CORPUS / "long_paragraph.txt").read_text(encoding="utf-8")
SENTENCES = [
    "The quick brown fox jumps over the lazy dog.",
    "",
    "   \n\t  ",
    "Ünïcödé: café, naïve, Zürich, Ångström, 日本語のテキスト, emoji 🚀🔥👩‍💻 and the clef 𝄞.",
    "\ufeffA text that starts with a byte order mark.",
    "fn main() { println!(\"{}\", 42); } // 0x1F user@example.com https://qdrant.tech/",
    # about 150 tokens: longer than tokenizer.json's 128, shorter than 256
    LONG_TEXT.split("\n\n")[1][:700],
    # well over 256 tokens: truncated by sentence-transformers at 256
    LONG_TEXT,
]
STUB_TEXTS = ["", "hello", "naïve café 🚀", "A" * 1000, SENTENCES[0]]


def glob_regex(pattern: str) -> re.Pattern[str]:
    """The schema's glob: '**/' = zero or more directories, '*' = run within a segment, '?' = one char."""
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


def list_corpus(root: Path, globs: list[str]) -> list[str]:
    regexes = [glob_regex(g) for g in globs]
    found = []
    for path in root.rglob("*"):
        rel = path.relative_to(root).as_posix()
        if not path.is_file() or any(part.startswith(".") for part in rel.split("/")):
            continue
        if any(rx.fullmatch(rel) for rx in regexes):
            found.append(rel)
    return sorted(found)  # code-point order


def read_documents(root: Path, files: list[str]):
    documents, skipped = [], []
    for rel in files:
        raw = (root / rel).read_bytes()
        if b"\x00" in raw:
            skipped.append({"path": rel, "reason": "binary"})
            continue
        text = raw.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")
        documents.append((rel, text))
    return documents, skipped


def expected_chunks() -> dict:
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    files = list_corpus(CORPUS, DEFAULT_GLOBS)
    documents, skipped = read_documents(CORPUS, files)
    settings = []
    for chunk_size, chunk_overlap in CHUNK_SETTINGS:
        splitter = RecursiveCharacterTextSplitter(
            chunk_size=chunk_size, chunk_overlap=chunk_overlap, separators=SEPARATORS
        )
        chunks = []
        for source, text in documents:
            for index, piece in enumerate(splitter.split_text(text)):
                chunks.append({
                    "source": source,
                    "chunk_index": index,
                    "id": str(uuid.uuid5(POINT_NAMESPACE, f"{source}#{index}")),
                    "text": piece,
                })
        settings.append({
            "chunk_size": chunk_size,
            "chunk_overlap": chunk_overlap,
            "separators": SEPARATORS,
            "chunks": chunks,
        })
    return {
        "corpus_dir": "corpus",
        "globs": DEFAULT_GLOBS,
        "files": files,
        "documents": [source for source, _ in documents],
        "skipped_files": skipped,
        "settings": settings,
    }


def stub_embedding(text: str, dim: int = STUB_DIM) -> list[float]:
    import numpy as np

    data = text.encode("utf-8")
    words: list[int] = []
    k = 0
    while len(words) < dim:
        digest = hashlib.sha256(data + struct.pack(">I", k)).digest()
        words.extend(struct.unpack(">8I", digest))
        k += 1
    x = np.array(words[:dim], dtype=np.float64) / 2**32 * 2 - 1
    x /= np.linalg.norm(x)
    # str of a float32 is its shortest round-trip decimal: exact and short in JSON
    return [float(str(v)) for v in x.astype(np.float32)]


def model_vectors(model_dir: Path) -> tuple[dict, dict]:
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(str(model_dir), device="cpu")
    token_rows = []
    for text in SENTENCES:
        ids = model.preprocess([text])["input_ids"][0].tolist()  # one text: no padding
        token_rows.append({"text": text, "ids": ids})
    vectors = model.encode(SENTENCES, normalize_embeddings=True, convert_to_numpy=True)
    tokens = {
        "model": model_dir.name,
        "max_seq_length": model.max_seq_length,
        "sentences": token_rows,
    }
    embeddings = {
        "model": model_dir.name,
        "dim": int(vectors.shape[1]),
        "normalized": True,
        "sentences": [
            {"text": text, "embedding": [round(float(v), 7) for v in vec]}
            for text, vec in zip(SENTENCES, vectors)
        ],
    }
    return tokens, embeddings


def write_json(name: str, value: dict) -> None:
    text = json.dumps(value, ensure_ascii=False, indent=1)
    # one line per list of numbers (token ids, vectors): readable diffs, small files
    text = re.sub(r"\[\s*(-?[0-9][-0-9.e,\s]*?)\s*\]", lambda m: "[" + re.sub(r",\s+", ",", m.group(1)) + "]", text)
    (HERE / name).write_text(text + "\n", encoding="utf-8")
    print(f"generate: wrote {name}", file=sys.stderr)


def main() -> int:
    parser = argparse.ArgumentParser(description="Regenerate pipelines/testdata vectors.")
    parser.add_argument("--model", type=Path, default=REPO_ROOT / "models" / "all-MiniLM-L6-v2")
    args = parser.parse_args()
    if not (args.model / "model.safetensors").is_file():
        print(f"generate: error: no model at {args.model}; run python-baseline/scripts/materialize_model.py", file=sys.stderr)
        return 1
    write_json("expected_chunks.json", expected_chunks())
    tokens, embeddings = model_vectors(args.model)
    write_json("tokens.json", tokens)
    write_json("embeddings.json", embeddings)
    write_json("stub_embeddings.json", {
        "dim": STUB_DIM,
        "texts": [{"text": t, "embedding": stub_embedding(t)} for t in STUB_TEXTS],
    })
    return 0


if __name__ == "__main__":
    sys.exit(main())
