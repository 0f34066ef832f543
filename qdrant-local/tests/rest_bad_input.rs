//! Bad input gets a Qdrant-shaped 4xx with a specific message, and the server keeps serving.
//!
//! Run: `cargo test --release --locked --workspace --test rest_bad_input`

mod common;

use common::{http, vector, Server};
use serde_json::{json, Value};

const DIMS: usize = 4;

fn server_with_collection() -> (tempfile::TempDir, Server) {
    let dir = common::temp_dir();
    let server = Server::start(dir.path());
    let (status, body) = server.request(
        "PUT",
        "/collections/c",
        Some(&json!({"vectors": {"size": DIMS, "distance": "Cosine"}}).to_string()),
    );
    assert_eq!(status, 200, "{body}");
    (dir, server)
}

/// The error envelope: `{"status": {"error": msg}, "time": t}`; returns the message.
fn error_message(body: &Value) -> String {
    assert!(body["time"].is_number(), "no time in error body {body}");
    body["status"]["error"]
        .as_str()
        .unwrap_or_else(|| panic!("not a Qdrant error body: {body}"))
        .to_string()
}

/// Sends the request, checks the status and that the message mentions `needle`,
/// then checks the server still answers a valid request.
fn expect_error(
    server: &Server,
    method: &str,
    path: &str,
    body: Option<&str>,
    status: u16,
    needle: &str,
) {
    let (got, response) = server.request(method, path, body);
    assert_eq!(got, status, "{method} {path} {body:?} -> {response}");
    let message = error_message(&response);
    assert!(
        message.contains(needle),
        "message {message:?} should mention {needle:?}"
    );
    still_serving(server);
}

fn still_serving(server: &Server) {
    let (status, body) = server.request("POST", "/collections/c/points/count", Some("{}"));
    assert_eq!(status, 200, "server stopped serving: {body}");
}

#[test]
fn wrong_vector_size() {
    let (_dir, server) = server_with_collection();
    let body = json!({"points": [{"id": 1, "vector": [0.1, 0.2, 0.3]}]}).to_string();
    expect_error(
        &server,
        "PUT",
        "/collections/c/points?wait=true",
        Some(&body),
        400,
        "expected dim: 4, got 3",
    );
    let query = json!({"query": [0.1, 0.2], "limit": 3}).to_string();
    expect_error(
        &server,
        "POST",
        "/collections/c/points/query",
        Some(&query),
        400,
        "expected dim: 4, got 2",
    );
}

#[test]
fn unknown_collection() {
    let (_dir, server) = server_with_collection();
    expect_error(
        &server,
        "GET",
        "/collections/nope",
        None,
        404,
        "Collection `nope` doesn't exist!",
    );
    let body = json!({"points": [{"id": 1, "vector": vector(1, DIMS)}]}).to_string();
    expect_error(
        &server,
        "PUT",
        "/collections/nope/points",
        Some(&body),
        404,
        "`nope`",
    );
    expect_error(
        &server,
        "POST",
        "/collections/nope/points/query",
        Some("{\"query\":[1,2,3,4]}"),
        404,
        "`nope`",
    );
}

#[test]
fn duplicate_create() {
    let (_dir, server) = server_with_collection();
    let body = json!({"vectors": {"size": DIMS, "distance": "Cosine"}}).to_string();
    expect_error(
        &server,
        "PUT",
        "/collections/c",
        Some(&body),
        409,
        "Collection `c` already exists!",
    );
}

#[test]
fn malformed_json() {
    let (_dir, server) = server_with_collection();
    expect_error(
        &server,
        "PUT",
        "/collections/c/points",
        Some("{\"points\": [{\"id\": 1,"),
        400,
        "Format error in JSON body",
    );
    expect_error(
        &server,
        "PUT",
        "/collections/d",
        Some("not json"),
        400,
        "Format error in JSON body",
    );
}

#[test]
fn wrong_typed_fields() {
    let (_dir, server) = server_with_collection();
    expect_error(
        &server,
        "POST",
        "/collections/c/points/scroll",
        Some("{\"limit\": \"ten\"}"),
        400,
        "invalid type",
    );
    expect_error(
        &server,
        "POST",
        "/collections/c/points/count",
        Some("{\"exact\": 5}"),
        400,
        "invalid type",
    );
    let vectors = json!({"vectors": {"size": "four", "distance": "Cosine"}}).to_string();
    expect_error(
        &server,
        "PUT",
        "/collections/d",
        Some(&vectors),
        400,
        "invalid type",
    );
    let distance = json!({"vectors": {"size": 4, "distance": "Hamming"}}).to_string();
    expect_error(
        &server,
        "PUT",
        "/collections/d",
        Some(&distance),
        400,
        "unknown variant `Hamming`",
    );
    let point = json!({"points": [{"id": 1, "vector": ["a", "b", "c", "d"]}]}).to_string();
    expect_error(
        &server,
        "PUT",
        "/collections/c/points",
        Some(&point),
        400,
        "invalid type",
    );
}

