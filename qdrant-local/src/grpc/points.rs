//! `qdrant.Points`: upsert, get, delete (by ids or filter), search, query, count, scroll.

use std::sync::Arc;
use std::time::Instant;

use qdrant_client::qdrant as pb;
use qdrant_client::qdrant::points_server::Points;
use tonic::{Request, Response, Status};

use super::convert::{self, PayloadSelection, VectorSelection};
use super::errors::{store_error, unimplemented};
use crate::engine::{self, Store};

/// Qdrant's default page size for query and scroll.
const DEFAULT_LIMIT: u64 = 10;

pub struct PointsService {
    store: Arc<Store>,
}

impl PointsService {
    pub fn new(store: Arc<Store>) -> Self {
        PointsService { store }
    }

    /// Runs a nearest-neighbour request and shapes the hits as gRPC `ScoredPoint`s.
    async fn nearest(
        &self,
        collection: &str,
        request: engine::QueryRequest,
        payload: PayloadSelection,
        vectors: VectorSelection,
    ) -> Result<Vec<pb::ScoredPoint>, Status> {
        let hits = self
            .store
            .query(collection, request)
            .await
            .map_err(store_error)?;
        Ok(hits
            .into_iter()
            .map(|hit| pb::ScoredPoint {
                id: Some(convert::pb_point_id(hit.id)),
                payload: payload.apply(hit.payload),
                score: hit.score,
                version: hit.version,
                vectors: vectors.apply(hit.vectors),
                ..Default::default()
            })
            .collect())
    }
}

fn not_implemented<T>(method: &str) -> Result<Response<T>, Status> {
    Err(unimplemented("Points", method))
}

fn positive_limit(limit: u64) -> Result<usize, Status> {
    if limit == 0 {
        return Err(Status::invalid_argument(
            "limit: value 0 invalid, must be 1 or larger",
        ));
    }
    usize::try_from(limit)
        .map_err(|_| Status::invalid_argument(format!("limit: value {limit} is too large")))
}

