//! Rejects bad input with Qdrant-like messages before it reaches the engine (whose own
//! errors are less specific, and some of whose checks are assertions).

use super::error::{StoreError, StoreResult};
use super::types::{CollectionConfig, PointInput, VectorParams, Vectors, VectorsConfig};

/// Largest vector dimension accepted (Qdrant's limit).
const MAX_VECTOR_SIZE: u64 = 65_536;

pub(super) fn collection_name(name: &str) -> StoreResult<()> {
    let problem = if name.is_empty() {
        Some("collection name must not be empty".to_string())
    } else if name.len() > 255 {
        Some("collection name must be at most 255 bytes long".to_string())
    } else if name.starts_with('.') {
        Some("collection name must not start with \".\"".to_string())
    } else {
        name.chars()
            .find(|c| {
                matches!(
                    c,
                    '/' | '\\' | '\0' | ':' | '*' | '?' | '"' | '<' | '>' | '|'
                )
            })
            .map(|c| format!("collection name cannot contain {c:?} char"))
    };
    match problem {
        Some(p) => Err(StoreError::BadRequest(format!(
            "Validation error in path parameters: [name: {p}]"
        ))),
        None => Ok(()),
    }
}

pub(super) fn collection_config(config: &CollectionConfig) -> StoreResult<()> {
    // Qdrant's range check on both counts (its CreateCollection validates `min = 1`).
    let counts = [
        ("shard_number", config.distribution.shard_number),
        ("replication_factor", config.distribution.replication_factor),
    ];
    if let Some((field, value)) = counts.into_iter().find(|(_, value)| *value == 0) {
        return Err(StoreError::BadRequest(format!(
            "Validation error in JSON body: [{field}: value {value} invalid, must be 1 or larger]"
        )));
    }
    if let VectorsConfig::Named(map) = &config.vectors {
        if map.is_empty() {
            return Err(StoreError::BadRequest(
                "vectors: at least one vector must be configured".into(),
            ));
        }
    }
    for (name, params) in config.vectors.iter() {
        if params.size == 0 || params.size > MAX_VECTOR_SIZE {
            let field = if name.is_empty() {
                "vectors.size".to_string()
            } else {
                format!("vectors.{name}.size")
            };
            return Err(StoreError::BadRequest(format!(
                "Validation error in JSON body: [{field}: value {} invalid, must be from 1 to {MAX_VECTOR_SIZE}]",
                params.size
            )));
        }
    }
    Ok(())
}

/// The params of the vector `name` ("" = unnamed) of a collection, or the error Qdrant gives.
pub(super) fn vector_params<'a>(
    config: &'a CollectionConfig,
    name: &str,
) -> StoreResult<&'a VectorParams> {
    config
        .vectors
        .get(name)
        .ok_or_else(|| StoreError::BadRequest(format!("Not existing vector name error: {name}")))
}

pub(super) fn point(config: &CollectionConfig, point: &PointInput) -> StoreResult<()> {
    let check = |name: &str, v: &Vec<f32>| -> StoreResult<()> {
        vector(name, vector_params(config, name)?.size, v)
    };
    match &point.vectors {
        Vectors::Single(v) => check("", v),
        Vectors::Named(map) => map.iter().try_for_each(|(name, v)| check(name, v)),
    }
}

pub(super) fn vector(name: &str, size: u64, vector: &[f32]) -> StoreResult<()> {
    if vector.len() as u64 != size {
        return Err(StoreError::BadRequest(format!(
            "Vector dimension error: expected dim: {size}, got {}",
            vector.len()
        )));
    }
    if vector.iter().any(|x| !x.is_finite()) {
        let label = if name.is_empty() {
            "vector".to_string()
        } else {
            format!("vector `{name}`")
        };
        return Err(StoreError::BadRequest(format!(
            "{label} contains NaN or infinite values"
        )));
    }
    Ok(())
}
