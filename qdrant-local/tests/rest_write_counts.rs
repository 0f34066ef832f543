//! Contract rule 5 at the store: qdrant-local counts each collection's acknowledged writes
//! with `wait=true` and without, at `GET /local/collections/{name}/writes`.
//!
//! Run: `cargo test --release --locked --workspace --test rest_write_counts`

mod common;

use common::{vector, Server};
use serde_json::json;

#[test]
fn writes_are_counted_with_and_without_wait_per_collection() {
    let dir = common::temp_dir();
    let server = Server::start(dir.path());
    for name in ["a", "b"] {
        let config = json!({"vectors": {"size": 4, "distance": "Cosine"}}).to_string();
        assert_eq!(
            server
                .request("PUT", &format!("/collections/{name}"), Some(&config))
                .0,
            200
        );
    }
    let points = json!({"points": [{"id": 1, "vector": vector(1, 4)}]}).to_string();
    for wait in ["true", "false", "true"] {
        let (status, body) = server.request(
            "PUT",
            &format!("/collections/a/points?wait={wait}"),
            Some(&points),
        );
        assert_eq!(status, 200, "{body}");
    }
    // No wait parameter is Qdrant's default, wait=false.
    let (status, _) = server.request(
        "POST",
        "/collections/a/points/delete",
        Some("{\"points\":[1]}"),
    );
    assert_eq!(status, 200);
    // A refused write is not acknowledged, so not counted.
    let bad = json!({"points": [{"id": 2, "vector": [1.0]}]}).to_string();
    assert_eq!(
        server
            .request("PUT", "/collections/a/points?wait=false", Some(&bad))
            .0,
        400
    );

    let (status, body) = server.request("GET", "/local/collections/a/writes", None);
    assert_eq!(
        (status, &body["result"]),
        (200, &json!({"waiting": 2, "non_waiting": 2})),
        "{body}"
    );
    let (_, body) = server.request("GET", "/local/collections/b/writes", None);
    assert_eq!(body["result"], json!({"waiting": 0, "non_waiting": 0}));
    let (status, body) = server.request("GET", "/local/collections/missing/writes", None);
    assert_eq!(status, 404, "{body}");
}
