//! Bad input answers with the status Qdrant uses and its error envelope, naming the problem.

use axum::http::StatusCode;
use serde_json::json;

use super::{error_message, vector, TestApp, DIMS};

/// Sends a JSON request and checks the status and that the error message mentions `needle`.
async fn expect_error(
    app: &TestApp,
    method: &str,
    path: &str,
    body: Option<serde_json::Value>,
    status: StatusCode,
    needle: &str,
) {
    let (got, answer) = app.call(method, path, body.clone()).await;
    assert_eq!(got, status, "{method} {path} {body:?} -> {answer}");
    let message = error_message(&answer);
    assert!(
        message.contains(needle),
        "{method} {path}: message {message:?} should mention {needle:?}"
    );
}

#[tokio::test]
async fn unknown_collection_is_404_and_a_duplicate_create_409() {
    let app = TestApp::with_collection().await;
    let not_found = "Not found: Collection `nope` doesn't exist!";
    expect_error(
        &app,
        "GET",
        "/collections/nope",
        None,
        StatusCode::NOT_FOUND,
        not_found,
    )
    .await;
    let count = Some(json!({}));
    let path = "/collections/nope/points/count";
    expect_error(&app, "POST", path, count, StatusCode::NOT_FOUND, not_found).await;
    let vectors = json!({"vectors": {"size": DIMS, "distance": "Cosine"}});
    let exists = "Collection `c` already exists!";
    expect_error(
        &app,
        "PUT",
        "/collections/c",
        Some(vectors),
        StatusCode::CONFLICT,
        exists,
    )
    .await;
}

#[tokio::test]
async fn malformed_and_mistyped_bodies_are_400_with_serdes_reason() {
    let app = TestApp::with_collection().await;
    let (status, body) = app
        .send(
            "PUT",
            "/collections/c/points",
            Some("{\"points\": [".into()),
            &[],
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        error_message(&body).starts_with("Format error in JSON body"),
        "{body}"
    );
    let scroll = Some(json!({"limit": "ten"}));
    let path = "/collections/c/points/scroll";
    expect_error(
        &app,
        "POST",
        path,
        scroll,
        StatusCode::BAD_REQUEST,
        "invalid type",
    )
    .await;
    // The legacy search has no default limit, unlike query.
    let search = Some(json!({"vector": vector(1)}));
    let path = "/collections/c/points/search";
    expect_error(
        &app,
        "POST",
        path,
        search,
        StatusCode::BAD_REQUEST,
        "missing field `limit`",
    )
    .await;
}

#[tokio::test]
async fn vectors_of_the_wrong_size_are_refused_on_write_and_query() {
    let app = TestApp::with_collection().await;
    let upsert = Some(json!({"points": [{"id": 1, "vector": [0.1, 0.2, 0.3]}]}));
    let path = "/collections/c/points?wait=true";
    let wrong_dim = "expected dim: 4, got 3";
    expect_error(
        &app,
        "PUT",
        path,
        upsert,
        StatusCode::BAD_REQUEST,
        wrong_dim,
    )
    .await;
    let search = Some(json!({"vector": [0.1, 0.2, 0.3], "limit": 3}));
    let path = "/collections/c/points/search";
    expect_error(
        &app,
        "POST",
        path,
        search,
        StatusCode::BAD_REQUEST,
        wrong_dim,
    )
    .await;
}

#[tokio::test]
async fn what_qdrant_local_does_not_do_is_named() {
    let app = TestApp::with_collection().await;
    let query = Some(json!({"query": vector(1), "prefetch": [{"query": vector(2)}]}));
    let path = "/collections/c/points/query";
    expect_error(
        &app,
        "POST",
        path,
        query,
        StatusCode::BAD_REQUEST,
        "`prefetch`",
    )
    .await;
    let scroll = Some(json!({"order_by": "i"}));
    let path = "/collections/c/points/scroll";
    expect_error(
        &app,
        "POST",
        path,
        scroll,
        StatusCode::BAD_REQUEST,
        "`order_by`",
    )
    .await;
    let path = "/collections/c/points/recommend";
    let named = "POST /collections/c/points/recommend";
    expect_error(
        &app,
        "POST",
        path,
        Some(json!({})),
        StatusCode::NOT_FOUND,
        named,
    )
    .await;
    expect_error(
        &app,
        "PATCH",
        "/collections",
        None,
        StatusCode::NOT_FOUND,
        "PATCH /collections",
    )
    .await;
}

#[tokio::test]
async fn wait_must_be_true_or_false() {
    let app = TestApp::with_collection().await;
    let upsert = Some(json!({"points": [{"id": 1, "vector": vector(1)}]}));
    let path = "/collections/c/points?wait=maybe";
    expect_error(&app, "PUT", path, upsert, StatusCode::BAD_REQUEST, "wait").await;
}

#[tokio::test]
async fn the_body_limit_is_qdrants_32_mib_not_axums_2_mb() {
    let app = TestApp::with_collection().await;
    // Whitespace inside valid JSON: 3 MiB passes (axum alone would refuse it), 33 MiB does not.
    let padded = |mib: usize| {
        let padding = " ".repeat(mib * 1024 * 1024);
        let point = json!({"id": 1, "vector": vector(1)});
        format!("{{\"points\": [{padding}{point}]}}")
    };
    let path = "/collections/c/points?wait=true";
    let (status, body) = app.send("PUT", path, Some(padded(3)), &[]).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, body) = app.send("PUT", path, Some(padded(33)), &[]).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(
        error_message(&body).contains("larger than allowed"),
        "{body}"
    );
}

#[tokio::test]
async fn with_a_key_every_endpoint_but_health_needs_it() {
    let app = TestApp::with_key(Some("sekret"));
    let (status, body) = app.send("GET", "/collections", None, &[]).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(error_message(&body).contains("API key"), "{body}");
    let wrong = [("api-key", "wrong")];
    let (status, _) = app.send("GET", "/collections", None, &wrong).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let bearer = [("authorization", "Bearer sekret")];
    let (status, _) = app.send("GET", "/collections", None, &bearer).await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = app.send("GET", "/readyz", None, &[]).await;
    assert_eq!(status, StatusCode::OK, "health checks stay open");
}
