//! Data survives a restart: after SIGTERM (everything is flushed) and after kill -9 at any
//! moment (every acknowledged write, `wait=true` or `wait=false`, is replayed from the
//! collection's operation log, as a real Qdrant replays its WAL).
//!
//! Run: `cargo test --release --locked --workspace --test rest_persistence`

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
    let (status, body) = server.request(
        "POST",
        &format!("/collections/{name}/points/count"),
        Some("{\"exact\":true}"),
    );
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
    assert_eq!(
        oplog_len(&dir, "docs"),
        0,
        "a clean shutdown flushes the segments and empties the log"
    );

    let server = Server::start(dir.path());
    let (_, list) = server.request("GET", "/collections", None);
    assert_eq!(list["result"]["collections"], json!([{"name": "docs"}]));
    assert_eq!(count(&server, "docs"), count_before);
    assert_eq!(top10(&server, "docs"), top_before);
    let (status, body) = server.request(
        "POST",
        "/collections/docs/points",
        Some("{\"ids\":[499],\"with_payload\":true}"),
    );
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
    let (status, _) = server.request(
        "POST",
        "/collections/docs/points/delete?wait=true",
        Some("{\"points\":[0,1,2]}"),
    );
    assert_eq!(status, 200);
    let top_before = top10(&server, "docs");
    server.kill9();

    let server = Server::start(dir.path());
    assert_eq!(count(&server, "docs"), 997);
    assert_eq!(top10(&server, "docs"), top_before);
    let (_, body) = server.request(
        "POST",
        "/collections/docs/points",
        Some("{\"ids\":[0,3,999]}"),
    );
    let ids: Vec<&Value> = body["result"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| &r["id"])
        .collect();
    assert_eq!(ids, vec![&json!(3), &json!(999)]);
}

/// Acknowledged batches alternating wait=true / wait=false with `last_wait` last, a delete by
/// id and one by filter among them, then kill -9 with no pause: every write is there.
fn kill9_right_after(last_wait: bool) {
    let dir = common::temp_dir();
    let server = Server::start(dir.path());
    create_collection(&server, "docs");
    upsert(&server, "docs", 0..100, !last_wait);
    let (status, _) = server.request(
        "POST",
        &format!("/collections/docs/points/delete?wait={last_wait}"),
        Some("{\"points\":[0,1,2]}"),
    );
    assert_eq!(status, 200);
    let by_filter = json!({"filter": {"must": [{"key": "n", "range": {"gte": 90}}]}}).to_string();
    let (status, _) = server.request(
        "POST",
        &format!("/collections/docs/points/delete?wait={}", !last_wait),
        Some(&by_filter),
    );
    assert_eq!(status, 200);
    for batch in 1..6u64 {
        let wait = if batch % 2 == 1 {
            last_wait
        } else {
            !last_wait
        };
        upsert(&server, "docs", batch * 100..(batch + 1) * 100, wait);
    }
    let top_before = top10(&server, "docs");
    server.kill9();

    let server = Server::start(dir.path());
    assert_eq!(count(&server, "docs"), 600 - 3 - 10);
    assert_eq!(top10(&server, "docs"), top_before);
    let (_, body) = server.request(
        "POST",
        "/collections/docs/points",
        Some("{\"ids\":[0,3,95,599],\"with_payload\":true}"),
    );
    let found: Vec<(&Value, &Value)> = body["result"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (&r["id"], &r["payload"]))
        .collect();
    assert_eq!(
        found,
        vec![
            (&json!(3), &json!({"n": 3})),
            (&json!(599), &json!({"n": 599}))
        ]
    );
}

#[test]
fn kill9_right_after_a_wait_false_write_keeps_every_acknowledged_write() {
    kill9_right_after(false);
}

#[test]
fn kill9_right_after_a_wait_true_write_keeps_every_acknowledged_write() {
    kill9_right_after(true);
}

fn oplog_len(dir: &tempfile::TempDir, name: &str) -> u64 {
    std::fs::metadata(dir.path().join("collections").join(name).join("oplog"))
        .expect("the collection's oplog")
        .len()
}

#[test]
fn a_torn_last_log_record_is_ignored_and_the_acknowledged_writes_kept() {
    use std::io::Write;
    let dir = common::temp_dir();
    let server = Server::start(dir.path());
    create_collection(&server, "docs");
    upsert(&server, "docs", 0..50, false);
    upsert(&server, "docs", 50..100, true);
    server.kill9();
    // A crash in the middle of the next append: a header promising more bytes than follow.
    let path = dir.path().join("collections/docs/oplog");
    let mut log = std::fs::OpenOptions::new()
        .append(true)
        .open(&path)
        .unwrap();
    log.write_all(&[200, 0, 0, 0, 1, 2, 3, 4, 5, 6]).unwrap();
    drop(log);

    let server = Server::start(dir.path());
    assert_eq!(count(&server, "docs"), 100);
    // Replayed, flushed into the segments, and the log emptied.
    assert_eq!(oplog_len(&dir, "docs"), 0);
    upsert(&server, "docs", 100..110, true);
    server.kill9();
    let server = Server::start(dir.path());
    assert_eq!(count(&server, "docs"), 110);
}

#[test]
fn the_background_flush_empties_the_log() {
    let dir = common::temp_dir();
    let server = Server::start(dir.path());
    create_collection(&server, "docs");
    upsert(&server, "docs", 0..100, true);
    assert!(
        oplog_len(&dir, "docs") > 0,
        "an acknowledged write is in the log"
    );
    // The flush runs every 5 s.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(15);
    while oplog_len(&dir, "docs") > 0 {
        assert!(
            std::time::Instant::now() < deadline,
            "the log was not emptied within 15 s"
        );
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
    server.kill9();
    let server = Server::start(dir.path());
    assert_eq!(count(&server, "docs"), 100);
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
