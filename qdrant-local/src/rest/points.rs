//! Point endpoints: upsert, retrieve, delete, query, search, count, scroll.

use std::collections::BTreeMap;
use std::time::Instant;

use axum::extract::{Path, State};
use serde::Deserialize;
use serde_json::{json, Value};

use super::extract::{QJson, Wait};
use super::{ok, ApiError, ApiResult, AppState};
use crate::engine::{
    Filter, Payload, PointId, PointInput, QueryInput, QueryRequest, Record, ScoredPoint,
    ScrollRequest, UpdateResult, Vectors, DEFAULT_LIMIT,
};

// ---------------------------------------------------------------------------------------------
// Writes

/// Deserializes the field `key` of a JSON object body, naming it in the error.
fn field<T: serde::de::DeserializeOwned>(
    body: &mut Value,
    key: &str,
) -> Result<Option<T>, ApiError> {
    match body.get_mut(key).map(Value::take) {
        None | Some(Value::Null) => Ok(None),
        Some(value) => serde_json::from_value(value)
            .map(Some)
            .map_err(|e| ApiError::bad_request(format!("Format error in JSON body: {key}: {e}"))),
    }
}

#[derive(Deserialize)]
pub struct PointBody {
    id: PointId,
    vector: Value,
    #[serde(default)]
    payload: Option<Payload>,
}

#[derive(Deserialize)]
pub struct BatchBody {
    ids: Vec<PointId>,
    vectors: Value,
    #[serde(default)]
    payloads: Option<Vec<Option<Payload>>>,
}

pub async fn upsert(
    State(state): State<AppState>,
    Path(name): Path<String>,
    Wait(wait): Wait,
    QJson(mut body): QJson<Value>,
) -> ApiResult {
    let started = Instant::now();
    let points = if let Some(points) = field::<Vec<PointBody>>(&mut body, "points")? {
        points
            .into_iter()
            .map(|p| {
                Ok(PointInput {
                    id: p.id,
                    vectors: parse_vectors(p.vector)?,
                    payload: p.payload,
                })
            })
            .collect::<Result<Vec<_>, ApiError>>()?
    } else if let Some(batch) = field::<BatchBody>(&mut body, "batch")? {
        batch_points(batch)?
    } else {
        return Err(ApiError::bad_request(
            "Format error in JSON body: expected {\"points\": [{id, vector, payload}]} or {\"batch\": {ids, vectors, payloads}}",
        ));
    };
    let result = state.store.upsert(&name, points, wait).await?;
    Ok(ok(started, update_result_json(&result)))
}

/// The columnar `batch` form: ids[i] goes with vectors[i] (or vectors[name][i]) and payloads[i].
fn batch_points(batch: BatchBody) -> Result<Vec<PointInput>, ApiError> {
    let n = batch.ids.len();
    let mismatch = |what: &str, len: usize| {
        ApiError::bad_request(format!("Wrong input: batch has {n} ids but {len} {what}"))
    };
    let mut vectors: Vec<Vectors> = match batch.vectors {
        Value::Array(rows) => rows
            .into_iter()
            .map(parse_dense)
            .map(|r| r.map(Vectors::Single))
            .collect::<Result<_, _>>()?,
        Value::Object(named) => {
            let mut per_point: Vec<BTreeMap<String, Vec<f32>>> = vec![BTreeMap::new(); n];
            for (name, rows) in named {
                let Value::Array(rows) = rows else {
                    return Err(ApiError::bad_request(format!(
                        "Format error in JSON body: batch.vectors.{name} must be a list of vectors"
                    )));
                };
                if rows.len() != n {
                    return Err(mismatch(&format!("vectors named `{name}`"), rows.len()));
                }
                for (slot, row) in per_point.iter_mut().zip(rows) {
                    slot.insert(name.clone(), parse_dense(row)?);
                }
            }
            per_point.into_iter().map(Vectors::Named).collect()
        }
        _ => {
            return Err(ApiError::bad_request(
                "Format error in JSON body: batch.vectors must be a list or a map of lists",
            ))
        }
    };
    if vectors.len() != n {
        return Err(mismatch("vectors", vectors.len()));
    }
    let payloads = batch.payloads.unwrap_or_else(|| vec![None; n]);
    if payloads.len() != n {
        return Err(mismatch("payloads", payloads.len()));
    }
    Ok(batch
        .ids
        .into_iter()
        .zip(vectors.drain(..))
        .zip(payloads)
        .map(|((id, vectors), payload)| PointInput {
            id,
            vectors,
            payload,
        })
        .collect())
}