#[test]
fn body_over_the_limit_is_413() {
    let (_dir, server) = server_with_collection();
    // 33 MiB of JSON whitespace-padded: over the 32 MiB limit.
    let mut big = String::from("{\"points\": [");
    big.push_str(&" ".repeat(33 * 1024 * 1024));
    big.push_str("]}");
    let (status, text) = http(
        &server.rest_addr,
        "PUT",
        "/collections/c/points",
        Some(big.as_bytes()),
        &[],
    );
    assert_eq!(status, 413, "{}", &text[..text.len().min(300)]);
    let body: Value = serde_json::from_str(&text).expect("413 body is JSON");
    assert!(error_message(&body).contains("larger than allowed"));
    still_serving(&server);
}

#[test]
fn nan_and_infinite_floats() {
    let (_dir, server) = server_with_collection();
    // JSON has no NaN; clients that send it produce the bare token, which is malformed JSON.
    let nan = "{\"points\": [{\"id\": 1, \"vector\": [NaN, 0.1, 0.2, 0.3]}]}";
    expect_error(
        &server,
        "PUT",
        "/collections/c/points",
        Some(nan),
        400,
        "Format error in JSON body",
    );
    let inf = "{\"points\": [{\"id\": 1, \"vector\": [Infinity, 0.1, 0.2, 0.3]}]}";
    expect_error(
        &server,
        "PUT",
        "/collections/c/points",
        Some(inf),
        400,
        "Format error in JSON body",
    );
    // A finite JSON number beyond f32 becomes infinite as a vector component.
    let huge = "{\"points\": [{\"id\": 1, \"vector\": [1e39, 0.1, 0.2, 0.3]}]}";
    expect_error(
        &server,
        "PUT",
        "/collections/c/points",
        Some(huge),
        400,
        "NaN or infinite",
    );
    let query = "{\"query\": [1e39, 0.1, 0.2, 0.3]}";
    expect_error(
        &server,
        "POST",
        "/collections/c/points/query",
        Some(query),
        400,
        "NaN or infinite",
    );
}

#[test]
fn ids_that_are_neither_unsigned_integers_nor_uuids() {
    let (_dir, server) = server_with_collection();
    for bad_id in [json!(-1), json!(1.5), json!("not-a-uuid"), json!(true)] {
        let body = json!({"points": [{"id": bad_id, "vector": vector(1, DIMS)}]}).to_string();
        expect_error(
            &server,
            "PUT",
            "/collections/c/points",
            Some(&body),
            400,
            "point id",
        );
    }
    expect_error(
        &server,
        "POST",
        "/collections/c/points",
        Some("{\"ids\": [\"xyz\"]}"),
        400,
        "UUID",
    );
    expect_error(
        &server,
        "POST",
        "/collections/c/points/delete",
        Some("{\"points\": [-5]}"),
        400,
        "point id",
    );
}

#[test]
fn unknown_endpoint_is_a_qdrant_shaped_404() {
    let (_dir, server) = server_with_collection();
    expect_error(
        &server,
        "GET",
        "/no/such/endpoint",
        None,
        404,
        "GET /no/such/endpoint",
    );
    expect_error(
        &server,
        "POST",
        "/collections/c/points/recommend",
        Some("{}"),
        404,
        "/collections/c/points/recommend",
    );
    expect_error(
        &server,
        "PATCH",
        "/collections",
        None,
        404,
        "PATCH /collections",
    );
}

#[test]
fn bad_collection_config_and_names() {
    let (_dir, server) = server_with_collection();
    let zero = json!({"vectors": {"size": 0, "distance": "Cosine"}}).to_string();
    expect_error(
        &server,
        "PUT",
        "/collections/d",
        Some(&zero),
        400,
        "must be from 1 to",
    );
    expect_error(
        &server,
        "PUT",
        "/collections/d",
        Some("{}"),
        400,
        "`vectors` is required",
    );
    let body = json!({"vectors": {"size": 4, "distance": "Cosine"}}).to_string();
    expect_error(
        &server,
        "PUT",
        "/collections/.hidden",
        Some(&body),
        400,
        "collection name",
    );
    let query = json!({"query": vector(1, DIMS), "using": "nope"}).to_string();
    expect_error(
        &server,
        "POST",
        "/collections/c/points/query",
        Some(&query),
        400,
        "Not existing vector name",
    );
}

#[test]
fn api_key_is_required_when_set() {
    let dir = common::temp_dir();
    let server = Server::start_with(dir.path(), &["--api-key", "sekret"]);
    let (status, body) = server.request("GET", "/collections", None);
    assert_eq!(status, 401);
    assert!(error_message(&body).contains("API key"));
    let (status, _) =
        server.request_with_headers("GET", "/collections", None, &[("api-key", "wrong")]);
    assert_eq!(status, 401);
    let (status, _) =
        server.request_with_headers("GET", "/collections", None, &[("api-key", "sekret")]);
    assert_eq!(status, 200);
    let (status, _) = server.request_with_headers(
        "GET",
        "/collections",
        None,
        &[("Authorization", "Bearer sekret")],
    );
    assert_eq!(status, 200);
    let (status, _) = server.request("GET", "/healthz", None);
    assert_eq!(status, 200, "health checks stay open");
}
