//! The REST app driven in-process, as in axum's `examples/testing`: every request goes through
//! the router the binary serves (`oneshot`: no server, no port), over a store in a temp data
//! dir. What needs a real process (kill -9, signals, the CLI, the official clients) is tested
//! in `qdrant-local/tests/`.
//!
//! Run: `cargo test --release --locked --workspace --bin qdrant-local rest::tests`

mod bad_input;
mod distribution;
mod round_trip;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::Router;
use serde_json::{json, Value};
use tower::ServiceExt;

use crate::engine::Store;

const DIMS: usize = 4;

/// The app over a fresh store; the temp dir lives as long as the app.
struct TestApp {
    router: Router,
    _data_dir: tempfile::TempDir,
}

impl TestApp {
    fn new() -> Self {
        TestApp::with_key(None)
    }

    fn with_key(api_key: Option<&str>) -> Self {
        let data_dir = tempfile::tempdir().expect("temp dir");
        let store = Store::open(data_dir.path()).expect("open the store");
        TestApp {
            router: super::router(store, api_key.map(str::to_string)),
            _data_dir: data_dir,
        }
    }

    /// An app with the collection `c` of `DIMS`-dim Cosine vectors.
    async fn with_collection() -> Self {
        let app = TestApp::new();
        let vectors = json!({"vectors": {"size": DIMS, "distance": "Cosine"}});
        let (status, body) = app.call("PUT", "/collections/c", Some(vectors)).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        app
    }

    /// A JSON request; returns the status and the JSON answer (a string if it is not JSON).
    async fn call(&self, method: &str, path: &str, body: Option<Value>) -> (StatusCode, Value) {
        self.send(method, path, body.map(|b| b.to_string()), &[])
            .await
    }

    /// A request with a raw body (malformed JSON, oversized bodies) and extra headers.
    async fn send(
        &self,
        method: &str,
        path: &str,
        body: Option<String>,
        headers: &[(&str, &str)],
    ) -> (StatusCode, Value) {
        let mut request = Request::builder().method(method).uri(path);
        if body.is_some() {
            request = request.header("content-type", "application/json");
        }
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let request = request
            .body(body.map_or_else(Body::empty, Body::from))
            .expect("a valid request");
        let response = self
            .router
            .clone()
            .oneshot(request)
            .await
            .expect("the router is infallible");
        let status = response.status();
        let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .expect("read the answer");
        let json = serde_json::from_slice(&bytes)
            .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into_owned()));
        (status, json)
    }

    /// Upserts `n` points (ids 1..=n, `vector(i)`, payload `{"i": i}`) with `wait=true`.
    async fn upsert_points(&self, n: u64) {
        let points: Vec<Value> = (1..=n)
            .map(|i| json!({"id": i, "vector": vector(i), "payload": {"i": i}}))
            .collect();
        let (status, body) = self
            .call(
                "PUT",
                "/collections/c/points?wait=true",
                Some(json!({ "points": points })),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body["result"]["status"], "completed", "{body}");
    }
}

/// Point `i`'s vector: unit vectors at distinct angles, so a point's own vector finds it first.
fn vector(i: u64) -> Vec<f32> {
    let angle = i as f32 * 0.1;
    vec![angle.cos(), angle.sin(), 0.0, 0.0]
}

/// Qdrant's error envelope `{"status": {"error": msg}, "time": t}`; returns the message.
fn error_message(body: &Value) -> &str {
    assert!(body["time"].is_number(), "no time in error body {body}");
    body["status"]["error"]
        .as_str()
        .unwrap_or_else(|| panic!("not a Qdrant error body: {body}"))
}
