"""What the pipeline does lies inside the stage that measures it: real runs, traced from inside
the process (traced/sitecustomize.py) on the protocol's clock."""

import json

from conftest import load_json, make_workload, run_pipeline, traced_env

EXPECTED = load_json("expected_chunks.json")


def traced_run(tmp_path, workload, tokenise: bool):
    env = traced_env(tmp_path, RAG_TEST_TRACE_TOKENISE="1" if tokenise else "0")
    run = run_pipeline(tmp_path, workload, env=env)
    trace = tmp_path / "trace.jsonl"
    records = [json.loads(line) for line in trace.read_text(encoding="utf-8").splitlines()]
    return run, records


def test_ready_is_timed_before_the_library_versions_are_read(tmp_path):
    # Qdrant is unreachable: only the part up to `ready` matters here
    run, records = traced_run(tmp_path, make_workload(tmp_path), tokenise=False)
    (ready,) = run.of("ready")
    lookups = [r for r in records if r["what"] == "version"]  # libraries look some up too
    names, n = list(ready["libraries"]), len(ready["libraries"])
    starts = [i for i in range(len(lookups)) if [r["detail"] for r in lookups[i : i + n]] == names]
    assert starts, f"the pipeline's look-ups of {names} were not traced"
    assert ready["t_ms"] <= lookups[starts[-1]]["t_ms"], "start-up must not include the version look-ups"


def test_tokens_are_counted_inside_embed_and_nothing_follows_the_last_upsert(tmp_path, qdrant_url):
    setting = EXPECTED["settings"][0]
    workload = make_workload(
        tmp_path,
        mode="full",
        chunking={k: setting[k] for k in ("chunk_size", "chunk_overlap", "separators")},
        qdrant={"url": qdrant_url, "collection": "traced_tokens"},
    )
    run, records = traced_run(tmp_path, workload, tokenise=True)
    assert run.returncode == 0, (run.events, run.stderr[-3000:])
    embed, upsert = run.stage_end("embed"), run.stage_end("upsert")
    assert embed["tokens"] == run.of("done")[0]["tokens"] > 0
    tokenised = [r["t_ms"] for r in records if r["what"] == "tokenise"]
    batches = -(-len(setting["chunks"]) // workload["upsert_batch_size"])  # groups, each < embed batches
    assert len(tokenised) >= batches
    assert max(tokenised) <= embed["t_ms"] <= upsert["t_ms"], "tokenisation after the embed stage ended"
