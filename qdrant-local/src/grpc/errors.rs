//! How store failures and unsupported calls look on the wire.

use tonic::Status;

use crate::engine::StoreError;

/// A store failure as the gRPC code Qdrant would use, so handlers use `?`; the message keeps
/// Qdrant's wording ("Not found: Collection `x` doesn't exist!", "Wrong input: ...").
impl From<StoreError> for Status {
    fn from(err: StoreError) -> Self {
        let message = err.to_string();
        match err {
            StoreError::NotFound(_) => Status::not_found(message),
            StoreError::AlreadyExists(_) => Status::already_exists(message),
            StoreError::BadRequest(_) => Status::invalid_argument(message),
            StoreError::Internal(_) => Status::internal(message),
        }
    }
}

/// The answer for every RPC of the Qdrant API this server does not implement.
pub fn unimplemented(service: &str, method: &str) -> Status {
    Status::unimplemented(format!(
        "{service}/{method} is not implemented by qdrant-local"
    ))
}

/// The RPCs of a service that answer UNIMPLEMENTED (naming the method), one line each,
/// written inside the service's `#[tonic::async_trait]` impl:
///
/// ```ignore
/// unimplemented_rpcs! { "Points":
///     update_vectors(UpdatePointVectors) -> PointsOperationResponse as "UpdateVectors";
/// }
/// ```
///
/// `async_trait` rewrites the impl before this macro expands, so the methods are written in
/// its expanded form (a boxed future and the same lifetime bounds as the trait's methods).
macro_rules! unimplemented_rpcs {
    ($service:literal: $($method:ident($request:ident) -> $response:ident as $name:literal;)+) => {
        $(
            #[allow(clippy::type_complexity)]
            fn $method<'life0, 'async_trait>(
                &'life0 self,
                _: tonic::Request<qdrant_client::qdrant::$request>,
            ) -> std::pin::Pin<
                Box<
                    dyn std::future::Future<
                            Output = Result<
                                tonic::Response<qdrant_client::qdrant::$response>,
                                tonic::Status,
                            >,
                        > + Send
                        + 'async_trait,
                >,
            >
            where
                'life0: 'async_trait,
                Self: 'async_trait,
            {
                Box::pin(std::future::ready(Err(
                    $crate::grpc::errors::unimplemented($service, $name),
                )))
            }
        )+
    };
}
pub(super) use unimplemented_rpcs;

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
            let status = Status::from(err);
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
