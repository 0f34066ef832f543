//! Data survives a restart: after SIGTERM (everything, also `wait=false` writes, is flushed)
//! and after kill -9 (everything acknowledged with `wait=true` is there).
//!
//! Run: `cargo test --release -p qdrant-local --test rest_persistence`

mod common;

use common::{vector, Server};
use serde_json::{json, Value};

const DIMS: usize = 16;

fn create_collection(server: &Server, name: &str) {
    let (status, body) = server.request(
        "PUT",
        &format!("/collections/{name}"),
        Some(&json!({"vectors": {"size": DIMS, "distance": "Cosine"}}).to_string()),
    );
    assert_eq!(status, 200, "{body}");
}

fn upsert(server: &Server, name: &str, ids: std::ops::Range<u64>, wait: bool) {
    let points: Vec<Value> = ids
        .map(|id| json!({"id": id, "vector": vector(id, DIMS), "payload": {"n": id}}))
        .collect();
    let (status, body) = server.request(
        "PUT",
        &format!("/collections/{name}/points?wait={wait}"),
        Some(&json!({ "points": points }).to_string()),
    );
    assert_eq!(status, 200, "{body}");
}

fn count(server: &Server, name: &str) -> u64 {
    let (status, body) = server.request("POST", &format!("/collections/{name}/points/count"), Some("{\"exact\":true}"));
    assert_eq!(status, 200, "{body}");
    body["result"]["count"].as_u64().expect("count")
}

/// Ids and scores of the top 10 for a fixed query vector.
fn top10(server: &Server, name: &str) -> Vec<(Value, f64)> {
    let (status, body) = server.request(
        "POST",
        &format!("/collections/{name}/points/query"),
        Some(&json!({"query": vector(999_999, DIMS), "limit": 10}).to_string()),
    );
    assert_eq!(status, 200, "{body}");
    body["result"]["points"]
        .as_array()
        .expect("points")
        .iter()
        .map(|p| (p["id"].clone(), p["score"].as_f64().unwrap()))
        .collect()
}

#[test]
fn sigterm_flushes_and_restart_serves_the_same_data() {
    let dir = common::temp_dir();
    let server = Server::start(dir.path());
    create_collection(&server, "docs");
    upsert(&server, "docs", 0..300, true);
    // Not waited for: must still be on disk after a clean shutdown.
    upsert(&server, "docs", 300..500, false);
    let count_before = count(&server, "docs");
    let top_before = top10(&server, "docs");
    assert_eq!(count_before, 500);

    let status = server.signal_and_wait(libc::SIGTERM);
    assert!(status.success(), "SIGTERM must exit 0, got {status}");

    let server = Server::start(dir.path());
    let (_, list) = server.request("GET", "/collections", None);
    assert_eq!(list["result"]["collections"], json!([{"name": "docs"}]));
    assert_eq!(count(&server, "docs"), count_before);
    assert_eq!(top10(&server, "docs"), top_before);
    let (status, body) = server.request("POST", "/collections/docs/points", Some("{\"ids\":[499],\"with_payload\":true}"));
    assert_eq!(status, 200);
    assert_eq!(body["result"][0]["payload"], json!({"n": 499}));
}

#[test]
fn sigint_exits_cleanly() {
    let dir = common::temp_dir();
    let server = Server::start(dir.path());
    create_collection(&server, "c");
    let status = server.signal_and_wait(libc::SIGINT);
    assert!(status.success(), "SIGINT must exit 0, got {status}");
}

#[test]
fn kill9_keeps_every_write_acknowledged_with_wait_true() {
    let dir = common::temp_dir();
    let server = Server::start(dir.path());
    create_collection(&server, "docs");
    for batch in 0..10u64 {
        upsert(&server, "docs", batch * 100..(batch + 1) * 100, true);
    }
    let (status, _) = server.request("POST", "/collections/docs/points/delete?wait=true", Some("{\"points\":[0,1,2]}"));
    assert_eq!(status, 200);
    let top_before = top10(&server, "docs");
    server.kill9();

    let server = Server::start(dir.path());
    assert_eq!(count(&server, "docs"), 997);
    assert_eq!(top10(&server, "docs"), top_before);
    let (_, body) = server.request("POST", "/collections/docs/points", Some("{\"ids\":[0,3,999]}"));
    let ids: Vec<&Value> = body["result"].as_array().unwrap().iter().map(|r| &r["id"]).collect();
    assert_eq!(ids, vec![&json!(3), &json!(999)]);
}

#[test]
fn deleted_collection_stays_deleted_after_restart() {
    let dir = common::temp_dir();
    let server = Server::start(dir.path());
    create_collection(&server, "gone");
    create_collection(&server, "kept");
    let (status, body) = server.request("DELETE", "/collections/gone", None);
    assert_eq!((status, &body["result"]), (200, &json!(true)));
    server.signal_and_wait(libc::SIGTERM);

    let server = Server::start(dir.path());
    let (_, body) = server.request("GET", "/collections/gone/exists", None);
    assert_eq!(body["result"]["exists"], json!(false));
    let (_, body) = server.request("GET", "/collections/kept/exists", None);
    assert_eq!(body["result"]["exists"], json!(true));
}
