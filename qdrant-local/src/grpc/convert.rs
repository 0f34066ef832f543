//! Translation between the gRPC (prost) messages of `qdrant-client` and the
//! engine-neutral types of `crate::engine`. Anything the engine cannot express
//! is rejected here with a specific `Status`, never silently dropped.

use std::collections::HashMap;

use qdrant_client::qdrant as pb;
use qdrant_client::qdrant::point_id::PointIdOptions;
use qdrant_client::qdrant::value::Kind;
use tonic::Status;

use crate::engine::{self, PointId};

// ---- payload values ----------------------------------------------------------------------

pub fn value_to_json(value: pb::Value) -> serde_json::Value {
    match value.kind {
        None | Some(Kind::NullValue(_)) => serde_json::Value::Null,
        Some(Kind::BoolValue(b)) => b.into(),
        Some(Kind::IntegerValue(i)) => i.into(),
        // NaN and infinities have no JSON form; Qdrant stores them as null too.
        Some(Kind::DoubleValue(d)) => serde_json::Number::from_f64(d)
            .map(serde_json::Value::Number)
            .unwrap_or(serde_json::Value::Null),
        Some(Kind::StringValue(s)) => s.into(),
        Some(Kind::ListValue(list)) => list.values.into_iter().map(value_to_json).collect(),
        Some(Kind::StructValue(s)) => serde_json::Value::Object(payload_to_json(s.fields)),
    }
}

pub fn json_to_value(value: serde_json::Value) -> pb::Value {
    let kind = match value {
        serde_json::Value::Null => Kind::NullValue(0),
        serde_json::Value::Bool(b) => Kind::BoolValue(b),
        serde_json::Value::Number(n) => match n.as_i64() {
            Some(i) => Kind::IntegerValue(i),
            None => Kind::DoubleValue(n.as_f64().unwrap_or(f64::NAN)),
        },
        serde_json::Value::String(s) => Kind::StringValue(s),
        serde_json::Value::Array(items) => Kind::ListValue(pb::ListValue {
            values: items.into_iter().map(json_to_value).collect(),
        }),
        serde_json::Value::Object(map) => Kind::StructValue(pb::Struct {
            fields: json_to_payload(map),
        }),
    };
    pb::Value { kind: Some(kind) }
}

pub fn payload_to_json(payload: HashMap<String, pb::Value>) -> engine::Payload {
    payload
        .into_iter()
        .map(|(k, v)| (k, value_to_json(v)))
        .collect()
}

pub fn json_to_payload(payload: engine::Payload) -> HashMap<String, pb::Value> {
    payload
        .into_iter()
        .map(|(k, v)| (k, json_to_value(v)))
        .collect()
}

// ---- point ids ---------------------------------------------------------------------------

pub fn point_id(id: Option<pb::PointId>) -> Result<PointId, Status> {
    match id.and_then(|id| id.point_id_options) {
        Some(PointIdOptions::Num(n)) => Ok(PointId::Num(n)),
        Some(PointIdOptions::Uuid(text)) => match uuid::Uuid::parse_str(&text) {
            Ok(uuid) => Ok(PointId::Uuid(uuid)),
            Err(e) => Err(Status::invalid_argument(format!(
                "Unable to parse UUID: {text}: {e}. Point ids must be unsigned integers or UUIDs"
            ))),
        },
        None => Err(Status::invalid_argument(
            "Point id is required (an unsigned integer or a UUID)",
        )),
    }
}

pub fn point_ids(ids: Vec<pb::PointId>) -> Result<Vec<PointId>, Status> {
    ids.into_iter().map(|id| point_id(Some(id))).collect()
}

pub fn pb_point_id(id: PointId) -> pb::PointId {
    let options = match id {
        PointId::Num(n) => PointIdOptions::Num(n),
        PointId::Uuid(u) => PointIdOptions::Uuid(u.to_string()),
    };
    pb::PointId {
        point_id_options: Some(options),
    }
}

// ---- vectors -----------------------------------------------------------------------------

