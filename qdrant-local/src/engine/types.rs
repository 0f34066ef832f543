//! Engine-neutral domain types shared by the REST and gRPC layers.
//!
//! Their serde form follows Qdrant's REST JSON where one exists (point ids, vector params,
//! filters), so the REST layer can deserialize request fragments straight into them.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Deserializer, Serialize};
use uuid::Uuid;

use super::error::StoreError;

/// A JSON object holding a point's payload.
pub type Payload = serde_json::Map<String, serde_json::Value>;

/// A point id: an unsigned integer or a UUID, as in Qdrant.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(untagged)]
pub enum PointId {
    Num(u64),
    Uuid(Uuid),
}

impl PointId {
    /// Parses the string form of an id: a UUID in any form the uuid crate accepts (Qdrant
    /// accepts the same). A number in text is not an id here; a URL path parses it first.
    pub fn parse_str(text: &str) -> Result<Self, StoreError> {
        if let Ok(uuid) = Uuid::parse_str(text) {
            return Ok(PointId::Uuid(uuid));
        }
        Err(StoreError::BadRequest(format!(
            "Unable to parse UUID: {text}: a point id must be an unsigned integer or a UUID"
        )))
    }
}

impl fmt::Display for PointId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PointId::Num(n) => write!(f, "{n}"),
            PointId::Uuid(u) => write!(f, "{u}"),
        }
    }
}

impl<'de> Deserialize<'de> for PointId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        match serde_json::Value::deserialize(deserializer)? {
            serde_json::Value::Number(n) => n.as_u64().map(PointId::Num).ok_or_else(|| {
                D::Error::custom(format!(
                    "point id {n} is not an unsigned integer; ids must be unsigned integers or UUIDs"
                ))
            }),
            serde_json::Value::String(s) => PointId::parse_str(&s).map_err(D::Error::custom),
            other => Err(D::Error::custom(format!(
                "point id {other} must be an unsigned integer or a UUID string"
            ))),
        }
    }
}

/// Similarity function of a vector space, named as in Qdrant's API.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Distance {
    Cosine,
    Euclid,
    Dot,
    Manhattan,
}

/// Size and distance of one dense vector space.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct VectorParams {
    pub size: u64,
    pub distance: Distance,
}

/// A collection's vector spaces: one unnamed vector, or a map of named ones
/// (the name may be "", which langchain-qdrant uses).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum VectorsConfig {
    Single(VectorParams),
    Named(BTreeMap<String, VectorParams>),
}

impl VectorsConfig {
    /// The params of the vector `name` ("" is the unnamed / default vector).
    pub fn get(&self, name: &str) -> Option<&VectorParams> {
        match self {
            VectorsConfig::Single(params) if name.is_empty() => Some(params),
            VectorsConfig::Single(_) => None,
            VectorsConfig::Named(map) => map.get(name),
        }
    }

    /// All (name, params) pairs; the unnamed vector is called "".
    pub fn iter(&self) -> Vec<(&str, &VectorParams)> {
        match self {
            VectorsConfig::Single(params) => vec![("", params)],
            VectorsConfig::Named(map) => map.iter().map(|(k, v)| (k.as_str(), v)).collect(),
        }
    }
}

/// What a collection is created with; persisted as JSON next to its shard.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CollectionConfig {
    pub vectors: VectorsConfig,
    /// Shard and replica counts as asked for at creation (absent in configs written before
    /// they were kept: Qdrant's single-node defaults).
    #[serde(default)]
    pub distribution: Distribution,
}

/// Qdrant's `shard_number` and `replication_factor` of a collection. A single Qdrant node keeps
/// both as given and reports them in the collection's info (`config.params`); qdrant-local does
/// the same, while its engine holds one local shard whatever they say (one node has no replicas
/// to write to).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Distribution {
    pub shard_number: u32,
    pub replication_factor: u32,
}

impl Default for Distribution {
    /// What Qdrant gives a collection on one node when neither is set.
    fn default() -> Self {
        Distribution {
            shard_number: 1,
            replication_factor: 1,
        }
    }
}

impl Distribution {
    /// The counts of a create request: each one given, or the default.
    pub fn from_request(shard_number: Option<u32>, replication_factor: Option<u32>) -> Self {
        let default = Distribution::default();
        Distribution {
            shard_number: shard_number.unwrap_or(default.shard_number),
            replication_factor: replication_factor.unwrap_or(default.replication_factor),
        }
    }
}

/// The vectors of one point, as given or returned.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Vectors {
    Single(Vec<f32>),
    Named(BTreeMap<String, Vec<f32>>),
}

/// One point to upsert.
#[derive(Clone, Debug, PartialEq)]
pub struct PointInput {
    pub id: PointId,
    pub vectors: Vectors,
    pub payload: Option<Payload>,
}

