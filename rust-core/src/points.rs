//! Point identity and payload (pipelines/README.md rule 4).

use uuid::Uuid;

/// The RFC 4122 URL namespace, which the contract uses for point ids.
pub const POINT_NAMESPACE: Uuid = Uuid::NAMESPACE_URL;

/// UUIDv5 of `"<source>#<chunk_index>"`.
pub fn point_id(source: &str, chunk_index: usize) -> Uuid {
    Uuid::new_v5(
        &POINT_NAMESPACE,
        format!("{source}#{chunk_index}").as_bytes(),
    )
}

/// One chunk of one document: what gets embedded and stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chunk {
    pub source: String,
    pub chunk_index: usize,
    pub text: String,
}

impl Chunk {
    pub fn id(&self) -> Uuid {
        point_id(&self.source, self.chunk_index)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn namespace_is_the_url_namespace() {
        assert_eq!(
            super::POINT_NAMESPACE.to_string(),
            "6ba7b811-9dad-11d1-80b4-00c04fd430c8"
        );
    }
}
