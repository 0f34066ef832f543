//! `qdrant.Qdrant/HealthCheck`: the call the Rust client makes when it is built, to
//! compare its version with the server's.

use qdrant_client::qdrant::qdrant_server::Qdrant;
use qdrant_client::qdrant::{HealthCheckReply, HealthCheckRequest};
use tonic::{Request, Response, Status};

/// Same title as Qdrant (and as our REST `GET /`).
pub const TITLE: &str = "qdrant - vector search engine";

pub struct HealthService;

#[tonic::async_trait]
impl Qdrant for HealthService {
    async fn health_check(
        &self,
        _: Request<HealthCheckRequest>,
    ) -> Result<Response<HealthCheckReply>, Status> {
        Ok(Response::new(HealthCheckReply {
            title: TITLE.to_string(),
            version: crate::version::API_VERSION.to_string(),
            commit: None,
        }))
    }
}
