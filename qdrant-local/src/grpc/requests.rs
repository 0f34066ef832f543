//! gRPC point requests taken apart, as Qdrant's `update_common.rs` does: each message is
//! destructured and converted (`TryFrom`) into the collection it names, the engine request the
//! REST layer builds too, and the shape of the answer; the handler then calls the same store
//! function REST calls. The destructuring is exhaustive, so a field added to the client is a
//! compile error here rather than silently ignored; the fields bound to `_` are ignored.

use qdrant_client::qdrant as pb;
use tonic::Status;

use super::convert::{self, PayloadSelection, VectorSelection};
use crate::engine::{self, PointId, DEFAULT_LIMIT};

/// What the points of an answer carry: which payload keys and which vectors.
pub struct Shape {
    payload: PayloadSelection,
    vectors: VectorSelection,
}

impl Shape {
    /// `payload_by_default`: Qdrant returns payloads unasked from get and scroll, not from
    /// search and query.
    fn new(
        with_payload: Option<pb::WithPayloadSelector>,
        payload_by_default: bool,
        with_vectors: Option<pb::WithVectorsSelector>,
    ) -> Self {
        Shape {
            payload: PayloadSelection::from_pb(with_payload, payload_by_default),
            vectors: VectorSelection::from_pb(with_vectors),
        }
    }

    /// Whether the engine must fetch payloads at all.
    pub fn with_payload(&self) -> bool {
        self.payload.wanted()
    }

    /// Whether the engine must fetch vectors at all.
    pub fn with_vector(&self) -> bool {
        self.vectors.wanted()
    }

    pub fn scored(&self, hit: engine::ScoredPoint) -> pb::ScoredPoint {
        pb::ScoredPoint {
            id: Some(convert::pb_point_id(hit.id)),
            payload: self.payload.apply(hit.payload),
            score: hit.score,
            version: hit.version,
            vectors: self.vectors.apply(hit.vectors),
            ..Default::default()
        }
    }

    pub fn retrieved(&self, record: engine::Record) -> pb::RetrievedPoint {
        pb::RetrievedPoint {
            id: Some(convert::pb_point_id(record.id)),
            payload: self.payload.apply(record.payload),
            vectors: self.vectors.apply(record.vectors),
            ..Default::default()
        }
    }
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

/// A limit the client may leave out: then Qdrant's default page size.
fn limit_or_default(limit: Option<u64>) -> Result<usize, Status> {
    limit.map_or(Ok(DEFAULT_LIMIT), positive_limit)
}

fn to_usize(value: u64, field: &str) -> Result<usize, Status> {
    usize::try_from(value)
        .map_err(|_| Status::invalid_argument(format!("{field}: value {value} is too large")))
}

fn not_implemented_with(method: &str, what: &str) -> Status {
    Status::unimplemented(format!(
        "Points/{method} with {what} is not implemented by qdrant-local"
    ))
}

// ---- writes ------------------------------------------------------------------------------

/// `Points/Upsert`: the points of `store.upsert`.
pub struct Upsert {
    pub collection: String,
    pub points: Vec<engine::PointInput>,
    pub wait: bool,
}

impl TryFrom<pb::UpsertPoints> for Upsert {
    type Error = Status;

    fn try_from(request: pb::UpsertPoints) -> Result<Self, Status> {
        let pb::UpsertPoints {
            collection_name,
            wait,
            points,
            ordering: _,
            shard_key_selector: _,
            update_filter,
            timeout: _,
            update_mode,
        } = request;
        if update_filter.is_some() {
            return Err(not_implemented_with("Upsert", "update_filter"));
        }
        if !matches!(
            update_mode.map(pb::UpdateMode::try_from),
            None | Some(Ok(pb::UpdateMode::Upsert))
        ) {
            return Err(not_implemented_with(
                "Upsert",
                "an update_mode other than upsert",
            ));
        }
        Ok(Upsert {
            collection: collection_name,
            points: points
                .into_iter()
                .map(convert::point)
                .collect::<Result<_, _>>()?,
            wait: wait.unwrap_or(false),
        })
    }
}

/// Which points `Points/Delete` removes.
pub enum DeleteSelector {
    Ids(Vec<PointId>),
    Filter(engine::Filter),
}

/// `Points/Delete`: by ids (`store.delete_points`) or by filter (`store.delete_points_by_filter`).
pub struct Delete {
    pub collection: String,
    pub selector: DeleteSelector,
    pub wait: bool,
}

impl TryFrom<pb::DeletePoints> for Delete {
    type Error = Status;