fn to_usize(value: u64, field: &str) -> Result<usize, Status> {
    usize::try_from(value)
        .map_err(|_| Status::invalid_argument(format!("{field}: value {value} is too large")))
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

fn retrieved(
    record: engine::Record,
    payload: &PayloadSelection,
    vectors: &VectorSelection,
) -> pb::RetrievedPoint {
    pb::RetrievedPoint {
        id: Some(convert::pb_point_id(record.id)),
        payload: payload.apply(record.payload),
        vectors: vectors.apply(record.vectors),
        ..Default::default()
    }
}

/// What `QueryPoints.query` asks for, reduced to what the store can rank by.
fn query_input(query: Option<pb::Query>) -> Result<engine::QueryInput, Status> {
    use pb::query::Variant;
    use pb::vector_input::Variant as Input;
    let unsupported = |what: &str| {
        Err(Status::unimplemented(format!(
            "Points/Query with {what} is not implemented by qdrant-local; use a nearest query (vector or point id)"
        )))
    };
    match query.and_then(|q| q.variant) {
        Some(Variant::Nearest(input)) => match input.variant {
            Some(Input::Dense(dense)) => Ok(engine::QueryInput::Vector(dense.data)),
            Some(Input::Id(id)) => Ok(engine::QueryInput::Point(convert::point_id(Some(id))?)),
            Some(Input::Sparse(_)) => unsupported("a sparse vector"),
            Some(Input::MultiDense(_)) => unsupported("a multi-dense vector"),
            Some(Input::Document(_) | Input::Image(_) | Input::Object(_)) => {
                unsupported("server-side inference")
            }
            None => Err(Status::invalid_argument(
                "Nearest query has no vector or point id",
            )),
        },
        Some(Variant::Recommend(_)) => unsupported("recommend"),
        Some(Variant::Discover(_)) => unsupported("discover"),
        Some(Variant::Context(_)) => unsupported("context"),
        Some(Variant::OrderBy(_)) => unsupported("order_by"),
        Some(Variant::Fusion(_)) | Some(Variant::Rrf(_)) => unsupported("fusion"),
        Some(Variant::Sample(_)) => unsupported("sample"),
        Some(Variant::Formula(_)) => unsupported("formula"),
        Some(Variant::NearestWithMmr(_)) => unsupported("mmr"),
        Some(Variant::RelevanceFeedback(_)) => unsupported("relevance feedback"),
        Some(Variant::Text(_)) => unsupported("text (BM25)"),
        None => unsupported("no query (listing by id; use Scroll)"),
    }
}

#[tonic::async_trait]
impl Points for PointsService {
    async fn upsert(
        &self,
        request: Request<pb::UpsertPoints>,
    ) -> Result<Response<pb::PointsOperationResponse>, Status> {
        let started = Instant::now();
        let request = request.into_inner();
        if request.update_filter.is_some() {
            return Err(Status::unimplemented(
                "Points/Upsert with update_filter is not implemented by qdrant-local",
            ));
        }
        if !matches!(
            request.update_mode.map(pb::UpdateMode::try_from),
            None | Some(Ok(pb::UpdateMode::Upsert))
        ) {
            return Err(Status::unimplemented("Points/Upsert with an update_mode other than upsert is not implemented by qdrant-local"));
        }
        let points = request
            .points
            .into_iter()
            .map(convert::point)
            .collect::<Result<Vec<_>, _>>()?;
        let result = self
            .store
            .upsert(
                &request.collection_name,
                points,
                request.wait.unwrap_or(false),
            )
            .await
            .map_err(store_error)?;
        Ok(update_result(result, started))
    }

    async fn delete(
        &self,
        request: Request<pb::DeletePoints>,
    ) -> Result<Response<pb::PointsOperationResponse>, Status> {
        use pb::points_selector::PointsSelectorOneOf as Selector;
        let started = Instant::now();
        let request = request.into_inner();
        let wait = request.wait.unwrap_or(false);
        let name = &request.collection_name;
        let result = match request.points.and_then(|p| p.points_selector_one_of) {
            Some(Selector::Points(list)) => {
                let ids = convert::point_ids(list.ids)?;
                self.store.delete_points(name, ids, wait).await
            }
            Some(Selector::Filter(filter)) => {
                let filter = convert::filter(Some(filter))?.unwrap_or_default();
                self.store.delete_points_by_filter(name, filter, wait).await
            }
            None => {
                return Err(Status::invalid_argument(
                    "Delete needs a points selector: ids or a filter",
                ))
            }
        };
        Ok(update_result(result.map_err(store_error)?, started))
    }

    async fn get(
        &self,
        request: Request<pb::GetPoints>,
    ) -> Result<Response<pb::GetResponse>, Status> {
        let started = Instant::now();
        let request = request.into_inner();
        let ids = convert::point_ids(request.ids)?;
        let payload = PayloadSelection::from_pb(request.with_payload, true);
        let vectors = VectorSelection::from_pb(request.with_vectors);
        let records = self
            .store
            .retrieve(
                &request.collection_name,
                ids,
                payload.wanted(),
                vectors.wanted(),
            )
            .await
            .map_err(store_error)?;
        Ok(Response::new(pb::GetResponse {
            result: records
                .into_iter()
                .map(|r| retrieved(r, &payload, &vectors))
                .collect(),
            time: started.elapsed().as_secs_f64(),
            usage: None,
        }))
    }

    async fn search(
        &self,
        request: Request<pb::SearchPoints>,
    ) -> Result<Response<pb::SearchResponse>, Status> {
        let started = Instant::now();
        let request = request.into_inner();
        if request.sparse_indices.is_some() {
            return Err(Status::invalid_argument(
                "Sparse vectors are not supported by qdrant-local",
            ));
        }
        let payload = PayloadSelection::from_pb(request.with_payload, false);
        let vectors = VectorSelection::from_pb(request.with_vectors);
        let query = engine::QueryRequest {
            query: engine::QueryInput::Vector(request.vector),
            using: request.vector_name,
            limit: positive_limit(request.limit)?,
            offset: to_usize(request.offset.unwrap_or(0), "offset")?,
            score_threshold: request.score_threshold,
            with_payload: payload.wanted(),
            with_vector: vectors.wanted(),
            filter: convert::filter(request.filter)?,
        };
        let result = self
            .nearest(&request.collection_name, query, payload, vectors)
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
        let request = request.into_inner();
        if !request.prefetch.is_empty() {
            return Err(Status::unimplemented(
                "Points/Query with prefetch is not implemented by qdrant-local",
            ));
        }
        if request.lookup_from.is_some() {
            return Err(Status::unimplemented(
                "Points/Query with lookup_from is not implemented by qdrant-local",
            ));
        }
        let payload = PayloadSelection::from_pb(request.with_payload, false);
        let vectors = VectorSelection::from_pb(request.with_vectors);
        let query = engine::QueryRequest {
            query: query_input(request.query)?,
            using: request.using,
            limit: positive_limit(request.limit.unwrap_or(DEFAULT_LIMIT))?,
            offset: to_usize(request.offset.unwrap_or(0), "offset")?,
            score_threshold: request.score_threshold,
            with_payload: payload.wanted(),
            with_vector: vectors.wanted(),
            filter: convert::filter(request.filter)?,
        };
        let result = self
            .nearest(&request.collection_name, query, payload, vectors)
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
        let request = request.into_inner();
        let filter = convert::filter(request.filter)?;
        // Qdrant counts exactly unless told otherwise.
        let count = self
            .store
            .count(
                &request.collection_name,
                filter,
                request.exact.unwrap_or(true),
            )
            .await
            .map_err(store_error)?;
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
        let request = request.into_inner();
        if request.order_by.is_some() {
            return Err(Status::unimplemented(
                "Points/Scroll with order_by is not implemented by qdrant-local",
            ));
        }
        let payload = PayloadSelection::from_pb(request.with_payload, true);
        let vectors = VectorSelection::from_pb(request.with_vectors);
        let scroll = engine::ScrollRequest {
            offset: request
                .offset
                .map(|id| convert::point_id(Some(id)))
                .transpose()?,
            limit: positive_limit(request.limit.map(u64::from).unwrap_or(DEFAULT_LIMIT))?,
            filter: convert::filter(request.filter)?,
            with_payload: payload.wanted(),
            with_vector: vectors.wanted(),
        };
        let page = self
            .store
            .scroll(&request.collection_name, scroll)
            .await
            .map_err(store_error)?;
        Ok(Response::new(pb::ScrollResponse {
            next_page_offset: page.next_page_offset.map(convert::pb_point_id),
            result: page
                .points
                .into_iter()
                .map(|r| retrieved(r, &payload, &vectors))
                .collect(),
            time: started.elapsed().as_secs_f64(),
            usage: None,
        }))
    }

    async fn update_vectors(
        &self,
        _: Request<pb::UpdatePointVectors>,
    ) -> Result<Response<pb::PointsOperationResponse>, Status> {
        not_implemented("UpdateVectors")
    }

    async fn delete_vectors(
        &self,
        _: Request<pb::DeletePointVectors>,
    ) -> Result<Response<pb::PointsOperationResponse>, Status> {
        not_implemented("DeleteVectors")
    }

    async fn set_payload(
        &self,
        _: Request<pb::SetPayloadPoints>,
    ) -> Result<Response<pb::PointsOperationResponse>, Status> {
        not_implemented("SetPayload")
    }

    async fn overwrite_payload(
        &self,
        _: Request<pb::SetPayloadPoints>,
    ) -> Result<Response<pb::PointsOperationResponse>, Status> {
        not_implemented("OverwritePayload")
    }

    async fn delete_payload(
        &self,
        _: Request<pb::DeletePayloadPoints>,
    ) -> Result<Response<pb::PointsOperationResponse>, Status> {
        not_implemented("DeletePayload")
    }

    async fn clear_payload(
        &self,
        _: Request<pb::ClearPayloadPoints>,
    ) -> Result<Response<pb::PointsOperationResponse>, Status> {
        not_implemented("ClearPayload")
    }

    async fn create_field_index(
        &self,
        _: Request<pb::CreateFieldIndexCollection>,
    ) -> Result<Response<pb::PointsOperationResponse>, Status> {
        not_implemented("CreateFieldIndex")
    }

    async fn delete_field_index(
        &self,
        _: Request<pb::DeleteFieldIndexCollection>,
    ) -> Result<Response<pb::PointsOperationResponse>, Status> {
        not_implemented("DeleteFieldIndex")
    }

    async fn create_vector_name(
        &self,
        _: Request<pb::CreateVectorNameRequest>,
    ) -> Result<Response<pb::PointsOperationResponse>, Status> {
        not_implemented("CreateVectorName")
    }

    async fn delete_vector_name(
        &self,
        _: Request<pb::DeleteVectorNameRequest>,
    ) -> Result<Response<pb::PointsOperationResponse>, Status> {
        not_implemented("DeleteVectorName")
    }

    async fn search_batch(
        &self,
        _: Request<pb::SearchBatchPoints>,
    ) -> Result<Response<pb::SearchBatchResponse>, Status> {
        not_implemented("SearchBatch")
    }

    async fn search_groups(
        &self,
        _: Request<pb::SearchPointGroups>,
    ) -> Result<Response<pb::SearchGroupsResponse>, Status> {
        not_implemented("SearchGroups")
    }

    async fn recommend(
        &self,
        _: Request<pb::RecommendPoints>,
    ) -> Result<Response<pb::RecommendResponse>, Status> {
        not_implemented("Recommend")
    }

    async fn recommend_batch(
        &self,
        _: Request<pb::RecommendBatchPoints>,
    ) -> Result<Response<pb::RecommendBatchResponse>, Status> {
        not_implemented("RecommendBatch")
    }

    async fn recommend_groups(
        &self,
        _: Request<pb::RecommendPointGroups>,
    ) -> Result<Response<pb::RecommendGroupsResponse>, Status> {
        not_implemented("RecommendGroups")
    }

    async fn discover(
        &self,
        _: Request<pb::DiscoverPoints>,
    ) -> Result<Response<pb::DiscoverResponse>, Status> {
        not_implemented("Discover")
    }

    async fn discover_batch(
        &self,
        _: Request<pb::DiscoverBatchPoints>,
    ) -> Result<Response<pb::DiscoverBatchResponse>, Status> {
        not_implemented("DiscoverBatch")
    }

    async fn update_batch(
        &self,
        _: Request<pb::UpdateBatchPoints>,
    ) -> Result<Response<pb::UpdateBatchResponse>, Status> {
        not_implemented("UpdateBatch")
    }

    async fn query_batch(
        &self,
        _: Request<pb::QueryBatchPoints>,
    ) -> Result<Response<pb::QueryBatchResponse>, Status> {
        not_implemented("QueryBatch")
    }

    async fn query_groups(
        &self,
        _: Request<pb::QueryPointGroups>,
    ) -> Result<Response<pb::QueryGroupsResponse>, Status> {
        not_implemented("QueryGroups")
    }

    async fn facet(
        &self,
        _: Request<pb::FacetCounts>,
    ) -> Result<Response<pb::FacetResponse>, Status> {
        not_implemented("Facet")
    }

    async fn search_matrix_pairs(
        &self,
        _: Request<pb::SearchMatrixPoints>,
    ) -> Result<Response<pb::SearchMatrixPairsResponse>, Status> {
        not_implemented("SearchMatrixPairs")
    }

    async fn search_matrix_offsets(
        &self,
        _: Request<pb::SearchMatrixPoints>,
    ) -> Result<Response<pb::SearchMatrixOffsetsResponse>, Status> {
        not_implemented("SearchMatrixOffsets")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pb::vector_input::Variant as Input;

    fn nearest(input: Input) -> Option<pb::Query> {
        Some(pb::Query {
            variant: Some(pb::query::Variant::Nearest(pb::VectorInput {
                variant: Some(input),
            })),
        })
    }

    #[test]
    fn nearest_by_vector_and_by_id_are_understood() {
        let by_vector = query_input(nearest(Input::Dense(pb::DenseVector {
            data: vec![1.0, 2.0],
        })))
        .unwrap();
        assert_eq!(by_vector, engine::QueryInput::Vector(vec![1.0, 2.0]));
        let by_id = query_input(nearest(Input::Id(convert::pb_point_id(
            engine::PointId::Num(7),
        ))))
        .unwrap();
        assert_eq!(by_id, engine::QueryInput::Point(engine::PointId::Num(7)));
    }

    #[test]
    fn other_queries_are_unimplemented_and_named() {
        let fusion = Some(pb::Query {
            variant: Some(pb::query::Variant::Fusion(0)),
        });
        let status = query_input(fusion).unwrap_err();
        assert_eq!(status.code(), tonic::Code::Unimplemented);
        assert!(status.message().contains("fusion"));
        assert_eq!(
            query_input(None).unwrap_err().code(),
            tonic::Code::Unimplemented
        );
    }

    #[test]
    fn zero_limit_is_rejected() {
        assert_eq!(
            positive_limit(0).unwrap_err().code(),
            tonic::Code::InvalidArgument
        );
        assert_eq!(positive_limit(3).unwrap(), 3);
    }
}
