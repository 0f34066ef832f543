//! `qdrant.Collections`: list, get (info), create, delete, exists.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Instant;

use qdrant_client::qdrant as pb;
use qdrant_client::qdrant::collections_server::Collections;
use qdrant_client::qdrant::vectors_config::Config;
use tonic::{Request, Response, Status};

use super::errors::unimplemented_rpcs;
use crate::engine::{self, Store};

pub struct CollectionsService {
    store: Arc<Store>,
}

impl CollectionsService {
    pub fn new(store: Arc<Store>) -> Self {
        CollectionsService { store }
    }
}

#[tonic::async_trait]
impl Collections for CollectionsService {
    async fn get(
        &self,
        request: Request<pb::GetCollectionInfoRequest>,
    ) -> Result<Response<pb::GetCollectionInfoResponse>, Status> {
        let started = Instant::now();
        let name = request.into_inner().collection_name;
        let info = self.store.collection_info(&name).await?;
        Ok(Response::new(pb::GetCollectionInfoResponse {
            result: Some(collection_info(info)),
            time: started.elapsed().as_secs_f64(),
        }))
    }

    async fn list(
        &self,
        _: Request<pb::ListCollectionsRequest>,
    ) -> Result<Response<pb::ListCollectionsResponse>, Status> {
        let started = Instant::now();
        let collections = self
            .store
            .list_collections()
            .into_iter()
            .map(|name| pb::CollectionDescription { name })
            .collect();
        Ok(Response::new(pb::ListCollectionsResponse {
            collections,
            time: started.elapsed().as_secs_f64(),
        }))
    }

    async fn create(
        &self,
        request: Request<pb::CreateCollection>,
    ) -> Result<Response<pb::CollectionOperationResponse>, Status> {
        let started = Instant::now();
        let request = request.into_inner();
        let config = engine::CollectionConfig::try_from(&request)?;
        self.store
            .create_collection(&request.collection_name, config)
            .await?;
        Ok(Response::new(pb::CollectionOperationResponse {
            result: true,
            time: started.elapsed().as_secs_f64(),
        }))
    }

    async fn delete(
        &self,
        request: Request<pb::DeleteCollection>,
    ) -> Result<Response<pb::CollectionOperationResponse>, Status> {
        let started = Instant::now();
        let name = request.into_inner().collection_name;
        let deleted = self.store.delete_collection(&name).await?;
        Ok(Response::new(pb::CollectionOperationResponse {
            result: deleted,
            time: started.elapsed().as_secs_f64(),
        }))
    }

    async fn collection_exists(
        &self,
        request: Request<pb::CollectionExistsRequest>,
    ) -> Result<Response<pb::CollectionExistsResponse>, Status> {
        let started = Instant::now();
        let exists = self
            .store
            .collection_exists(&request.into_inner().collection_name);
        Ok(Response::new(pb::CollectionExistsResponse {
            result: Some(pb::CollectionExists { exists }),
            time: started.elapsed().as_secs_f64(),
        }))
    }

    unimplemented_rpcs! { "Collections":
        update(UpdateCollection) -> CollectionOperationResponse as "Update";
        update_aliases(ChangeAliases) -> CollectionOperationResponse as "UpdateAliases";
        list_collection_aliases(ListCollectionAliasesRequest) -> ListAliasesResponse as "ListCollectionAliases";
        list_aliases(ListAliasesRequest) -> ListAliasesResponse as "ListAliases";
        collection_cluster_info(CollectionClusterInfoRequest) -> CollectionClusterInfoResponse as "CollectionClusterInfo";
        update_collection_cluster_setup(UpdateCollectionClusterSetupRequest) -> UpdateCollectionClusterSetupResponse as "UpdateCollectionClusterSetup";
        create_shard_key(CreateShardKeyRequest) -> CreateShardKeyResponse as "CreateShardKey";
        delete_shard_key(DeleteShardKeyRequest) -> DeleteShardKeyResponse as "DeleteShardKey";
        list_shard_keys(ListShardKeysRequest) -> ListShardKeysResponse as "ListShardKeys";
    }
}

// ---- create: gRPC config -> store config -------------------------------------------------

fn unsupported(what: &str) -> Status {
    Status::invalid_argument(format!(
        "{what} is not supported by qdrant-local; collections hold dense float32 vectors only"
    ))
}

/// The vector spaces of a create request, and its shard / replication counts (kept and
/// reported back, as a single node does). Tuning hints (HNSW, optimizers, WAL, on-disk) are
/// accepted and left to the engine's defaults; anything that would change what is stored or
/// how it is scored is refused.
impl TryFrom<&pb::CreateCollection> for engine::CollectionConfig {
    type Error = Status;

    fn try_from(request: &pb::CreateCollection) -> Result<Self, Status> {
        if request
            .sparse_vectors_config
            .as_ref()
            .is_some_and(|s| !s.map.is_empty())
        {
            return Err(unsupported("sparse_vectors_config"));
        }
        if request.quantization_config.is_some() {
            return Err(unsupported("quantization_config"));
        }
        let vectors = match request
            .vectors_config
            .as_ref()
            .and_then(|v| v.config.as_ref())
        {
            Some(Config::Params(params)) => {
                engine::VectorsConfig::Single(vector_params(params, "")?)
            }
            Some(Config::ParamsMap(map)) => engine::VectorsConfig::Named(
                map.map
                    .iter()
                    .map(|(name, params)| vector_params(params, name).map(|p| (name.clone(), p)))
                    .collect::<Result<BTreeMap<_, _>, _>>()?,
            ),
            None => return Err(Status::invalid_argument(
                "vectors_config is required: qdrant-local collections need at least one dense vector",
            )),
        };
        Ok(engine::CollectionConfig {
            vectors,
            distribution: engine::Distribution::from_request(
                request.shard_number,
                request.replication_factor,
            ),
        })
    }
}

