//! Qdrant over gRPC with the official `qdrant-client` crate (pipelines/README.md rule 5), and
//! the query job's searches over the same client.

use crate::points::Chunk;
use anyhow::{anyhow, Result};
use qdrant_client::qdrant::point_id::PointIdOptions;
use qdrant_client::qdrant::{
    CreateCollectionBuilder, Distance, PointId, PointStruct, QueryPointsBuilder,
    UpsertPointsBuilder, Value, VectorParamsBuilder,
};
use qdrant_client::{Payload, Qdrant, QdrantError};
use std::time::Duration;

pub struct Store {
    client: Qdrant,
    url: String,
    collection: String,
}

impl Store {
    /// A client for `grpc_url`; no request is made yet.
    pub fn new(grpc_url: &str, api_key: Option<String>, collection: &str) -> Result<Self> {
        let client = Qdrant::from_url(grpc_url)
            .api_key(api_key)
            .connect_timeout(Duration::from_secs(10))
            // Upserts wait for the write to be applied; big groups on a busy machine take time.
            .timeout(Duration::from_secs(300))
            // The version check is a request of its own and only prints a warning.
            .skip_compatibility_check()
            .build()
            .map_err(|e| anyhow!("qdrant: invalid gRPC URL {grpc_url}: {}", describe(&e)))?;
        Ok(Self {
            client,
            url: grpc_url.to_string(),
            collection: collection.to_string(),
        })
    }

    /// Creates the collection: one unnamed dense vector of `dim` with cosine distance, and the
    /// shard / replica counts when given (else Qdrant's defaults).
    pub async fn create_collection(
        &self,
        dim: usize,
        shard_number: Option<u32>,
        replication_factor: Option<u32>,
    ) -> Result<()> {
        let mut request = CreateCollectionBuilder::new(&self.collection)
            .vectors_config(VectorParamsBuilder::new(dim as u64, Distance::Cosine));
        if let Some(shards) = shard_number {
            request = request.shard_number(shards);
        }
        if let Some(replicas) = replication_factor {
            request = request.replication_factor(replicas);
        }
        self.client.create_collection(request).await.map_err(|e| {
            anyhow!(
                "qdrant: cannot create collection {:?} at {}: {}",
                self.collection,
                self.url,
                describe(&e)
            )
        })?;
        Ok(())
    }

    /// Upserts one group as one request, acknowledged once applied (`wait=true`).
    pub async fn upsert(&self, points: Vec<PointStruct>) -> Result<()> {
        let count = points.len();
        let request = UpsertPointsBuilder::new(&self.collection, points).wait(true);
        self.client.upsert_points(request).await.map_err(|e| {
            anyhow!(
                "qdrant: upsert of {count} points into {:?} at {} failed: {}",
                self.collection,
                self.url,
                describe(&e)
            )
        })?;
        Ok(())
    }

    /// The `limit` points nearest to `vector` (the Query API's nearest search, no filter, no
    /// payload, no vectors): their ids as strings, in score order. `&self` from any thread: the
    /// client's one channel multiplexes concurrent requests.
    pub async fn search(&self, vector: Vec<f32>, limit: u64) -> Result<Vec<String>> {
        let request = QueryPointsBuilder::new(&self.collection)
            .query(vector)
            .limit(limit)
            .with_payload(false)
            .with_vectors(false);
        let response = self.client.query(request).await.map_err(|e| {
            anyhow!(
                "qdrant: search in collection {:?} at {} failed: {}",
                self.collection,
                self.url,
                describe(&e)
            )
        })?;
        response
            .result
            .into_iter()
            .map(|point| id_string(point.id))
            .collect()
    }
}

/// A point id as the protocol writes it: the UUID's text, or the number in decimal.
fn id_string(id: Option<PointId>) -> Result<String> {
    match id.and_then(|id| id.point_id_options) {
        Some(PointIdOptions::Uuid(uuid)) => Ok(uuid),
        Some(PointIdOptions::Num(num)) => Ok(num.to_string()),
        None => Err(anyhow!("qdrant: a search answered a point without an id")),
    }
}

/// The point LangChain's QdrantVectorStore would write for this chunk.
pub fn to_point(chunk: &Chunk, vector: Vec<f32>) -> PointStruct {
    let metadata = Value::from(vec![
        ("source", Value::from(chunk.source.as_str())),
        ("chunk_index", Value::from(chunk.chunk_index as i64)),
    ]);
    let payload = Payload::from([
        ("page_content", Value::from(chunk.text.as_str())),
        ("metadata", metadata),
    ]);
    PointStruct::new(chunk.id().to_string(), vector, payload)
}

/// The server's status message, or the transport error behind it (connection refused, ...),
/// without the gRPC metadata dump of QdrantError's own Display.
fn describe(error: &QdrantError) -> String {
    let QdrantError::ResponseError { status } = error else {
        return error.to_string();
    };
    let mut message = format!("{} (gRPC {:?})", status.message(), status.code());
    let mut source = std::error::Error::source(status);
    while let Some(cause) = source {
        message.push_str(&format!(": {cause}"));
        source = cause.source();
    }
    message
}
