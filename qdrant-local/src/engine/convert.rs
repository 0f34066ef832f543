//! Conversions between our domain types and qdrant-edge's types.

use std::collections::HashMap;

use qdrant_edge::{
    EdgeConfig, EdgeVectorParams, PointStructPersisted, VectorInternal, VectorPersisted,
    VectorStructInternal, VectorStructPersisted,
};

use super::error::{StoreError, StoreResult};
use super::types::*;

pub fn edge_id(id: &PointId) -> qdrant_edge::PointId {
    match id {
        PointId::Num(n) => qdrant_edge::PointId::NumId(*n),
        PointId::Uuid(u) => qdrant_edge::PointId::Uuid(*u),
    }
}

pub fn domain_id(id: &qdrant_edge::PointId) -> PointId {
    match id {
        qdrant_edge::PointId::NumId(n) => PointId::Num(*n),
        qdrant_edge::PointId::Uuid(u) => PointId::Uuid(*u),
    }
}

fn edge_distance(d: Distance) -> qdrant_edge::Distance {
    match d {
        Distance::Cosine => qdrant_edge::Distance::Cosine,
        Distance::Euclid => qdrant_edge::Distance::Euclid,
        Distance::Dot => qdrant_edge::Distance::Dot,
        Distance::Manhattan => qdrant_edge::Distance::Manhattan,
    }
}

/// The shard config for a collection: every vector (the unnamed one is named "") dense, in RAM.
pub fn edge_config(config: &CollectionConfig) -> EdgeConfig {
    let vectors = config
        .vectors
        .iter()
        .into_iter()
        .map(|(name, params)| {
            let params = EdgeVectorParams {
                size: params.size as usize,
                distance: edge_distance(params.distance),
                on_disk: None,
                multivector_config: None,
                datatype: None,
                quantization_config: None,
                hnsw_config: None,
            };
            (name.to_string(), params)
        })
        .collect();
    EdgeConfig {
        vectors,
        ..EdgeConfig::default()
    }
}

pub fn edge_point(point: PointInput) -> PointStructPersisted {
    let vector = match point.vectors {
        Vectors::Single(v) => VectorStructPersisted::Single(v),
        Vectors::Named(map) => VectorStructPersisted::Named(
            map.into_iter()
                .map(|(name, v)| (name, VectorPersisted::Dense(v)))
                .collect(),
        ),
    };
    PointStructPersisted {
        id: edge_id(&point.id),
        vector,
        payload: point.payload.map(qdrant_edge::Payload),
    }
}

/// Our filter JSON is a subset of Qdrant's, so the engine's own deserializer reads it.
pub fn edge_filter(filter: &Filter) -> StoreResult<qdrant_edge::Filter> {
    let json = serde_json::to_value(filter)
        .map_err(|e| StoreError::Internal(format!("cannot encode filter: {e}")))?;
    serde_json::from_value(json).map_err(|e| StoreError::BadRequest(format!("Bad filter: {e}")))
}

/// Returned vectors in the shape the collection was created with:
/// a bare list for an unnamed-vector collection, a map for named vectors.
pub fn domain_vectors(vectors: VectorStructInternal, config: &CollectionConfig) -> Vectors {
    let mut named: HashMap<String, Vec<f32>> = match vectors {
        VectorStructInternal::Single(v) => HashMap::from([(String::new(), v)]),
        VectorStructInternal::MultiDense(_) => HashMap::new(),
        VectorStructInternal::Named(map) => map
            .into_iter()
            .filter_map(|(name, v)| match v {
                VectorInternal::Dense(v) => Some((name, v)),
                _ => None,
            })
            .collect(),
    };
    match config.vectors {
        VectorsConfig::Single(_) => Vectors::Single(named.remove("").unwrap_or_default()),
        VectorsConfig::Named(_) => Vectors::Named(named.into_iter().collect()),
    }
}

pub fn domain_payload(payload: Option<qdrant_edge::Payload>) -> Option<Payload> {
    payload.map(|p| p.0)
}
