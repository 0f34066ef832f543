//! Qdrant's gRPC API (as generated in the `qdrant-client` crate) over the store, for the
//! official Rust client. Implemented: `Qdrant/HealthCheck`; `Collections` list, get,
//! create, delete, exists; `Points` upsert, get, delete, search, query, count, scroll.
//! Every other RPC, including whole services we do not serve (snapshots, ...), answers
//! UNIMPLEMENTED naming the method.
//!
//! A handler converts its message into the engine's request (`requests`, `convert`), calls
//! the store function the REST layer also calls, and answers; a `StoreError` becomes a
//! `Status` through `From` (`errors`), so handlers use `?`.

mod collections;
mod convert;
mod errors;
mod health;
mod points;
mod requests;

use crate::auth::{check_key, KeyCheck};
use std::future::Future;
use std::sync::Arc;

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use qdrant_client::qdrant::collections_server::CollectionsServer;
use qdrant_client::qdrant::points_server::PointsServer;
use qdrant_client::qdrant::qdrant_server::QdrantServer;
use tokio_stream::wrappers::TcpListenerStream;
use tonic::codec::CompressionEncoding;
use tonic::service::Routes;
use tonic::Status;

use crate::engine::Store;

/// Largest request accepted, as Qdrant's default `max_request_size_mb` (tonic's default is 4 MiB,
/// too small for large upsert batches of 384-dim vectors).
const MAX_MESSAGE_BYTES: usize = 32 * 1024 * 1024;

/// Qdrant answers health checks without an API key (they are on its auth whitelist).
const HEALTH_CHECK_PATH: &str = "/qdrant.Qdrant/HealthCheck";

/// Serves the gRPC API on `listener` until `shutdown` resolves, over TLS when `tls` is given.
pub async fn serve(
    store: Arc<Store>,
    listener: tokio::net::TcpListener,
    api_key: Option<String>,
    tls: Option<tonic::transport::ServerTlsConfig>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    let mut server = tonic::transport::Server::builder();
    if let Some(tls) = tls {
        server = server
            .tls_config(tls)
            .map_err(|e| anyhow::anyhow!("gRPC TLS configuration: {e}"))?;
    }
    server
        .add_routes(routes(store, api_key))
        .serve_with_incoming_shutdown(TcpListenerStream::new(listener), shutdown)
        .await
        .map_err(|e| anyhow::anyhow!("gRPC server failed: {e}"))
}

/// The three services, a fallback for unknown methods and, with a key, the API-key check.
fn routes(store: Arc<Store>, api_key: Option<String>) -> Routes {
    macro_rules! configured {
        ($server:expr) => {
            $server
                .max_decoding_message_size(MAX_MESSAGE_BYTES)
                .max_encoding_message_size(MAX_MESSAGE_BYTES)
                .accept_compressed(CompressionEncoding::Gzip)
                .send_compressed(CompressionEncoding::Gzip)
        };
    }
    let router = axum::Router::new().fallback(unknown_method);
    let mut router = Routes::from(router)
        .add_service(configured!(QdrantServer::new(health::HealthService)))
        .add_service(configured!(CollectionsServer::new(
            collections::CollectionsService::new(store.clone())
        )))
        .add_service(configured!(PointsServer::new(points::PointsService::new(
            store
        ))))
        .into_axum_router();
    if let Some(key) = api_key {
        router = router.layer(axum::middleware::from_fn_with_state(
            Arc::<str>::from(key),
            check_api_key,
        ));
    }
    Routes::from(router)
}

/// Any path that no service claims, e.g. `/qdrant.Snapshots/List`.
async fn unknown_method(uri: axum::http::Uri) -> Response {
    let method = uri.path().trim_start_matches('/');
    status_response(Status::unimplemented(format!(
        "{method} is not implemented by qdrant-local"
    )))
}

/// Requires the `api-key` metadata (or `authorization: Bearer <key>`), as Qdrant does.
async fn check_api_key(State(expected): State<Arc<str>>, request: Request, next: Next) -> Response {
    if request.uri().path() == HEALTH_CHECK_PATH {
        return next.run(request).await;
    }
    match check_key(request.headers(), &expected) {
        KeyCheck::Accepted => next.run(request).await,
        KeyCheck::Invalid => status_response(Status::unauthenticated("Invalid api-key")),
        KeyCheck::Missing => status_response(Status::unauthenticated(
            "Must provide an API key or an Authorization bearer token",
        )),
    }
}

fn status_response(status: Status) -> Response {
    status.into_http::<axum::body::Body>()
}
