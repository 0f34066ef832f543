//! `shard_number` and `replication_factor` over gRPC with the official Rust client: a create
//! with them is accepted and `CollectionInfo` reports them under `config.params`, as a single
//! Qdrant node does; a count of 0 is INVALID_ARGUMENT naming the field (Qdrant's `min = 1`),
//! and no collection is left behind.
//!
//! Run: `cargo test --release --locked -p qdrant-local --test grpc_distribution`

mod common;

use qdrant_client::qdrant::{CreateCollectionBuilder, Distance, VectorParamsBuilder};
use qdrant_client::{Qdrant, QdrantError};
use tonic::Code;

fn client(server: &common::Server) -> Qdrant {
    let url = server.ready["grpc_url"].as_str().expect("grpc_url");
    Qdrant::from_url(url)
        .skip_compatibility_check()
        .build()
        .expect("build client")
}

fn create(name: &str) -> CreateCollectionBuilder {
    CreateCollectionBuilder::new(name).vectors_config(VectorParamsBuilder::new(4, Distance::Cosine))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn counts_are_reported_as_asked_and_zero_is_refused() {
    let data_dir = tempfile::tempdir().expect("temp dir");
    let server = common::Server::start_with(data_dir.path(), &["--grpc-port", "0"]);
    let client = client(&server);

    client
        .create_collection(create("sharded").shard_number(3).replication_factor(2))
        .await
        .expect("create with shard_number 3, replication_factor 2");
    let info = client.collection_info("sharded").await.expect("info");
    let params = info.result.unwrap().config.unwrap().params.unwrap();
    assert_eq!(params.shard_number, 3);
    assert_eq!(params.replication_factor, Some(2));

    client
        .create_collection(create("plain"))
        .await
        .expect("create with neither");
    let info = client.collection_info("plain").await.expect("info");
    let params = info.result.unwrap().config.unwrap().params.unwrap();
    assert_eq!(
        (params.shard_number, params.replication_factor),
        (1, Some(1))
    );

    for (request, field) in [
        (create("bad").shard_number(0), "shard_number"),
        (create("bad").replication_factor(0), "replication_factor"),
    ] {
        let status = match client.create_collection(request).await {
            Err(QdrantError::ResponseError { status }) => status,
            other => panic!("{field} 0: expected a gRPC error, got {other:?}"),
        };
        assert_eq!(status.code(), Code::InvalidArgument, "{field} 0");
        let expected = format!("[{field}: value 0 invalid, must be 1 or larger]");
        assert!(
            status.message().contains(&expected),
            "{field} 0: message {:?} should contain {expected:?}",
            status.message()
        );
        assert!(!client.collection_exists("bad").await.expect("exists"));
    }
}