/// A point's `vector`: a list of floats (unnamed) or a map of named lists.
fn parse_vectors(value: Value) -> Result<Vectors, ApiError> {
    match value {
        Value::Array(_) => Ok(Vectors::Single(parse_dense(value)?)),
        Value::Object(map) => map
            .into_iter()
            .map(|(name, v)| Ok((name, parse_dense(v)?)))
            .collect::<Result<_, _>>()
            .map(Vectors::Named),
        other => Err(ApiError::bad_request(format!(
            "Format error in JSON body: vector must be a list of floats or a map of named vectors, got {other}"
        ))),
    }
}

fn parse_dense(value: Value) -> Result<Vec<f32>, ApiError> {
    if value.is_object() {
        return Err(ApiError::bad_request(
            "Wrong input: sparse vectors are not supported by qdrant-local",
        ));
    }
    serde_json::from_value(value)
        .map_err(|e| ApiError::bad_request(format!("Format error in JSON body: vector: {e}")))
}

pub async fn delete(
    State(state): State<AppState>,
    Path(name): Path<String>,
    Wait(wait): Wait,
    QJson(mut body): QJson<Value>,
) -> ApiResult {
    let started = Instant::now();
    let result = if let Some(ids) = field::<Vec<PointId>>(&mut body, "points")? {
        state.store.delete_points(&name, ids, wait).await?
    } else if let Some(filter) = field::<Filter>(&mut body, "filter")? {
        state
            .store
            .delete_points_by_filter(&name, filter, wait)
            .await?
    } else {
        return Err(ApiError::bad_request(
            "Format error in JSON body: expected {\"points\": [ids]} or {\"filter\": {...}}",
        ));
    };
    Ok(ok(started, update_result_json(&result)))
}

fn update_result_json(result: &UpdateResult) -> Value {
    json!({
        "operation_id": result.operation_id,
        "status": if result.completed { "completed" } else { "acknowledged" },
    })
}

// ---------------------------------------------------------------------------------------------
// Reads

#[derive(Deserialize)]
pub struct RetrieveBody {
    ids: Vec<PointId>,
    #[serde(default)]
    with_payload: Option<Value>,
    #[serde(default, alias = "with_vectors")]
    with_vector: Option<Value>,
}

pub async fn retrieve(
    State(state): State<AppState>,
    Path(name): Path<String>,
    QJson(body): QJson<RetrieveBody>,
) -> ApiResult {
    let started = Instant::now();
    let records = state
        .store
        .retrieve(
            &name,
            body.ids,
            flag(body.with_payload, true)?,
            flag(body.with_vector, false)?,
        )
        .await?;
    Ok(ok(
        started,
        records.iter().map(record_json).collect::<Vec<_>>(),
    ))
}

pub async fn get_one(
    State(state): State<AppState>,
    Path((name, id)): Path<(String, String)>,
) -> ApiResult {
    let started = Instant::now();
    let id = match id.parse::<u64>() {
        Ok(n) => PointId::Num(n),
        Err(_) => PointId::parse_str(&id)?,
    };
    let records = state.store.retrieve(&name, vec![id], true, true).await?;
    let record = records.first().ok_or_else(|| {
        ApiError::from(crate::engine::StoreError::NotFound(format!(
            "No point with id {id} found"
        )))
    })?;
    Ok(ok(started, record_json(record)))
}