    fn try_from(request: pb::DeletePoints) -> Result<Self, Status> {
        use pb::points_selector::PointsSelectorOneOf as Selector;
        let pb::DeletePoints {
            collection_name,
            wait,
            points,
            ordering: _,
            shard_key_selector: _,
            timeout: _,
        } = request;
        let selector = match points.and_then(|p| p.points_selector_one_of) {
            Some(Selector::Points(list)) => DeleteSelector::Ids(convert::point_ids(list.ids)?),
            Some(Selector::Filter(filter)) => {
                DeleteSelector::Filter(convert::filter(Some(filter))?.unwrap_or_default())
            }
            None => {
                return Err(Status::invalid_argument(
                    "Delete needs a points selector: ids or a filter",
                ))
            }
        };
        Ok(Delete {
            collection: collection_name,
            selector,
            wait: wait.unwrap_or(false),
        })
    }
}

// ---- reads -------------------------------------------------------------------------------

/// `Points/Get`: the ids of `store.retrieve`.
pub struct Retrieve {
    pub collection: String,
    pub ids: Vec<PointId>,
    pub shape: Shape,
}

impl TryFrom<pb::GetPoints> for Retrieve {
    type Error = Status;

    fn try_from(request: pb::GetPoints) -> Result<Self, Status> {
        let pb::GetPoints {
            collection_name,
            ids,
            with_payload,
            with_vectors,
            read_consistency: _,
            shard_key_selector: _,
            timeout: _,
        } = request;
        Ok(Retrieve {
            collection: collection_name,
            ids: convert::point_ids(ids)?,
            shape: Shape::new(with_payload, true, with_vectors),
        })
    }
}

/// `Points/Count`: the arguments of `store.count`.
pub struct Count {
    pub collection: String,
    pub filter: Option<engine::Filter>,
    pub exact: bool,
}

impl TryFrom<pb::CountPoints> for Count {
    type Error = Status;

    fn try_from(request: pb::CountPoints) -> Result<Self, Status> {
        let pb::CountPoints {
            collection_name,
            filter,
            exact,
            read_consistency: _,
            shard_key_selector: _,
            timeout: _,
        } = request;
        Ok(Count {
            collection: collection_name,
            filter: convert::filter(filter)?,
            // Qdrant counts exactly unless told otherwise.
            exact: exact.unwrap_or(true),
        })
    }
}

/// `Points/Scroll`: the engine's `ScrollRequest`.
pub struct Scroll {
    pub collection: String,
    pub request: engine::ScrollRequest,
    pub shape: Shape,
}

impl TryFrom<pb::ScrollPoints> for Scroll {
    type Error = Status;

    fn try_from(request: pb::ScrollPoints) -> Result<Self, Status> {
        let pb::ScrollPoints {
            collection_name,
            filter,
            offset,
            limit,
            with_payload,
            with_vectors,
            read_consistency: _,
            shard_key_selector: _,
            order_by,
            timeout: _,
        } = request;
        if order_by.is_some() {
            return Err(not_implemented_with("Scroll", "order_by"));
        }
        let shape = Shape::new(with_payload, true, with_vectors);
        let request = engine::ScrollRequest {
            offset: offset.map(|id| convert::point_id(Some(id))).transpose()?,
            limit: limit_or_default(limit.map(u64::from))?,
            filter: convert::filter(filter)?,
            with_payload: shape.with_payload(),
            with_vector: shape.with_vector(),
        };
        Ok(Scroll {
            collection: collection_name,
            request,
            shape,
        })
    }
}

// ---- nearest-neighbour queries -----------------------------------------------------------

/// `Points/Query`, and the legacy `Points/Search` read as a query first (`search_as_query`):
/// the engine's `QueryRequest`, built here only.
pub struct Nearest {
    pub collection: String,
    pub request: engine::QueryRequest,
    pub shape: Shape,
}

impl TryFrom<pb::QueryPoints> for Nearest {
    type Error = Status;

