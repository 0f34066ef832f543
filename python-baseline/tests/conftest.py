"""Shared fixtures: paths, the model, a pipeline runner, and the embedded Qdrant server."""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
TESTDATA = REPO_ROOT / "pipelines" / "testdata"
CORPUS = TESTDATA / "corpus"
MODEL_DIR = Path(os.environ.get("RAG_MODEL_DIR", REPO_ROOT / "models" / "all-MiniLM-L6-v2"))
QDRANT_LOCAL = REPO_ROOT / "target" / "release" / "qdrant-local"
SEPARATORS = ["\n\n", "\n", " ", ""]
TRACED = Path(__file__).parent / "traced"  # a sitecustomize that traces the pipeline process


def load_json(name: str):
    return json.loads((TESTDATA / name).read_text(encoding="utf-8"))


def as_expected_chunks(chunks) -> list[dict]:
    """LangChain documents as expected_chunks.json lists them: source, index, point id, text."""
    from rag_baseline.chunking import point_id

    return [
        {
            "source": c.metadata["source"],
            "chunk_index": c.metadata["chunk_index"],
            "id": point_id(c.metadata["source"], c.metadata["chunk_index"]),
            "text": c.page_content,
        }
        for c in chunks
    ]


@pytest.fixture(scope="session")
def model_dir() -> Path:
    if not (MODEL_DIR / "model.safetensors").is_file():
        pytest.fail(
            f"no model at {MODEL_DIR}: run python-baseline/.venv/bin/python "
            "python-baseline/scripts/materialize_model.py first"
        )
    return MODEL_DIR


@pytest.fixture(scope="session")
def torch_model(model_dir):
    """The baseline's model as the pipeline loads it (HuggingFaceEmbeddings and its token counter)."""
    from rag_baseline.torch_engine import load_model

    return load_model(model_dir, 32, 2)


@pytest.fixture(scope="session")
def hf_embeddings(torch_model):
    return torch_model.embeddings


@dataclass
class Run:
    returncode: int
    events: list[dict]
    stderr: str

    def of(self, event: str) -> list[dict]:
        return [e for e in self.events if e["event"] == event]

    def stage_end(self, stage: str) -> dict:
        (end,) = [e for e in self.events if e["event"] == "end" and e["stage"] == stage]
        return end


def make_workload(tmp_path: Path, **overrides) -> dict:
    workload = {
        "corpus": {"dir": str(CORPUS), "files": load_json("expected_chunks.json")["files"]},
        "chunking": {"chunk_size": 200, "chunk_overlap": 40, "separators": SEPARATORS},
        "model": {"dir": str(MODEL_DIR)},
        "embed_batch_size": 8,
        "upsert_batch_size": 16,
        "threads": 2,
        "qdrant": {"url": "http://127.0.0.1:9", "collection": f"test_{uuid.uuid4().hex[:12]}"},
        "mode": "stub",
    }
    workload.update(overrides)
    return workload


def traced_env(tmp_path: Path, **extra: str) -> dict:
    """The environment of a pipeline run traced by traced/sitecustomize.py into trace.jsonl."""
    return {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(TRACED), os.environ.get("PYTHONPATH", "")]),
        "RAG_TEST_TRACE": str(tmp_path / "trace.jsonl"),
        **extra,
    }


def run_pipeline(
    tmp_path: Path, workload: dict | str, timeout: float = 600, env: dict | None = None, module: str = "rag_baseline"
) -> Run:
    """Run `python -m <module>` as the harness does; every stdout line must be JSON."""
    path = tmp_path / f"workload-{uuid.uuid4().hex[:8]}.json"
    path.write_text(workload if isinstance(workload, str) else json.dumps(workload), encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", module, str(path)],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=tmp_path,
        env=env,
    )
    events = []
    for line in proc.stdout.splitlines():
        try:
            events.append(json.loads(line))
        except ValueError:
            pytest.fail(f"stdout line is not JSON: {line!r}\nstderr:\n{proc.stderr[-3000:]}")
    assert "Traceback" not in proc.stdout
    return Run(proc.returncode, events, proc.stderr)


def assert_error(run: Run, stage, *fragments: str) -> dict:
    assert run.returncode != 0, run.events
    (error,) = run.of("error")
    assert run.events[-1] is error, "the error line must be the last event"
    assert not run.of("done")
    assert error["stage"] == stage, error
    for fragment in fragments:
        assert fragment in error["message"], error["message"]
    return error


@pytest.fixture(scope="session")
def qdrant_url(tmp_path_factory):
    """The project's embedded Qdrant (qdrant-local), on free ports, for the whole session."""
    if not QDRANT_LOCAL.is_file():
        pytest.fail(
            f"{QDRANT_LOCAL} is missing: build it with `cargo build --release -p qdrant-local` "
            "from the repository root (the full-run tests need a real Qdrant)"
        )
    data = tmp_path_factory.mktemp("qdrant-data")
    proc = subprocess.Popen(
        [str(QDRANT_LOCAL), "--data", str(data), "--port", "0", "--grpc-port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in proc.stdout], daemon=True).start()
    try:
        while True:
            try:
                line = lines.get(timeout=120)
            except queue.Empty:
                pytest.fail("qdrant-local did not print its ready line within 120 s")
            try:
                event = json.loads(line)
            except ValueError:
                continue
            if event.get("event") == "ready":
                break
        yield event["rest_url"]
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture
def linked_model_copy(tmp_path, model_dir):
    """A model directory of symlinks to the real files, to break one file at a time cheaply."""

    def make(skip: str | None = None, onnx: bool = False) -> Path:
        copy = tmp_path / "model"
        for src in model_dir.rglob("*"):
            rel = src.relative_to(model_dir)
            if src.is_dir() or rel.as_posix() == skip or (rel.parts[0] == "onnx" and not onnx):
                continue
            (copy / rel).parent.mkdir(parents=True, exist_ok=True)
            (copy / rel).symlink_to(src)
        return copy

    return make
