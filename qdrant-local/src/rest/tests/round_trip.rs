//! Create, upsert, count, scroll, retrieve, search / query and delete through the router, and
//! what the two nearest-neighbour endpoints share.

use axum::http::StatusCode;
use serde_json::{json, Value};

use super::{vector, TestApp};
use crate::engine::DEFAULT_LIMIT;

async fn count(app: &TestApp, filter: Option<Value>) -> u64 {
    let body = filter.map_or_else(|| json!({}), |f| json!({ "filter": f }));
    let (status, answer) = app
        .call("POST", "/collections/c/points/count", Some(body))
        .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    answer["result"]["count"].as_u64().expect("a count")
}

fn ids(points: &Value) -> Vec<u64> {
    points
        .as_array()
        .unwrap_or_else(|| panic!("not a list of points: {points}"))
        .iter()
        .map(|p| p["id"].as_u64().expect("a numeric id"))
        .collect()
}

#[tokio::test]
async fn points_written_are_counted_scrolled_found_and_deleted() {
    let app = TestApp::with_collection().await;
    app.upsert_points(12).await;
    assert_eq!(count(&app, None).await, 12);
    assert_eq!(
        count(
            &app,
            Some(json!({"must": [{"key": "i", "range": {"gt": 9}}]}))
        )
        .await,
        3
    );

    let (status, info) = app.call("GET", "/collections/c", None).await;
    assert_eq!(status, StatusCode::OK, "{info}");
    assert_eq!(info["result"]["points_count"], 12);
    assert_eq!(info["status"], "ok");

    let scroll = json!({"limit": 5, "with_payload": true});
    let (status, page) = app
        .call("POST", "/collections/c/points/scroll", Some(scroll))
        .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert_eq!(ids(&page["result"]["points"]), vec![1, 2, 3, 4, 5]);
    assert_eq!(page["result"]["points"][0]["payload"], json!({"i": 1}));
    assert_eq!(page["result"]["next_page_offset"], 6);

    let (status, point) = app.call("GET", "/collections/c/points/7", None).await;
    assert_eq!(status, StatusCode::OK, "{point}");
    assert_eq!(point["result"]["payload"], json!({"i": 7}));

    let search = json!({"vector": vector(4), "limit": 3, "with_payload": true});
    let (status, hits) = app
        .call("POST", "/collections/c/points/search", Some(search))
        .await;
    assert_eq!(status, StatusCode::OK, "{hits}");
    assert_eq!(
        ids(&hits["result"])[0],
        4,
        "a point's own vector finds it first"
    );
    assert!((hits["result"][0]["score"].as_f64().unwrap() - 1.0).abs() < 1e-5);
    assert_eq!(hits["result"][0]["payload"], json!({"i": 4}));

    let delete = json!({"points": [1, 2]});
    let (status, answer) = app
        .call(
            "POST",
            "/collections/c/points/delete?wait=true",
            Some(delete),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(count(&app, None).await, 10);
}

#[tokio::test]
async fn search_and_query_answer_the_same_hits() {
    let app = TestApp::with_collection().await;
    app.upsert_points(20).await;
    // Between points 5 and 6 (at angles 0.5 and 0.6), nearer 5; 6 filtered out, 5 skipped.
    let near = [0.52f32.cos(), 0.52f32.sin(), 0.0, 0.0];
    let filter = json!({"must_not": [{"has_id": [6]}]});
    let search = json!({"vector": near, "limit": 4, "offset": 1, "filter": filter});
    let query = json!({"query": near, "limit": 4, "offset": 1, "filter": filter});
    let (status, searched) = app
        .call("POST", "/collections/c/points/search", Some(search))
        .await;
    assert_eq!(status, StatusCode::OK, "{searched}");
    let (status, queried) = app
        .call("POST", "/collections/c/points/query", Some(query))
        .await;
    assert_eq!(status, StatusCode::OK, "{queried}");
    assert_eq!(searched["result"], queried["result"]["points"]);
    assert_eq!(ids(&searched["result"]), vec![4, 7, 3, 8]);
    // Neither returns payloads or vectors unasked.
    assert_eq!(searched["result"][0]["payload"], Value::Null);
    assert_eq!(searched["result"][0]["vector"], Value::Null);
}

#[tokio::test]
async fn query_and_scroll_without_a_limit_return_qdrants_default_page() {
    let app = TestApp::with_collection().await;
    app.upsert_points(DEFAULT_LIMIT as u64 + 5).await;
    let (status, page) = app
        .call("POST", "/collections/c/points/scroll", Some(json!({})))
        .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert_eq!(page["result"]["points"].as_array().unwrap().len(), 10);
    let query = json!({"query": vector(1)});
    let (status, hits) = app
        .call("POST", "/collections/c/points/query", Some(query))
        .await;
    assert_eq!(status, StatusCode::OK, "{hits}");
    assert_eq!(hits["result"]["points"].as_array().unwrap().len(), 10);
}
