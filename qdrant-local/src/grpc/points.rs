//! `qdrant.Points`: upsert, get, delete (by ids or filter), search, query, count, scroll.
//! Each handler converts its message (`requests`), calls the store function the REST layer
//! also calls, and shapes the answer.

use std::sync::Arc;
use std::time::Instant;

use qdrant_client::qdrant as pb;
use qdrant_client::qdrant::points_server::Points;
use tonic::{Request, Response, Status};

use super::errors::unimplemented_rpcs;
use super::requests::{Count, Delete, DeleteSelector, Nearest, Retrieve, Scroll, Upsert};
use crate::engine::{self, Store};

pub struct PointsService {
    store: Arc<Store>,
}

impl PointsService {
    pub fn new(store: Arc<Store>) -> Self {
        PointsService { store }
    }

    /// Runs a nearest-neighbour request (search or query) and shapes the hits as gRPC points.
    async fn nearest(&self, nearest: Nearest) -> Result<Vec<pb::ScoredPoint>, Status> {
        let Nearest {
            collection,
            request,
            shape,
        } = nearest;
        let hits = self.store.query(&collection, request).await?;
        Ok(hits.into_iter().map(|hit| shape.scored(hit)).collect())
    }
}

fn update_result(
    result: engine::UpdateResult,
    started: Instant,
) -> Response<pb::PointsOperationResponse> {
    let status = if result.completed {
        pb::UpdateStatus::Completed
    } else {
        pb::UpdateStatus::Acknowledged
    };
    Response::new(pb::PointsOperationResponse {
        result: Some(pb::UpdateResult {
            operation_id: Some(result.operation_id),
            status: status as i32,
        }),
        time: started.elapsed().as_secs_f64(),
        usage: None,
    })
}

#[tonic::async_trait]
impl Points for PointsService {
    async fn upsert(
        &self,
        request: Request<pb::UpsertPoints>,
    ) -> Result<Response<pb::PointsOperationResponse>, Status> {
        let started = Instant::now();
        let Upsert {
            collection,
            points,
            wait,
        } = Upsert::try_from(request.into_inner())?;
        let result = self.store.upsert(&collection, points, wait).await?;
        Ok(update_result(result, started))
    }

    async fn delete(
        &self,
        request: Request<pb::DeletePoints>,
    ) -> Result<Response<pb::PointsOperationResponse>, Status> {
        let started = Instant::now();
        let Delete {
            collection,
            selector,
            wait,
        } = Delete::try_from(request.into_inner())?;
        let result = match selector {
            DeleteSelector::Ids(ids) => self.store.delete_points(&collection, ids, wait).await?,
            DeleteSelector::Filter(filter) => {
                self.store
                    .delete_points_by_filter(&collection, filter, wait)
                    .await?
            }
        };
        Ok(update_result(result, started))
    }

    async fn get(
        &self,
        request: Request<pb::GetPoints>,
    ) -> Result<Response<pb::GetResponse>, Status> {
        let started = Instant::now();
        let Retrieve {
            collection,
            ids,
            shape,
        } = Retrieve::try_from(request.into_inner())?;
        let records = self
            .store
            .retrieve(&collection, ids, shape.with_payload(), shape.with_vector())
            .await?;
        Ok(Response::new(pb::GetResponse {
            result: records.into_iter().map(|r| shape.retrieved(r)).collect(),
            time: started.elapsed().as_secs_f64(),
            usage: None,
        }))
    }

    async fn search(
        &self,
        request: Request<pb::SearchPoints>,
    ) -> Result<Response<pb::SearchResponse>, Status> {
        let started = Instant::now();
        let result = self
            .nearest(Nearest::try_from(request.into_inner())?)
            .await?;
        Ok(Response::new(pb::SearchResponse {
            result,
            time: started.elapsed().as_secs_f64(),
            usage: None,
        }))
    }