/// A dense vector from a gRPC `Vector`, whichever of its two encodings the client used.
#[allow(deprecated)] // `data` / `indices` / `vectors_count`: the pre-1.16 encoding, still sent by older clients
fn dense_vector(vector: pb::Vector, name: &str) -> Result<Vec<f32>, Status> {
    use pb::vector::Vector as V;
    let unsupported = |kind: &str| {
        Status::invalid_argument(format!(
            "{kind} vectors are not supported by qdrant-local (vector `{name}`); only dense vectors are"
        ))
    };
    let data = match vector.vector {
        Some(V::Dense(dense)) => dense.data,
        Some(V::Sparse(_)) => return Err(unsupported("Sparse")),
        Some(V::MultiDense(_)) => return Err(unsupported("Multi-dense")),
        Some(V::Document(_)) | Some(V::Image(_)) | Some(V::Object(_)) => {
            return Err(unsupported("Inference (document / image / object)"))
        }
        None if vector.indices.is_some() => return Err(unsupported("Sparse")),
        None if vector.vectors_count.is_some_and(|n| n > 1) => {
            return Err(unsupported("Multi-dense"))
        }
        None => vector.data,
    };
    // Size and NaN / infinity checks need the collection's config: the store does them.
    Ok(data)
}

pub fn vectors(vectors: Option<pb::Vectors>) -> Result<engine::Vectors, Status> {
    use pb::vectors::VectorsOptions;
    match vectors.and_then(|v| v.vectors_options) {
        Some(VectorsOptions::Vector(v)) => Ok(engine::Vectors::Single(dense_vector(v, "")?)),
        Some(VectorsOptions::Vectors(named)) => named
            .vectors
            .into_iter()
            .map(|(name, v)| dense_vector(v, &name).map(|data| (name, data)))
            .collect::<Result<_, _>>()
            .map(engine::Vectors::Named),
        None => Err(Status::invalid_argument(
            "Point has no vectors; every point needs its vector(s)",
        )),
    }
}

pub fn point(point: pb::PointStruct) -> Result<engine::PointInput, Status> {
    Ok(engine::PointInput {
        id: point_id(point.id)?,
        vectors: vectors(point.vectors)?,
        payload: Some(payload_to_json(point.payload)),
    })
}

#[allow(deprecated)] // fill the pre-1.16 `data` field too, for clients that still read it
fn vector_output(data: Vec<f32>) -> pb::VectorOutput {
    pb::VectorOutput {
        data: data.clone(),
        indices: None,
        vectors_count: None,
        vector: Some(pb::vector_output::Vector::Dense(pb::DenseVector { data })),
    }
}

/// Vectors of a returned point, keeping only the names asked for (`None` = all).
pub fn vectors_output(vectors: engine::Vectors, names: Option<&[String]>) -> pb::VectorsOutput {
    use pb::vectors_output::VectorsOptions;
    let options = match vectors {
        engine::Vectors::Single(data) => VectorsOptions::Vector(vector_output(data)),
        engine::Vectors::Named(map) => VectorsOptions::Vectors(pb::NamedVectorsOutput {
            vectors: map
                .into_iter()
                .filter(|(name, _)| names.is_none_or(|names| names.contains(name)))
                .map(|(name, data)| (name, vector_output(data)))
                .collect(),
        }),
    };
    pb::VectorsOutput {
        vectors_options: Some(options),
    }
}

// ---- with_payload / with_vectors selectors -------------------------------------------------

/// Which payload keys a response carries.
#[derive(Clone, Debug)]
pub enum PayloadSelection {
    None,
    All,
    Include(Vec<String>),
    Exclude(Vec<String>),
}

impl PayloadSelection {
    pub fn from_pb(selector: Option<pb::WithPayloadSelector>, default_all: bool) -> Self {
        use pb::with_payload_selector::SelectorOptions as S;
        match selector.and_then(|s| s.selector_options) {
            Some(S::Enable(true)) => PayloadSelection::All,
            Some(S::Enable(false)) => PayloadSelection::None,
            Some(S::Include(inc)) => PayloadSelection::Include(inc.fields),
            Some(S::Exclude(exc)) => PayloadSelection::Exclude(exc.fields),
            None if default_all => PayloadSelection::All,
            None => PayloadSelection::None,
        }
    }

