//! `shard_number` and `replication_factor` on create: kept and reported under `config.params`
//! as a single Qdrant node reports them, Qdrant's defaults (1, 1) when absent, and refused as
//! Qdrant refuses them (0: its range check; negative or fractional: serde's u32).

use axum::http::StatusCode;
use serde_json::{json, Value};

use super::{error_message, TestApp, DIMS};

fn create_body(extra: Value) -> Value {
    let mut body = json!({"vectors": {"size": DIMS, "distance": "Cosine"}});
    body.as_object_mut()
        .unwrap()
        .extend(extra.as_object().unwrap().clone());
    body
}

async fn params_of(app: &TestApp, name: &str) -> Value {
    let (status, info) = app.call("GET", &format!("/collections/{name}"), None).await;
    assert_eq!(status, StatusCode::OK, "{info}");
    info["result"]["config"]["params"].clone()
}

#[tokio::test]
async fn the_counts_asked_for_are_reported_and_absent_ones_are_qdrants_defaults() {
    let app = TestApp::new();
    let asked = create_body(json!({"shard_number": 3, "replication_factor": 2}));
    let (status, answer) = app.call("PUT", "/collections/sharded", Some(asked)).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let params = params_of(&app, "sharded").await;
    assert_eq!(params["shard_number"], json!(3), "{params}");
    assert_eq!(params["replication_factor"], json!(2), "{params}");

    let plain = create_body(json!({"shard_number": null}));
    let (status, answer) = app.call("PUT", "/collections/plain", Some(plain)).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let params = params_of(&app, "plain").await;
    assert_eq!(params["shard_number"], json!(1), "{params}");
    assert_eq!(params["replication_factor"], json!(1), "{params}");
}

#[tokio::test]
async fn counts_below_one_or_not_unsigned_integers_are_refused_and_nothing_is_created() {
    let app = TestApp::new();
    let cases = [
        (
            json!({"shard_number": 0}),
            "Validation error in JSON body: [shard_number: value 0 invalid, must be 1 or larger]",
        ),
        (
            json!({"replication_factor": 0}),
            "Validation error in JSON body: [replication_factor: value 0 invalid, must be 1 or larger]",
        ),
        (
            json!({"shard_number": -2}),
            "Format error in JSON body: invalid value: integer `-2`, expected u32",
        ),
        (
            json!({"replication_factor": 1.5}),
            "Format error in JSON body: invalid type: floating point `1.5`, expected u32",
        ),
        (
            json!({"shard_number": "3"}),
            "Format error in JSON body: invalid type: string \"3\", expected u32",
        ),
    ];
    for (extra, needle) in cases {
        let body = create_body(extra.clone());
        let (status, answer) = app.call("PUT", "/collections/bad", Some(body)).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{extra} -> {answer}");
        let message = error_message(&answer);
        assert!(
            message.contains(needle),
            "{extra}: {message:?} should contain {needle:?}"
        );
        let (_, exists) = app.call("GET", "/collections/bad/exists", None).await;
        assert_eq!(exists["result"]["exists"], json!(false), "{extra}");
    }
}
