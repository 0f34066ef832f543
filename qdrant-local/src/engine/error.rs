//! The store's one error type, classified so that each transport maps it once
//! (REST: `rest::ApiError`, gRPC: `tonic::Status`).

use std::fmt;

/// Every failure of the store: NotFound -> 404 / NOT_FOUND, AlreadyExists -> 409 /
/// ALREADY_EXISTS, BadRequest -> 400 / INVALID_ARGUMENT, Internal -> 500 / INTERNAL.
/// The message is Qdrant-like and complete (Display prints it with Qdrant's prefix).
#[derive(Clone, Debug, PartialEq)]
pub enum StoreError {
    NotFound(String),
    AlreadyExists(String),
    BadRequest(String),
    Internal(String),
}

pub type StoreResult<T> = Result<T, StoreError>;

impl StoreError {
    pub fn collection_not_found(name: &str) -> Self {
        StoreError::NotFound(format!("Collection `{name}` doesn't exist!"))
    }
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreError::NotFound(m) => write!(f, "Not found: {m}"),
            StoreError::AlreadyExists(m) => write!(f, "Wrong input: {m}"),
            StoreError::BadRequest(m) => write!(f, "Wrong input: {m}"),
            StoreError::Internal(m) => write!(f, "Service internal error: {m}"),
        }
    }
}

impl std::error::Error for StoreError {}

/// The engine's own errors: input it refuses is the client's fault, a missing point is
/// NotFound, anything else is ours.
impl From<qdrant_edge::OperationError> for StoreError {
    fn from(err: qdrant_edge::OperationError) -> Self {
        use qdrant_edge::OperationError as E;
        match err {
            E::WrongVectorDimension { .. }
            | E::VectorNameNotExists { .. }
            | E::TypeError { .. }
            | E::TypeInferenceError { .. }
            | E::ValidationError { .. }
            | E::WrongSparse
            | E::WrongMulti
            | E::MissingRangeIndexForOrderBy { .. }
            | E::MissingMapIndexForFacet { .. }
            | E::VariableTypeError { .. }
            | E::NonFiniteNumber { .. } => StoreError::BadRequest(err.to_string()),
            E::PointIdError { .. } => StoreError::NotFound(err.to_string()),
            _ => StoreError::Internal(err.to_string()),
        }
    }
}

/// For `map_err`: an I/O or encoding failure of ours, prefixed with what we were doing.
pub(super) fn internal<E: fmt::Display>(what: &'static str) -> impl Fn(E) -> StoreError {
    move |e| StoreError::Internal(format!("{what}: {e}"))
}