    /// Whether the engine must fetch payloads at all.
    pub fn wanted(&self) -> bool {
        !matches!(self, PayloadSelection::None)
    }

    /// The payload as the response carries it (top-level keys only, like Qdrant's simple selectors).
    pub fn apply(&self, payload: Option<engine::Payload>) -> HashMap<String, pb::Value> {
        let Some(payload) = payload else {
            return HashMap::new();
        };
        let keep = |key: &String| match self {
            PayloadSelection::None => false,
            PayloadSelection::All => true,
            PayloadSelection::Include(keys) => keys.contains(key),
            PayloadSelection::Exclude(keys) => !keys.contains(key),
        };
        payload
            .into_iter()
            .filter(|(k, _)| keep(k))
            .map(|(k, v)| (k, json_to_value(v)))
            .collect()
    }
}

/// Which vectors a response carries.
#[derive(Clone, Debug)]
pub enum VectorSelection {
    None,
    All,
    Names(Vec<String>),
}

impl VectorSelection {
    pub fn from_pb(selector: Option<pb::WithVectorsSelector>) -> Self {
        use pb::with_vectors_selector::SelectorOptions as S;
        match selector.and_then(|s| s.selector_options) {
            Some(S::Enable(true)) => VectorSelection::All,
            Some(S::Include(inc)) => VectorSelection::Names(inc.names),
            Some(S::Enable(false)) | None => VectorSelection::None,
        }
    }

    pub fn wanted(&self) -> bool {
        !matches!(self, VectorSelection::None)
    }

    pub fn apply(&self, vectors: Option<engine::Vectors>) -> Option<pb::VectorsOutput> {
        match self {
            VectorSelection::None => None,
            VectorSelection::All => vectors.map(|v| vectors_output(v, None)),
            VectorSelection::Names(names) => vectors.map(|v| vectors_output(v, Some(names))),
        }
    }
}

// ---- filters -----------------------------------------------------------------------------

fn unsupported_filter(what: &str) -> Status {
    Status::invalid_argument(format!(
        "Filter condition `{what}` is not supported by qdrant-local; supported: match (keyword, integer, \
         bool, text, any, except), range, has_id, is_empty, nested filters"
    ))
}

pub fn filter(filter: Option<pb::Filter>) -> Result<Option<engine::Filter>, Status> {
    filter.map(convert_filter).transpose()
}

fn convert_filter(f: pb::Filter) -> Result<engine::Filter, Status> {
    if f.min_should.is_some() {
        return Err(unsupported_filter("min_should"));
    }
    let list = |conditions: Vec<pb::Condition>| -> Result<Option<Vec<engine::Condition>>, Status> {
        if conditions.is_empty() {
            return Ok(None);
        }
        conditions
            .into_iter()
            .map(condition)
            .collect::<Result<_, _>>()
            .map(Some)
    };
    Ok(engine::Filter {
        must: list(f.must)?,
        should: list(f.should)?,
        must_not: list(f.must_not)?,
    })
}

fn condition(c: pb::Condition) -> Result<engine::Condition, Status> {
    use pb::condition::ConditionOneOf as C;
    match c.condition_one_of {
        Some(C::Field(field)) => field_condition(field),
        Some(C::HasId(has_id)) => Ok(engine::Condition::HasId(engine::HasIdCondition {
            has_id: point_ids(has_id.has_id)?,
        })),
        Some(C::IsEmpty(is_empty)) => Ok(engine::Condition::IsEmpty(engine::IsEmptyCondition {
            is_empty: engine::KeyRef { key: is_empty.key },
        })),
        Some(C::Filter(nested)) => Ok(engine::Condition::Nested(Box::new(convert_filter(nested)?))),
        Some(C::IsNull(_)) => Err(unsupported_filter("is_null")),
        Some(C::Nested(_)) => Err(unsupported_filter("nested (array of objects)")),
        Some(C::HasVector(_)) => Err(unsupported_filter("has_vector")),
        Some(C::Slice(_)) => Err(unsupported_filter("slice")),
        None => Err(Status::invalid_argument("Filter condition is empty")),
    }
}

