//! Collection endpoints: list, exists, info, create, delete.

use std::time::Instant;

use axum::extract::{Path, State};
use serde::Deserialize;
use serde_json::{json, Value};

use super::extract::QJson;
use super::{ok, ApiError, ApiResult, AppState};
use crate::engine::{
    CollectionConfig, CollectionInfo, CollectionStatus, Distribution, VectorsConfig,
};

pub async fn list(State(state): State<AppState>) -> ApiResult {
    let started = Instant::now();
    let collections: Vec<Value> = state
        .store
        .list_collections()
        .into_iter()
        .map(|name| json!({ "name": name }))
        .collect();
    Ok(ok(started, json!({ "collections": collections })))
}

pub async fn exists(State(state): State<AppState>, Path(name): Path<String>) -> ApiResult {
    let started = Instant::now();
    Ok(ok(
        started,
        json!({ "exists": state.store.collection_exists(&name) }),
    ))
}

/// `GET /local/collections/{name}/writes`: `{"waiting": n, "non_waiting": m}`.
pub async fn write_counts(State(state): State<AppState>, Path(name): Path<String>) -> ApiResult {
    let started = Instant::now();
    Ok(ok(started, state.store.write_counts(&name)?))
}

pub async fn info(State(state): State<AppState>, Path(name): Path<String>) -> ApiResult {
    let started = Instant::now();
    let info = state.store.collection_info(&name).await?;
    Ok(ok(started, info_json(&info)))
}

/// `PUT /collections/{name}`: only dense vectors are supported; the tuning fields Qdrant
/// accepts (hnsw_config, optimizers_config, on_disk_payload, ...) are accepted and ignored.
/// `shard_number` and `replication_factor` are kept and reported back, as a single node does.
#[derive(Deserialize)]
pub struct CreateCollection {
    vectors: Option<Value>,
    #[serde(default)]
    sparse_vectors: Option<serde_json::Map<String, Value>>,
    #[serde(default)]
    shard_number: Option<u32>,
    #[serde(default)]
    replication_factor: Option<u32>,
}

pub async fn create(
    State(state): State<AppState>,
    Path(name): Path<String>,
    QJson(body): QJson<CreateCollection>,
) -> ApiResult {
    let started = Instant::now();
    if body.sparse_vectors.as_ref().is_some_and(|s| !s.is_empty()) {
        return Err(ApiError::bad_request(
            "Wrong input: sparse vectors are not supported by qdrant-local",
        ));
    }
    let vectors = body.vectors.ok_or_else(|| {
        ApiError::bad_request("Wrong input: `vectors` is required by qdrant-local")
    })?;
    let vectors = parse_vectors_config(vectors)?;
    let distribution = Distribution::from_request(body.shard_number, body.replication_factor);
    let config = CollectionConfig {
        vectors,
        distribution,
    };
    state.store.create_collection(&name, config).await?;
    Ok(ok(started, true))
}

fn parse_vectors_config(value: Value) -> Result<VectorsConfig, ApiError> {
    let bad = |e: serde_json::Error| {
        ApiError::bad_request(format!("Format error in JSON body: vectors: {e}"))
    };
    // One vector space has `size`; otherwise it is a map of named spaces.
    if value.get("size").is_some() {
        Ok(VectorsConfig::Single(
            serde_json::from_value(strip_tuning(value)).map_err(bad)?,
        ))
    } else if let Value::Object(map) = value {
        let named = map
            .into_iter()
            .map(|(name, params)| {
                Ok((
                    name,
                    serde_json::from_value(strip_tuning(params)).map_err(bad)?,
                ))
            })
            .collect::<Result<_, ApiError>>()?;
        Ok(VectorsConfig::Named(named))
    } else {
        Err(ApiError::bad_request(
            "Format error in JSON body: vectors: expected {\"size\": N, \"distance\": D} or a map of named vector params",
        ))
    }
}

/// Drops per-vector tuning fields (hnsw_config, on_disk, ...) that the embedded engine ignores.
fn strip_tuning(params: Value) -> Value {
    match params {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .filter(|(k, _)| k == "size" || k == "distance")
                .collect(),
        ),
        other => other,
    }
}

pub async fn delete(State(state): State<AppState>, Path(name): Path<String>) -> ApiResult {
    let started = Instant::now();
    let deleted = state.store.delete_collection(&name).await?;
    Ok(ok(started, deleted))
}

/// Qdrant's `CollectionInfo`, with the fixed defaults of the embedded engine filled in so
/// that the Python client's pydantic models (which require them) accept it.
fn info_json(info: &CollectionInfo) -> Value {
    let status = match info.status {
        CollectionStatus::Green => "green",
        CollectionStatus::Yellow => "yellow",
        CollectionStatus::Red => "red",
    };
    let optimizer_status = match &info.optimizer_error {
        None => json!("ok"),
        Some(error) => json!({ "error": error }),
    };
    json!({
        "status": status,
        "optimizer_status": optimizer_status,
        "indexed_vectors_count": info.indexed_vectors_count,
        "points_count": info.points_count,
        "segments_count": info.segments_count,
        "config": {
            "params": {
                "vectors": info.config.vectors,
                "shard_number": info.config.distribution.shard_number,
                "replication_factor": info.config.distribution.replication_factor,
                "write_consistency_factor": 1,
                "on_disk_payload": true,
            },
            "hnsw_config": {
                "m": 16,
                "ef_construct": 100,
                "full_scan_threshold": 10000,
                "max_indexing_threads": 0,
                "on_disk": false,
            },
            "optimizer_config": {
                "deleted_threshold": 0.2,
                "vacuum_min_vector_number": 1000,
                "default_segment_number": 0,
                "max_segment_size": null,
                "memmap_threshold": null,
                "indexing_threshold": 10000,
                "flush_interval_sec": 5,
                "max_optimization_threads": null,
            },
            "wal_config": { "wal_capacity_mb": 32, "wal_segments_ahead": 0 },
            "quantization_config": null,
        },
        "payload_schema": {},
    })
}
