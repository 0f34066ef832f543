//! Point reads that are not ranked: retrieve by ids, scroll in id order, count.

use std::sync::Arc;

use qdrant_edge::{
    CountRequest, ScrollRequest as EdgeScrollRequest, WithPayloadInterface, WithVector,
};

use super::blocking;
use super::convert::{domain_id, domain_payload, domain_vectors, edge_filter, edge_id};
use super::error::{StoreError, StoreResult};
use super::registry::Store;
use super::types::{
    CollectionConfig, CountResult, Filter, PointId, Record, ScrollPage, ScrollRequest,
};

impl Store {
    pub async fn count(
        self: &Arc<Self>,
        name: &str,
        filter: Option<Filter>,
        exact: bool,
    ) -> StoreResult<CountResult> {
        let collection = self.collection(name)?;
        let filter = filter.as_ref().map(edge_filter).transpose()?;
        let name = name.to_string();
        blocking(move || {
            collection.read(&name, |shard| {
                let count = shard.count(CountRequest { filter, exact })?;
                Ok(CountResult {
                    count: count as u64,
                })
            })
        })
        .await
    }

    pub async fn scroll(
        self: &Arc<Self>,
        name: &str,
        request: ScrollRequest,
    ) -> StoreResult<ScrollPage> {
        if request.limit == 0 {
            return Err(StoreError::BadRequest(
                "limit: value 0 invalid, must be 1 or larger".into(),
            ));
        }
        let collection = self.collection(name)?;
        let filter = request.filter.as_ref().map(edge_filter).transpose()?;
        let name = name.to_string();
        blocking(move || {
            collection.read(&name, |shard| {
                let (records, next) = shard.scroll(EdgeScrollRequest {
                    offset: request.offset.as_ref().map(edge_id),
                    limit: Some(request.limit),
                    filter,
                    with_payload: Some(WithPayloadInterface::Bool(request.with_payload)),
                    with_vector: WithVector::Bool(request.with_vector),
                    order_by: None,
                })?;
                Ok(ScrollPage {
                    points: records
                        .into_iter()
                        .map(|r| domain_record(r, &collection.config))
                        .collect(),
                    next_page_offset: next.as_ref().map(domain_id),
                })
            })
        })
        .await
    }

    /// Points with these ids, in the order asked; missing ids are skipped.
    pub async fn retrieve(
        self: &Arc<Self>,
        name: &str,
        ids: Vec<PointId>,
        with_payload: bool,
        with_vector: bool,
    ) -> StoreResult<Vec<Record>> {
        let collection = self.collection(name)?;
        let name = name.to_string();
        blocking(move || {
            collection.read(&name, |shard| {
                let ids: Vec<_> = ids.iter().map(edge_id).collect();
                let records = shard.retrieve(
                    &ids,
                    Some(WithPayloadInterface::Bool(with_payload)),
                    Some(WithVector::Bool(with_vector)),
                )?;
                Ok(records
                    .into_iter()
                    .map(|r| domain_record(r, &collection.config))
                    .collect())
            })
        })
        .await
    }
}

fn domain_record(record: qdrant_edge::Record, config: &CollectionConfig) -> Record {
    Record {
        id: domain_id(&record.id),
        payload: domain_payload(record.payload),
        vectors: record.vector.map(|v| domain_vectors(v, config)),
    }
}