    fn try_from(request: pb::QueryPoints) -> Result<Self, Status> {
        let pb::QueryPoints {
            collection_name,
            prefetch,
            query,
            using,
            filter,
            params: _,
            score_threshold,
            limit,
            offset,
            with_vectors,
            with_payload,
            read_consistency: _,
            shard_key_selector: _,
            lookup_from,
            timeout: _,
        } = request;
        if !prefetch.is_empty() {
            return Err(not_implemented_with("Query", "prefetch"));
        }
        if lookup_from.is_some() {
            return Err(not_implemented_with("Query", "lookup_from"));
        }
        let shape = Shape::new(with_payload, false, with_vectors);
        let request = engine::QueryRequest {
            query: query_input(query)?,
            using,
            limit: limit_or_default(limit)?,
            offset: to_usize(offset.unwrap_or(0), "offset")?,
            score_threshold,
            with_payload: shape.with_payload(),
            with_vector: shape.with_vector(),
            filter: convert::filter(filter)?,
        };
        Ok(Nearest {
            collection: collection_name,
            request,
            shape,
        })
    }
}

impl TryFrom<pb::SearchPoints> for Nearest {
    type Error = Status;

    fn try_from(request: pb::SearchPoints) -> Result<Self, Status> {
        Nearest::try_from(search_as_query(request)?)
    }
}

/// The legacy search is a nearest query by vector, as in Qdrant; its `limit` is required
/// (0, the proto default, is refused as in a query).
fn search_as_query(request: pb::SearchPoints) -> Result<pb::QueryPoints, Status> {
    let pb::SearchPoints {
        collection_name,
        vector,
        filter,
        limit,
        with_payload,
        params,
        score_threshold,
        offset,
        vector_name,
        with_vectors,
        read_consistency,
        timeout,
        shard_key_selector,
        sparse_indices,
    } = request;
    if sparse_indices.is_some() {
        return Err(Status::invalid_argument(
            "Sparse vectors are not supported by qdrant-local",
        ));
    }
    let nearest = pb::VectorInput {
        variant: Some(pb::vector_input::Variant::Dense(pb::DenseVector {
            data: vector,
        })),
    };
    Ok(pb::QueryPoints {
        collection_name,
        prefetch: vec![],
        query: Some(pb::Query {
            variant: Some(pb::query::Variant::Nearest(nearest)),
        }),
        using: vector_name,
        filter,
        params,
        score_threshold,
        limit: Some(limit),
        offset,
        with_vectors,
        with_payload,
        read_consistency,
        shard_key_selector,
        lookup_from: None,
        timeout,
    })
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
        let by_id = query_input(nearest(Input::Id(convert::pb_point_id(PointId::Num(7))))).unwrap();
        assert_eq!(by_id, engine::QueryInput::Point(PointId::Num(7)));
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

    #[test]
    fn a_search_and_the_same_query_build_one_engine_request() {
        let search = pb::SearchPoints {
            collection_name: "c".into(),
            vector: vec![0.5, 0.25],
            limit: 3,
            offset: Some(1),
            score_threshold: Some(0.1),
            vector_name: Some("v".into()),
            ..Default::default()
        };
        let query = pb::QueryPoints {
            collection_name: "c".into(),
            query: nearest(Input::Dense(pb::DenseVector {
                data: vec![0.5, 0.25],
            })),
            limit: Some(3),
            offset: Some(1),
            score_threshold: Some(0.1),
            using: Some("v".into()),
            ..Default::default()
        };
        let from_search = Nearest::try_from(search).unwrap();
        let from_query = Nearest::try_from(query).unwrap();
        assert_eq!(from_search.collection, "c");
        assert_eq!(from_search.request, from_query.request);
        assert!(!from_search.shape.with_payload() && !from_search.shape.with_vector());
    }

    #[test]
    fn limits_default_to_qdrants_page_size_and_a_search_needs_one() {
        let query = Nearest::try_from(pb::QueryPoints {
            query: nearest(Input::Dense(pb::DenseVector { data: vec![1.0] })),
            ..Default::default()
        })
        .unwrap();
        assert_eq!(query.request.limit, DEFAULT_LIMIT);
        let scroll = Scroll::try_from(pb::ScrollPoints::default()).unwrap();
        assert_eq!(scroll.request.limit, DEFAULT_LIMIT);
        let Err(search) = Nearest::try_from(pb::SearchPoints::default()) else {
            panic!("a search without a limit was accepted");
        };
        assert_eq!(search.code(), tonic::Code::InvalidArgument);
    }
}
