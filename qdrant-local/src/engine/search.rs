//! Nearest-neighbour search (`points/query` and the legacy `points/search`): by a vector, or
//! by the stored vector of a point.

use std::collections::BTreeMap;
use std::sync::Arc;

use qdrant_edge::{
    EdgeShard, NamedQuery, QueryEnum, QueryRequest as EdgeQueryRequest, ScoringQuery,
    VectorInternal, WithPayloadInterface, WithVector,
};

use super::blocking;
use super::convert::{domain_id, domain_payload, domain_vectors, edge_filter, edge_id};
use super::error::{StoreError, StoreResult};
use super::registry::Store;
use super::types::{
    CollectionConfig, Condition, Distribution, Filter, HasIdCondition, PointId, QueryInput,
    QueryRequest, ScoredPoint, Vectors, VectorsConfig,
};
use super::validate;

impl Store {
    pub async fn query(
        self: &Arc<Self>,
        name: &str,
        request: QueryRequest,
    ) -> StoreResult<Vec<ScoredPoint>> {
        let collection = self.collection(name)?;
        let vector_name = request.using.clone().unwrap_or_default();
        let params = validate::vector_params(&collection.config, &vector_name)?;
        if let QueryInput::Vector(v) = &request.query {
            validate::vector(&vector_name, params.size, v)?;
        }
        let name = name.to_string();
        blocking(move || {
            collection.read(&name, |shard| {
                query_shard(shard, &collection.config, &vector_name, request)
            })
        })
        .await
    }
}

fn query_shard(
    shard: &EdgeShard,
    config: &CollectionConfig,
    vector_name: &str,
    request: QueryRequest,
) -> StoreResult<Vec<ScoredPoint>> {
    let (vector, filter) = match request.query {
        QueryInput::Vector(v) => (v, request.filter),
        QueryInput::Point(id) => {
            let vector = stored_vector(shard, &id, vector_name)?;
            (vector, Some(excluding(request.filter, id)))
        }
    };
    let filter = filter.as_ref().map(edge_filter).transpose()?;
    let using = (!vector_name.is_empty()).then(|| vector_name.to_string());
    let points = shard.query(EdgeQueryRequest {
        prefetches: vec![],
        query: Some(ScoringQuery::Vector(QueryEnum::Nearest(NamedQuery {
            query: VectorInternal::Dense(vector),
            using,
        }))),
        filter,
        score_threshold: request
            .score_threshold
            .map(qdrant_edge::external::ordered_float::OrderedFloat),
        limit: request.limit,
        offset: request.offset,
        params: None,
        with_vector: WithVector::Bool(request.with_vector),
        with_payload: WithPayloadInterface::Bool(request.with_payload),
    })?;
    // Like a Qdrant shard, the edge shard returns the best `offset + limit` hits and leaves
    // skipping the first `offset` to its caller.
    Ok(points
        .into_iter()
        .skip(request.offset)
        .map(|p| ScoredPoint {
            id: domain_id(&p.id),
            version: p.version,
            score: p.score,
            payload: domain_payload(p.payload),
            vectors: p.vector.map(|v| domain_vectors(v, config)),
        })
        .collect())
}

/// The stored vector `vector_name` of point `id`: what a query by point id ranks by.
fn stored_vector(shard: &EdgeShard, id: &PointId, vector_name: &str) -> StoreResult<Vec<f32>> {
    let records = shard.retrieve(
        &[edge_id(id)],
        Some(WithPayloadInterface::Bool(false)),
        Some(WithVector::Selector(vec![vector_name.to_string()])),
    )?;
    let record = records
        .into_iter()
        .next()
        .ok_or_else(|| StoreError::NotFound(format!("No point with id {id} found")))?;
    // Read as named vectors whatever the collection's shape, so "" finds the unnamed one.
    let as_named = CollectionConfig {
        vectors: VectorsConfig::Named(BTreeMap::new()),
        distribution: Distribution::default(),
    };
    record
        .vector
        .map(|v| domain_vectors(v, &as_named))
        .and_then(|v| match v {
            Vectors::Named(mut map) => map.remove(vector_name),
            Vectors::Single(v) => Some(v),
        })
        .ok_or_else(|| StoreError::BadRequest(format!("Point {id} has no vector `{vector_name}`")))
}

/// Like Qdrant, the point used as the query is not part of its own result.
fn excluding(filter: Option<Filter>, id: PointId) -> Filter {
    let mut filter = filter.unwrap_or_default();
    let exclude = Condition::HasId(HasIdCondition { has_id: vec![id] });
    filter.must_not.get_or_insert_with(Vec::new).push(exclude);
    filter
}