#[derive(Deserialize)]
pub struct QueryBody {
    #[serde(default)]
    query: Option<QueryArg>,
    #[serde(default)]
    using: Option<String>,
    #[serde(default)]
    limit: Option<usize>,
    #[serde(default)]
    offset: Option<usize>,
    #[serde(default)]
    score_threshold: Option<f32>,
    #[serde(default)]
    with_payload: Option<Value>,
    #[serde(default, alias = "with_vectors")]
    with_vector: Option<Value>,
    #[serde(default)]
    filter: Option<Filter>,
    #[serde(default)]
    prefetch: Option<Value>,
}

/// `query` of a query body: the JSON as sent (read by `parse_query` when the request is
/// built), or the vector of a legacy search, already read.
#[derive(Deserialize)]
#[serde(from = "Value")]
enum QueryArg {
    Sent(Value),
    Vector(Vec<f32>),
}

impl From<Value> for QueryArg {
    fn from(value: Value) -> Self {
        QueryArg::Sent(value)
    }
}

/// The engine request of `points/query`, and of `points/search` once read as a query: the
/// one place either is built.
impl TryFrom<QueryBody> for QueryRequest {
    type Error = ApiError;

    fn try_from(body: QueryBody) -> Result<Self, ApiError> {
        let QueryBody {
            query,
            using,
            limit,
            offset,
            score_threshold,
            with_payload,
            with_vector,
            filter,
            prefetch,
        } = body;
        if prefetch
            .as_ref()
            .is_some_and(|p| !p.is_null() && p != &json!([]))
        {
            return Err(ApiError::bad_request(
                "Wrong input: `prefetch` is not supported by qdrant-local",
            ));
        }
        let query = match query {
            Some(QueryArg::Sent(value)) => parse_query(value)?,
            Some(QueryArg::Vector(vector)) => QueryInput::Vector(vector),
            None => {
                return Err(ApiError::bad_request(
                    "Wrong input: `query` is required by qdrant-local (a vector or a point id)",
                ))
            }
        };
        Ok(QueryRequest {
            query,
            using,
            limit: limit.unwrap_or(DEFAULT_LIMIT),
            offset: offset.unwrap_or(0),
            score_threshold,
            with_payload: flag(with_payload, false)?,
            with_vector: flag(with_vector, false)?,
            filter,
        })
    }
}

pub async fn query(
    State(state): State<AppState>,
    Path(name): Path<String>,
    QJson(body): QJson<QueryBody>,
) -> ApiResult {
    let started = Instant::now();
    let request = QueryRequest::try_from(body)?;
    let points = state.store.query(&name, request).await?;
    Ok(ok(
        started,
        json!({ "points": points.iter().map(scored_json).collect::<Vec<_>>() }),
    ))
}

/// `query` of `points/query`: a vector, a point id, or `{"nearest": <vector or id>}`.
fn parse_query(value: Value) -> Result<QueryInput, ApiError> {
    match value {
        Value::Array(_) => Ok(QueryInput::Vector(parse_dense(value)?)),
        Value::Number(_) | Value::String(_) => serde_json::from_value::<PointId>(value)
            .map(QueryInput::Point)
            .map_err(|e| ApiError::bad_request(format!("Format error in JSON body: query: {e}"))),
        Value::Object(mut map) if map.contains_key("nearest") => parse_query(map.remove("nearest").unwrap_or_default()),
        other => Err(ApiError::bad_request(format!(
            "Wrong input: qdrant-local supports only nearest-neighbour queries (a vector, a point id, or {{\"nearest\": ..}}), got {other}"
        ))),
    }
}

#[derive(Deserialize)]
pub struct SearchBody {
    vector: Value,
    limit: usize,
    #[serde(default)]
    offset: Option<usize>,
    #[serde(default)]
    score_threshold: Option<f32>,
    #[serde(default)]
    with_payload: Option<Value>,
    #[serde(default, alias = "with_vectors")]
    with_vector: Option<Value>,
    #[serde(default)]
    filter: Option<Filter>,
}

/// The legacy search is a nearest query by vector, as in Qdrant: `vector` is a list or
/// `{"name": .., "vector": [..]}`, and `limit` is required.
impl TryFrom<SearchBody> for QueryBody {
    type Error = ApiError;

