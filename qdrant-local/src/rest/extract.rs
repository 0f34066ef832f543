//! Request extractors that answer bad input in Qdrant's error shape instead of axum's plain text.

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::StatusCode;
use serde::de::DeserializeOwned;

use super::{ApiError, MAX_BODY_BYTES};

/// A JSON body: 413 over the size limit, 400 with serde's message when malformed or mistyped.
pub struct QJson<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for QJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let bytes = Bytes::from_request(req, state).await.map_err(|rejection| {
            if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                ApiError::new(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    format!("Payload error: JSON payload is larger than allowed (limit: {MAX_BODY_BYTES} bytes)"),
                )
            } else {
                ApiError::bad_request(format!("Payload error: {}", rejection.body_text()))
            }
        })?;
        let body: &[u8] = if bytes.iter().all(u8::is_ascii_whitespace) {
            b"{}"
        } else {
            &bytes
        };
        serde_json::from_slice(body)
            .map(QJson)
            .map_err(|e| ApiError::bad_request(format!("Format error in JSON body: {e}")))
    }
}

/// The `?wait=` query parameter (default false, as in Qdrant); other parameters are ignored.
pub struct Wait(pub bool);

impl<S: Send + Sync> FromRequestParts<S> for Wait {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let query = parts.uri.query().unwrap_or("");
        for pair in query.split('&') {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            if key == "wait" {
                return match value {
                    "true" | "" => Ok(Wait(true)),
                    "false" => Ok(Wait(false)),
                    other => Err(ApiError::bad_request(format!(
                        "Query deserialize error: wait: provided string was not `true` or `false`: {other}"
                    ))),
                };
            }
        }
        Ok(Wait(false))
    }
}
