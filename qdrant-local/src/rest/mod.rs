//! Qdrant's REST protocol (the subset the official clients use here), on axum.
//!
//! Every JSON answer uses Qdrant's envelope: `{"result": .., "status": "ok", "time": secs}`;
//! every error `{"status": {"error": ".."}, "time": secs}` with a 4xx/5xx code.

mod collections;
mod extract;
mod points;
#[cfg(test)]
mod tests;

use crate::auth::{check_key, KeyCheck};
use std::sync::Arc;
use std::time::Instant;

use axum::extract::{Request, State};
use axum::http::{Method, StatusCode, Uri};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Serialize;
use serde_json::json;

use crate::engine::{Store, StoreError};
use crate::version::API_VERSION;

/// Largest request body accepted (Qdrant's default `max_request_size_mb` is 32).
pub const MAX_BODY_BYTES: usize = 32 * 1024 * 1024;

#[derive(Clone)]
pub struct AppState {
    pub store: Arc<Store>,
    pub api_key: Option<String>,
}

/// The whole REST app: routes, API-key check, panic guard and body limit. The binary serves
/// it; `rest/tests/` drives it in-process (`oneshot`, no server).
pub fn router(store: Arc<Store>, api_key: Option<String>) -> Router {
    let state = AppState { store, api_key };
    Router::new()
        .route("/", get(root))
        .route("/healthz", get(|| async { "healthz check passed" }))
        .route("/livez", get(|| async { "healthz check passed" }))
        .route("/readyz", get(|| async { "all shards are ready" }))
        .route("/collections", get(collections::list))
        .route(
            "/collections/{name}",
            get(collections::info)
                .put(collections::create)
                .delete(collections::delete),
        )
        .route("/collections/{name}/exists", get(collections::exists))
        .route(
            "/collections/{name}/points",
            post(points::retrieve).put(points::upsert),
        )
        .route("/collections/{name}/points/{id}", get(points::get_one))
        .route("/collections/{name}/points/delete", post(points::delete))
        .route("/collections/{name}/points/query", post(points::query))
        .route("/collections/{name}/points/search", post(points::search))
        .route("/collections/{name}/points/count", post(points::count))
        .route("/collections/{name}/points/scroll", post(points::scroll))
        // qdrant-local's own (not Qdrant's API): for the harness's contract rule 5.
        .route(
            "/local/collections/{name}/writes",
            get(collections::write_counts),
        )
        .fallback(unknown_endpoint)
        .method_not_allowed_fallback(unknown_endpoint)
        .layer(middleware::from_fn_with_state(state.clone(), check_api_key))
        .layer(middleware::map_response(qdrant_shaped_rejection))
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(
            panic_response,
        ))
        .with_state(state)
        .layer(axum::extract::DefaultBodyLimit::max(MAX_BODY_BYTES))
}

async fn root() -> Json<serde_json::Value> {
    Json(json!({
        "title": "qdrant - vector search engine",
        "version": API_VERSION,
        "commit": null,
        "engine": crate::version::ENGINE,
    }))
}

async fn unknown_endpoint(method: Method, uri: Uri) -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        format!(
            "Not found: endpoint {method} {} is not supported by qdrant-local",
            uri.path()
        ),
    )
}

/// axum's own rejections (a path segment that is not UTF-8 once percent-decoded, ...) answer
/// plain text; a client expects Qdrant's error shape for every 4xx, so they are wrapped in it,
/// status and text kept. Found by the REST fuzz (`tests/js/rest-fuzz.test.ts`).
async fn qdrant_shaped_rejection(response: Response) -> Response {
    let json = response
        .headers()
        .get(axum::http::header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    let status = response.status();
    if json || !status.is_client_error() {
        return response;
    }
    let text = axum::body::to_bytes(response.into_body(), 64 * 1024)
        .await
        .unwrap_or_default();
    ApiError::new(
        status,
        format!("Wrong input: {}", String::from_utf8_lossy(&text).trim()),
    )
    .into_response()
}

fn panic_response(_: Box<dyn std::any::Any + Send + 'static>) -> Response {
    ApiError::new(
        StatusCode::INTERNAL_SERVER_ERROR,
        "Service internal error: request handler panicked",
    )
    .into_response()
}

/// Qdrant's API-key check: `api-key: K` or `Authorization: Bearer K`. Health endpoints stay open.
async fn check_api_key(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let Some(expected) = state.api_key.as_deref() else {
        return next.run(request).await;
    };
    if matches!(request.uri().path(), "/healthz" | "/livez" | "/readyz") {
        return next.run(request).await;
    }
    match check_key(request.headers(), expected) {
        KeyCheck::Accepted => next.run(request).await,
        KeyCheck::Invalid => {
            ApiError::new(StatusCode::UNAUTHORIZED, "Invalid API key or JWT").into_response()
        }
        KeyCheck::Missing => ApiError::new(
            StatusCode::UNAUTHORIZED,
            "Must provide an API key or an Authorization bearer token",
        )
        .into_response(),
    }
}

/// A successful answer in Qdrant's envelope; `time` is the handler's duration in seconds.
pub fn ok<T: Serialize>(started: Instant, result: T) -> Response {
    Json(json!({
        "result": result,
        "status": "ok",
        "time": started.elapsed().as_secs_f64(),
    }))
    .into_response()
}

/// An error in Qdrant's shape.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub message: String,
}

impl ApiError {
    pub fn new(status: StatusCode, message: impl Into<String>) -> Self {
        ApiError {
            status,
            message: message.into(),
        }
    }

    pub fn bad_request(message: impl Into<String>) -> Self {
        ApiError::new(StatusCode::BAD_REQUEST, message)
    }
}

impl From<StoreError> for ApiError {
    fn from(err: StoreError) -> Self {
        let status = match err {
            StoreError::NotFound(_) => StatusCode::NOT_FOUND,
            StoreError::AlreadyExists(_) => StatusCode::CONFLICT,
            StoreError::BadRequest(_) => StatusCode::BAD_REQUEST,
            StoreError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        };
        ApiError::new(status, err.to_string())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = json!({ "status": { "error": self.message }, "time": 0.0 });
        (self.status, Json(body)).into_response()
    }
}

pub type ApiResult = Result<Response, ApiError>;
