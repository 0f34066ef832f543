//! Qdrant's API-key check, shared by the REST and gRPC layers: `api-key: K` or
//! `Authorization: Bearer K`.
use axum::http::{header, HeaderMap};

pub enum KeyCheck {
    Accepted,
    Missing,
    Invalid,
}

/// Reads the key a request carries and compares it with `expected`.
pub fn check_key(headers: &HeaderMap, expected: &str) -> KeyCheck {
    let given = headers
        .get("api-key")
        .and_then(|v| v.to_str().ok())
        .or_else(|| {
            headers
                .get(header::AUTHORIZATION)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.strip_prefix("Bearer "))
        });
    match given {
        Some(key) if constant_time_eq(key.as_bytes(), expected.as_bytes()) => KeyCheck::Accepted,
        Some(_) => KeyCheck::Invalid,
        None => KeyCheck::Missing,
    }
}

/// Compares keys without leaking, through timing, how long a matching prefix is.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::constant_time_eq;

    #[test]
    fn key_comparison() {
        assert!(constant_time_eq(b"s3cret", b"s3cret"));
        assert!(!constant_time_eq(b"s3cret", b"s3creT"));
        assert!(!constant_time_eq(b"s3cret", b"s3cre"));
    }
}