/// What to rank points by.
#[derive(Clone, Debug, PartialEq)]
pub enum QueryInput {
    /// Nearest to this vector.
    Vector(Vec<f32>),
    /// Nearest to the stored vector of this point (the point itself is excluded).
    Point(PointId),
}

/// Qdrant's page size when a query or scroll gives no limit (REST and gRPC alike).
pub const DEFAULT_LIMIT: usize = 10;

/// A nearest-neighbour query (serves both `points/query` and the legacy `points/search`).
#[derive(Clone, Debug, PartialEq)]
pub struct QueryRequest {
    pub query: QueryInput,
    /// Vector name; None or "" is the unnamed vector.
    pub using: Option<String>,
    pub limit: usize,
    pub offset: usize,
    pub score_threshold: Option<f32>,
    pub with_payload: bool,
    pub with_vector: bool,
    pub filter: Option<Filter>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ScoredPoint {
    pub id: PointId,
    pub version: u64,
    pub score: f32,
    pub payload: Option<Payload>,
    pub vectors: Option<Vectors>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Record {
    pub id: PointId,
    pub payload: Option<Payload>,
    pub vectors: Option<Vectors>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ScrollRequest {
    pub offset: Option<PointId>,
    pub limit: usize,
    pub filter: Option<Filter>,
    pub with_payload: bool,
    pub with_vector: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ScrollPage {
    pub points: Vec<Record>,
    pub next_page_offset: Option<PointId>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct CountResult {
    pub count: u64,
}

/// Writes a collection acknowledged, with `wait=true` and without (qdrant-local's own
/// `GET /local/collections/{name}/writes`, which the harness reads for contract rule 5).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct WriteCounts {
    pub waiting: u64,
    pub non_waiting: u64,
}

/// Outcome of a write: Qdrant's `UpdateResult`.
#[derive(Clone, Debug, PartialEq)]
pub struct UpdateResult {
    pub operation_id: u64,
    /// Qdrant's `completed` (`wait=true`) or `acknowledged`: either way the write is in the
    /// operation log and applied; segments are flushed in the background.
    pub completed: bool,
}

/// Qdrant's collection status. Without a background optimizer this engine is always Green;
/// the other states exist for the transports' mappings.
#[allow(dead_code)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CollectionStatus {
    Green,
    Yellow,
    Red,
}

#[derive(Clone, Debug, PartialEq)]
pub struct CollectionInfo {
    pub status: CollectionStatus,
    /// `None` = optimizers ok; `Some(message)` = optimizer error.
    pub optimizer_error: Option<String>,
    pub points_count: u64,
    pub indexed_vectors_count: u64,
    pub segments_count: u64,
    pub config: CollectionConfig,
}

// ---------------------------------------------------------------------------------------------
// Filters: a subset of Qdrant's filter language, in Qdrant's JSON form.

/// `{"must": [...], "should": [...], "must_not": [...]}`; each list is optional.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Filter {
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "one_or_many"
    )]
    pub must: Option<Vec<Condition>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "one_or_many"
    )]
    pub should: Option<Vec<Condition>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "one_or_many"
    )]
    pub must_not: Option<Vec<Condition>>,
}

/// Qdrant accepts a single condition where a list is expected.
fn one_or_many<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Vec<Condition>>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        Many(Vec<Condition>),
        One(Condition),
    }
    Ok(match Option::<OneOrMany>::deserialize(d)? {
        None => None,
        Some(OneOrMany::Many(v)) => Some(v),
        Some(OneOrMany::One(c)) => Some(vec![c]),
    })
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Condition {
    Field(FieldCondition),
    HasId(HasIdCondition),
    IsEmpty(IsEmptyCondition),
    Nested(Box<Filter>),
}

/// `{"key": "a.b", "match": {...}}` or `{"key": "a", "range": {...}}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldCondition {
    pub key: String,
    #[serde(rename = "match", default, skip_serializing_if = "Option::is_none")]
    pub matches: Option<Match>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub range: Option<Range>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Match {
    /// `{"value": "x"}`: equals (string, integer or bool).
    Value { value: MatchValue },
    /// `{"any": [...]}`: equals one of.
    Any { any: Vec<MatchValue> },
    /// `{"except": [...]}`: equals none of.
    Except { except: Vec<MatchValue> },
    /// `{"text": "..."}`: full-text match.
    Text { text: String },
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum MatchValue {
    Bool(bool),
    Integer(i64),
    Keyword(String),
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Range {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gt: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gte: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lt: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lte: Option<f64>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HasIdCondition {
    pub has_id: Vec<PointId>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IsEmptyCondition {
    pub is_empty: KeyRef,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeyRef {
    pub key: String,
}