fn field_condition(field: pb::FieldCondition) -> Result<engine::Condition, Status> {
    let others = [
        (field.geo_bounding_box.is_some(), "geo_bounding_box"),
        (field.geo_radius.is_some(), "geo_radius"),
        (field.geo_polygon.is_some(), "geo_polygon"),
        (field.values_count.is_some(), "values_count"),
        (field.datetime_range.is_some(), "datetime_range"),
        (field.is_empty.is_some(), "field is_empty"),
        (field.is_null.is_some(), "field is_null"),
    ];
    if let Some((_, name)) = others.iter().find(|(set, _)| *set) {
        return Err(unsupported_filter(name));
    }
    let matches = field.r#match.map(match_condition).transpose()?;
    let range = field.range.map(|r| engine::Range {
        gt: r.gt,
        gte: r.gte,
        lt: r.lt,
        lte: r.lte,
    });
    if matches.is_none() && range.is_none() {
        return Err(Status::invalid_argument(format!(
            "Field condition on `{}` has neither match nor range",
            field.key
        )));
    }
    Ok(engine::Condition::Field(engine::FieldCondition {
        key: field.key,
        matches,
        range,
    }))
}

fn match_condition(m: pb::Match) -> Result<engine::Match, Status> {
    use engine::MatchValue as V;
    use pb::r#match::MatchValue as M;
    let keywords = |s: pb::RepeatedStrings| s.strings.into_iter().map(V::Keyword).collect();
    let integers = |i: pb::RepeatedIntegers| i.integers.into_iter().map(V::Integer).collect();
    Ok(match m.match_value {
        Some(M::Keyword(s)) => engine::Match::Value {
            value: V::Keyword(s),
        },
        Some(M::Integer(i)) => engine::Match::Value {
            value: V::Integer(i),
        },
        Some(M::Boolean(b)) => engine::Match::Value { value: V::Bool(b) },
        Some(M::Text(text)) => engine::Match::Text { text },
        Some(M::Keywords(s)) => engine::Match::Any { any: keywords(s) },
        Some(M::Integers(i)) => engine::Match::Any { any: integers(i) },
        Some(M::ExceptKeywords(s)) => engine::Match::Except {
            except: keywords(s),
        },
        Some(M::ExceptIntegers(i)) => engine::Match::Except {
            except: integers(i),
        },
        Some(M::Phrase(_)) => return Err(unsupported_filter("match phrase")),
        Some(M::TextAny(_)) => return Err(unsupported_filter("match text_any")),
        Some(M::Prefix(_)) => return Err(unsupported_filter("match prefix")),
        Some(M::Substring(_)) => return Err(unsupported_filter("match substring")),
        None => return Err(Status::invalid_argument("Match condition is empty")),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payload_values_round_trip_through_json() {
        let json = serde_json::json!({
            "s": "text", "i": -3, "f": 1.5, "b": true, "n": null,
            "list": [1, "two", {"three": 3.25}], "obj": {"nested": [false]}
        });
        let serde_json::Value::Object(map) = json.clone() else {
            unreachable!()
        };
        let back = payload_to_json(json_to_payload(map));
        assert_eq!(serde_json::Value::Object(back), json);
    }

    #[test]
    fn bad_uuid_is_invalid_argument_naming_the_id() {
        let id = pb::PointId {
            point_id_options: Some(PointIdOptions::Uuid("nope".into())),
        };
        let err = point_id(Some(id)).unwrap_err();
        assert_eq!(err.code(), tonic::Code::InvalidArgument);
        assert!(err.message().contains("nope"));
    }

    #[test]
    fn payload_selection_filters_top_level_keys() {
        let serde_json::Value::Object(p) = serde_json::json!({"a": 1, "b": 2}) else {
            unreachable!()
        };
        let only_a = PayloadSelection::Include(vec!["a".into()]).apply(Some(p.clone()));
        assert_eq!(only_a.keys().collect::<Vec<_>>(), vec!["a"]);
        let no_a = PayloadSelection::Exclude(vec!["a".into()]).apply(Some(p.clone()));
        assert_eq!(no_a.keys().collect::<Vec<_>>(), vec!["b"]);
        assert!(PayloadSelection::None.apply(Some(p)).is_empty());
    }
}