fn vector_params(params: &pb::VectorParams, name: &str) -> Result<engine::VectorParams, Status> {
    let label = if name.is_empty() {
        "vectors_config".to_string()
    } else {
        format!("vectors_config `{name}`")
    };
    if params.multivector_config.is_some() {
        return Err(unsupported(&format!("multivector_config of {label}")));
    }
    if params.quantization_config.is_some() {
        return Err(unsupported(&format!("quantization_config of {label}")));
    }
    let datatype = params.datatype.map(pb::Datatype::try_from);
    if !matches!(
        datatype,
        None | Some(Ok(pb::Datatype::Default | pb::Datatype::Float32))
    ) {
        return Err(unsupported(&format!(
            "datatype {:?} of {label}",
            params.datatype.unwrap_or_default()
        )));
    }
    let distance = match pb::Distance::try_from(params.distance) {
        Ok(pb::Distance::Cosine) => engine::Distance::Cosine,
        Ok(pb::Distance::Euclid) => engine::Distance::Euclid,
        Ok(pb::Distance::Dot) => engine::Distance::Dot,
        Ok(pb::Distance::Manhattan) => engine::Distance::Manhattan,
        Ok(pb::Distance::UnknownDistance) | Err(_) => {
            return Err(Status::invalid_argument(format!(
                "{label}: unknown distance {}; use Cosine, Euclid, Dot or Manhattan",
                params.distance
            )))
        }
    };
    Ok(engine::VectorParams {
        size: params.size,
        distance,
    })
}

// ---- get: store info -> gRPC info --------------------------------------------------------

fn pb_vector_params(params: &engine::VectorParams) -> pb::VectorParams {
    let distance = match params.distance {
        engine::Distance::Cosine => pb::Distance::Cosine,
        engine::Distance::Euclid => pb::Distance::Euclid,
        engine::Distance::Dot => pb::Distance::Dot,
        engine::Distance::Manhattan => pb::Distance::Manhattan,
    };
    pb::VectorParams {
        size: params.size,
        distance: distance as i32,
        ..Default::default()
    }
}

fn collection_info(info: engine::CollectionInfo) -> pb::CollectionInfo {
    let status = match info.status {
        engine::CollectionStatus::Green => pb::CollectionStatus::Green,
        engine::CollectionStatus::Yellow => pb::CollectionStatus::Yellow,
        engine::CollectionStatus::Red => pb::CollectionStatus::Red,
    };
    let vectors_config = match &info.config.vectors {
        engine::VectorsConfig::Single(params) => Config::Params(pb_vector_params(params)),
        engine::VectorsConfig::Named(map) => Config::ParamsMap(pb::VectorParamsMap {
            map: map
                .iter()
                .map(|(name, p)| (name.clone(), pb_vector_params(p)))
                .collect(),
        }),
    };
    // The counts asked for at creation: what a single-node Qdrant reports.
    let distribution = info.config.distribution;
    let params = pb::CollectionParams {
        shard_number: distribution.shard_number,
        vectors_config: Some(pb::VectorsConfig {
            config: Some(vectors_config),
        }),
        replication_factor: Some(distribution.replication_factor),
        write_consistency_factor: Some(1),
        ..Default::default()
    };
    pb::CollectionInfo {
        status: status as i32,
        optimizer_status: Some(pb::OptimizerStatus {
            ok: info.optimizer_error.is_none(),
            error: info.optimizer_error.unwrap_or_default(),
        }),
        segments_count: info.segments_count,
        config: Some(pb::CollectionConfig {
            params: Some(params),
            ..Default::default()
        }),
        points_count: Some(info.points_count),
        indexed_vectors_count: Some(info.indexed_vectors_count),
        ..Default::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn create(vectors: Config) -> pb::CreateCollection {
        pb::CreateCollection {
            collection_name: "c".into(),
            vectors_config: Some(pb::VectorsConfig {
                config: Some(vectors),
            }),
            ..Default::default()
        }
    }

    #[test]
    fn unnamed_and_named_vectors_are_read() {
        let params = pb::VectorParams {
            size: 384,
            distance: pb::Distance::Cosine as i32,
            ..Default::default()
        };
        let single = engine::CollectionConfig::try_from(&create(Config::Params(params))).unwrap();
        assert_eq!(single.vectors.get("").map(|p| p.size), Some(384));
        let map = pb::VectorParamsMap {
            map: [("".to_string(), params)].into(),
        };
        let named = engine::CollectionConfig::try_from(&create(Config::ParamsMap(map))).unwrap();
        assert!(matches!(named.vectors, engine::VectorsConfig::Named(ref m) if m.contains_key("")));
    }

    #[test]
    fn unknown_distance_and_missing_vectors_are_rejected() {
        let params = pb::VectorParams {
            size: 4,
            distance: 0,
            ..Default::default()
        };
        let err = engine::CollectionConfig::try_from(&create(Config::Params(params))).unwrap_err();
        assert_eq!(err.code(), tonic::Code::InvalidArgument);
        let none = pb::CreateCollection {
            collection_name: "c".into(),
            ..Default::default()
        };
        assert_eq!(
            engine::CollectionConfig::try_from(&none)
                .unwrap_err()
                .code(),
            tonic::Code::InvalidArgument
        );
    }
}
