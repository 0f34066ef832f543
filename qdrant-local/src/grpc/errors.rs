//! How store failures and unsupported calls look on the wire.

use tonic::Status;

use crate::engine::StoreError;

/// Maps a store failure to the gRPC code Qdrant would use; the message keeps
/// Qdrant's wording ("Not found: Collection `x` doesn't exist!", "Wrong input: ...").
pub fn store_error(err: StoreError) -> Status {
    let message = err.to_string();
    match err {
        StoreError::NotFound(_) => Status::not_found(message),
        StoreError::AlreadyExists(_) => Status::already_exists(message),
        StoreError::BadRequest(_) => Status::invalid_argument(message),
        StoreError::Internal(_) => Status::internal(message),
    }
}

/// The answer for every RPC of the Qdrant API this server does not implement.
pub fn unimplemented(service: &str, method: &str) -> Status {
    Status::unimplemented(format!(
        "{service}/{method} is not implemented by qdrant-local"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use tonic::Code;

    #[test]
    fn store_errors_map_to_qdrant_codes() {
        let cases = [
            (StoreError::collection_not_found("c"), Code::NotFound),
            (
                StoreError::AlreadyExists("Collection `c` already exists!".into()),
                Code::AlreadyExists,
            ),
            (StoreError::BadRequest("bad".into()), Code::InvalidArgument),
            (StoreError::Internal("boom".into()), Code::Internal),
        ];
        for (err, code) in cases {
            let text = err.to_string();
            let status = store_error(err);
            assert_eq!(status.code(), code);
            assert_eq!(status.message(), text);
        }
    }

    #[test]
    fn unimplemented_names_the_method() {
        let status = unimplemented("Points", "Facet");
        assert_eq!(status.code(), Code::Unimplemented);
        assert!(status.message().starts_with("Points/Facet "));
    }
}
