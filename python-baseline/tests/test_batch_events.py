"""Per-batch events (pipelines/README.md, "Per-batch events") against the project's embedded
Qdrant: the contract vector every built-in pipeline holds (the test corpus listed twice, stub
mode), full mode (each pass's tokens add up to the embed stage's), and none unless asked."""

from __future__ import annotations

import uuid

from conftest import load_json, make_workload, run_pipeline

FILES = load_json("expected_chunks.json")["files"]


def workload(qdrant_url: str, **overrides) -> dict:
    return make_workload(
        None,
        corpus={"dir": make_workload(None)["corpus"]["dir"], "files": FILES + FILES},
        qdrant={"url": qdrant_url, "collection": f"batches_{uuid.uuid4().hex[:12]}"},
        batch_events=True,
        **overrides,
    )


def checked_batches(run) -> list[dict]:
    """The batch events, each between the embed stage's start and end, numbered 0, 1, 2, ..."""
    assert run.returncode == 0, (run.events, run.stderr[-3000:])
    kinds = [(e["event"], e.get("stage")) for e in run.events]
    start, end = kinds.index(("start", "embed")), kinds.index(("end", "embed"))
    positions = [i for i, e in enumerate(run.events) if e["event"] == "batch"]
    assert all(start < i < end for i in positions), kinds
    batches = [run.events[i] for i in positions]
    assert [b["index"] for b in batches] == list(range(len(batches)))
    assert all(b["stage"] == "embed" and b["ms"] > 0 for b in batches), batches
    return batches


def test_contract_vector(tmp_path, qdrant_url):
    run = run_pipeline(tmp_path, workload(qdrant_url))
    batches = checked_batches(run)
    assert [b["size"] for b in batches] == [8] * 10 + [4]
    assert all(b["tokens"] == 0 for b in batches)
    (done,) = run.of("done")
    assert (done["chunks"], done["points"]) == (84, 84)


def test_full_mode_counts_each_pass_tokens(tmp_path, qdrant_url):
    run = run_pipeline(tmp_path, workload(qdrant_url, mode="full"))
    batches = checked_batches(run)
    assert [b["size"] for b in batches] == [8] * 10 + [4]
    assert all(b["tokens"] > 0 for b in batches), batches
    assert sum(b["tokens"] for b in batches) == run.stage_end("embed")["tokens"]


def test_no_batch_events_unless_asked(tmp_path, qdrant_url):
    w = workload(qdrant_url)
    del w["batch_events"]
    run = run_pipeline(tmp_path, w)
    assert run.returncode == 0, run.stderr[-3000:]
    assert run.of("batch") == []
    (done,) = run.of("done")
    assert done["chunks"] == 84