    fn try_from(body: SearchBody) -> Result<Self, ApiError> {
        let SearchBody {
            vector,
            limit,
            offset,
            score_threshold,
            with_payload,
            with_vector,
            filter,
        } = body;
        let (using, vector) = match vector {
            Value::Object(mut map) => {
                let using = map
                    .remove("name")
                    .and_then(|n| n.as_str().map(str::to_string));
                (
                    using,
                    parse_dense(map.remove("vector").unwrap_or_default())?,
                )
            }
            other => (None, parse_dense(other)?),
        };
        Ok(QueryBody {
            query: Some(QueryArg::Vector(vector)),
            using,
            limit: Some(limit),
            offset,
            score_threshold,
            with_payload,
            with_vector,
            filter,
            prefetch: None,
        })
    }
}

pub async fn search(
    State(state): State<AppState>,
    Path(name): Path<String>,
    QJson(body): QJson<SearchBody>,
) -> ApiResult {
    let started = Instant::now();
    let request = QueryRequest::try_from(QueryBody::try_from(body)?)?;
    let points = state.store.query(&name, request).await?;
    Ok(ok(
        started,
        points.iter().map(scored_json).collect::<Vec<_>>(),
    ))
}

#[derive(Deserialize)]
pub struct CountBody {
    #[serde(default)]
    filter: Option<Filter>,
    #[serde(default)]
    exact: Option<bool>,
}

pub async fn count(
    State(state): State<AppState>,
    Path(name): Path<String>,
    QJson(body): QJson<CountBody>,
) -> ApiResult {
    let started = Instant::now();
    let result = state
        .store
        .count(&name, body.filter, body.exact.unwrap_or(true))
        .await?;
    Ok(ok(started, json!({ "count": result.count })))
}

#[derive(Deserialize)]
pub struct ScrollBody {
    #[serde(default)]
    offset: Option<PointId>,
    #[serde(default)]
    limit: Option<usize>,
    #[serde(default)]
    filter: Option<Filter>,
    #[serde(default)]
    with_payload: Option<Value>,
    #[serde(default, alias = "with_vectors")]
    with_vector: Option<Value>,
    #[serde(default)]
    order_by: Option<Value>,
}

pub async fn scroll(
    State(state): State<AppState>,
    Path(name): Path<String>,
    QJson(body): QJson<ScrollBody>,
) -> ApiResult {
    let started = Instant::now();
    if body.order_by.as_ref().is_some_and(|o| !o.is_null()) {
        return Err(ApiError::bad_request(
            "Wrong input: `order_by` is not supported by qdrant-local",
        ));
    }
    let request = ScrollRequest {
        offset: body.offset,
        limit: body.limit.unwrap_or(DEFAULT_LIMIT),
        filter: body.filter,
        with_payload: flag(body.with_payload, true)?,
        with_vector: flag(body.with_vector, false)?,
    };
    let page = state.store.scroll(&name, request).await?;
    Ok(ok(
        started,
        json!({
            "points": page.points.iter().map(record_json).collect::<Vec<_>>(),
            "next_page_offset": page.next_page_offset,
        }),
    ))
}

/// `with_payload` / `with_vector`: a bool, or a selector (list of names, include/exclude),
/// which the embedded server answers with everything.
fn flag(value: Option<Value>, default: bool) -> Result<bool, ApiError> {
    match value {
        None | Some(Value::Null) => Ok(default),
        Some(Value::Bool(b)) => Ok(b),
        Some(Value::Array(list)) => Ok(!list.is_empty()),
        Some(Value::Object(_)) => Ok(true),
        Some(other) => Err(ApiError::bad_request(format!(
            "Format error in JSON body: with_payload / with_vector must be a bool or a selector, got {other}"
        ))),
    }
}

fn scored_json(point: &ScoredPoint) -> Value {
    json!({
        "id": point.id,
        "version": point.version,
        "score": point.score,
        "payload": point.payload,
        "vector": point.vectors,
    })
}

fn record_json(record: &Record) -> Value {
    json!({
        "id": record.id,
        "payload": record.payload,
        "vector": record.vectors,
    })
}
