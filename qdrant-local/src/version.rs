//! The versions this server reports.

/// The Qdrant API version announced on `GET /` and in gRPC health checks.
/// 1.19 is accepted without a compatibility warning by every client of this project:
/// the clients require the same major and a minor within 1 (@qdrant/js-client-rest 1.18,
/// Python qdrant-client 1.20, Rust qdrant-client 1.20).
pub const API_VERSION: &str = "1.19.0";

/// The engine behind the protocols.
pub const ENGINE: &str = "qdrant-edge 0.7.2";