    async fn query(
        &self,
        request: Request<pb::QueryPoints>,
    ) -> Result<Response<pb::QueryResponse>, Status> {
        let started = Instant::now();
        let result = self
            .nearest(Nearest::try_from(request.into_inner())?)
            .await?;
        Ok(Response::new(pb::QueryResponse {
            result,
            time: started.elapsed().as_secs_f64(),
            usage: None,
        }))
    }

    async fn count(
        &self,
        request: Request<pb::CountPoints>,
    ) -> Result<Response<pb::CountResponse>, Status> {
        let started = Instant::now();
        let Count {
            collection,
            filter,
            exact,
        } = Count::try_from(request.into_inner())?;
        let count = self.store.count(&collection, filter, exact).await?;
        Ok(Response::new(pb::CountResponse {
            result: Some(pb::CountResult { count: count.count }),
            time: started.elapsed().as_secs_f64(),
            usage: None,
        }))
    }

    async fn scroll(
        &self,
        request: Request<pb::ScrollPoints>,
    ) -> Result<Response<pb::ScrollResponse>, Status> {
        let started = Instant::now();
        let Scroll {
            collection,
            request,
            shape,
        } = Scroll::try_from(request.into_inner())?;
        let page = self.store.scroll(&collection, request).await?;
        Ok(Response::new(pb::ScrollResponse {
            next_page_offset: page.next_page_offset.map(super::convert::pb_point_id),
            result: page
                .points
                .into_iter()
                .map(|r| shape.retrieved(r))
                .collect(),
            time: started.elapsed().as_secs_f64(),
            usage: None,
        }))
    }

    unimplemented_rpcs! { "Points":
        update_vectors(UpdatePointVectors) -> PointsOperationResponse as "UpdateVectors";
        delete_vectors(DeletePointVectors) -> PointsOperationResponse as "DeleteVectors";
        set_payload(SetPayloadPoints) -> PointsOperationResponse as "SetPayload";
        overwrite_payload(SetPayloadPoints) -> PointsOperationResponse as "OverwritePayload";
        delete_payload(DeletePayloadPoints) -> PointsOperationResponse as "DeletePayload";
        clear_payload(ClearPayloadPoints) -> PointsOperationResponse as "ClearPayload";
        create_field_index(CreateFieldIndexCollection) -> PointsOperationResponse as "CreateFieldIndex";
        delete_field_index(DeleteFieldIndexCollection) -> PointsOperationResponse as "DeleteFieldIndex";
        create_vector_name(CreateVectorNameRequest) -> PointsOperationResponse as "CreateVectorName";
        delete_vector_name(DeleteVectorNameRequest) -> PointsOperationResponse as "DeleteVectorName";
        search_batch(SearchBatchPoints) -> SearchBatchResponse as "SearchBatch";
        search_groups(SearchPointGroups) -> SearchGroupsResponse as "SearchGroups";
        recommend(RecommendPoints) -> RecommendResponse as "Recommend";
        recommend_batch(RecommendBatchPoints) -> RecommendBatchResponse as "RecommendBatch";
        recommend_groups(RecommendPointGroups) -> RecommendGroupsResponse as "RecommendGroups";
        discover(DiscoverPoints) -> DiscoverResponse as "Discover";
        discover_batch(DiscoverBatchPoints) -> DiscoverBatchResponse as "DiscoverBatch";
        update_batch(UpdateBatchPoints) -> UpdateBatchResponse as "UpdateBatch";
        query_batch(QueryBatchPoints) -> QueryBatchResponse as "QueryBatch";
        query_groups(QueryPointGroups) -> QueryGroupsResponse as "QueryGroups";
        facet(FacetCounts) -> FacetResponse as "Facet";
        search_matrix_pairs(SearchMatrixPoints) -> SearchMatrixPairsResponse as "SearchMatrixPairs";
        search_matrix_offsets(SearchMatrixPoints) -> SearchMatrixOffsetsResponse as "SearchMatrixOffsets";
    }
}
