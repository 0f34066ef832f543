//! Per-batch events (pipelines/README.md, "Per-batch events") as the harness's memory workload
//! asks for them: the contract vector (the test corpus listed twice, stub mode), full mode
//! (each pass's tokens add up to the embed stage's), and the default of writing none.

mod common;
mod qdrant_local;

use common::{model_dir, read_json, testdata};
use qdrant_local::QdrantLocal;
use serde_json::{json, Value};
use std::process::Command;

fn events(workload: &Value) -> Vec<Value> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("workload.json");
    std::fs::write(&path, workload.to_string()).unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_rust-pipeline"))
        .arg(&path)
        .output()
        .expect("cannot start the pipeline");
    let events: Vec<Value> = String::from_utf8(output.stdout)
        .expect("stdout is UTF-8")
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|_| panic!("not a JSON line: {l:?}")))
        .collect();
    assert_eq!(
        events.last().map(|e| e["event"].clone()),
        Some(json!("done")),
        "{events:?}\nstderr: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    events
}

/// The contract vector's workload: the test corpus's file list twice over.
fn workload(qdrant: &QdrantLocal, collection: &str, mode: &str, batch_events: bool) -> Value {
    let files = read_json(testdata().join("expected_chunks.json"))["files"]
        .as_array()
        .unwrap()
        .clone();
    let twice: Vec<Value> = files.iter().chain(files.iter()).cloned().collect();
    json!({
        "corpus": {"dir": testdata().join("corpus"), "files": twice},
        "chunking": {"chunk_size": 200, "chunk_overlap": 40, "separators": ["\n\n", "\n", " ", ""]},
        "model": {"dir": model_dir()},
        "embed_batch_size": 8, "upsert_batch_size": 16, "threads": 2,
        "qdrant": {"url": qdrant.rest_url, "grpc_url": qdrant.grpc_url, "collection": collection},
        "mode": mode,
        "batch_events": batch_events
    })
}

/// The batch events, checked to lie between embed's start and end, in index order, each
/// with its own positive time; returns them.
fn batches(events: &[Value]) -> Vec<Value> {
    let position = |event: &str| {
        events
            .iter()
            .position(|e| e["event"] == event && e["stage"] == "embed")
            .unwrap_or_else(|| panic!("no {event} of embed: {events:?}"))
    };
    let (start, end) = (position("start"), position("end"));
    let batches: Vec<Value> = events
        .iter()
        .filter(|e| e["event"] == "batch")
        .cloned()
        .collect();
    for (i, (at, batch)) in events
        .iter()
        .enumerate()
        .filter(|(_, e)| e["event"] == "batch")
        .enumerate()
    {
        assert!(start < at && at < end, "batch {i} outside the embed stage");
        assert_eq!(batch["stage"], "embed");
        assert_eq!(batch["index"], json!(i), "{batch}");
        assert!(batch["ms"].as_f64().unwrap() > 0.0, "{batch}");
    }
    batches
}

fn done(events: &[Value]) -> &Value {
    events.last().unwrap()
}

#[test]
fn stub_run_meets_the_contract_vector() {
    let qdrant = QdrantLocal::start(common::repo_root());
    let events = events(&workload(&qdrant, "batches_stub", "stub", true));
    let batches = batches(&events);
    let sizes: Vec<u64> = batches
        .iter()
        .map(|b| b["size"].as_u64().unwrap())
        .collect();
    let mut want = vec![8; 10];
    want.push(4);
    assert_eq!(sizes, want);
    assert!(batches.iter().all(|b| b["tokens"] == 0));
    assert_eq!(
        (&done(&events)["chunks"], &done(&events)["points"]),
        (&json!(84), &json!(84))
    );
}

#[test]
fn full_run_counts_each_pass_tokens() {
    let qdrant = QdrantLocal::start(common::repo_root());
    let events = events(&workload(&qdrant, "batches_full", "full", true));
    let batches = batches(&events);
    assert_eq!(batches.len(), 11);
    let tokens: Vec<u64> = batches
        .iter()
        .map(|b| b["tokens"].as_u64().unwrap())
        .collect();
    assert!(tokens.iter().all(|&t| t > 0), "{tokens:?}");
    let embed_end = events
        .iter()
        .find(|e| e["event"] == "end" && e["stage"] == "embed")
        .unwrap();
    assert_eq!(json!(tokens.iter().sum::<u64>()), embed_end["tokens"]);
}

#[test]
fn no_batch_events_unless_asked() {
    let qdrant = QdrantLocal::start(common::repo_root());
    let mut w = workload(&qdrant, "batches_off", "stub", false);
    w.as_object_mut().unwrap().remove("batch_events");
    let events = events(&w);
    assert!(events.iter().all(|e| e["event"] != "batch"), "{events:?}");
    assert_eq!(done(&events)["chunks"], 84);
}
